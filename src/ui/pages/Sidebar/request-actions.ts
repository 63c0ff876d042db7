/** The forms for acting on one request: each action the server offers, and resending a notification. */
import { field, h } from '../../shared/dom';
import { change } from './status';
import type * as T from './types';

/** The form for one action; `reopen` shows the request again after it is done. */
export function actionForm(r: T.RequestView, a: T.AvailableAction, reopen: () => void): HTMLElement {
  const out = h('div');
  const go = h('button', { type: 'submit' }, a.label);
  const form = h('form', { class: 'card', 'aria-label': a.label });
  const controls: Array<() => Record<string, unknown>> = [];
  if (a.type === 'approve' || a.type === 'reject' || a.type === 'request_changes' || a.type === 'transition' || a.type === 'resubmit') {
    const c = h('textarea', { required: a.commentRequired });
    form.appendChild(field(a.commentRequired ? 'Comment (required)' : 'Comment', c));
    controls.push(() => (c.value.trim() ? { comment: c.value.trim() } : {}));
  }
  if (a.type === 'reassign') {
    const to = h('input', { required: true, placeholder: 'email or queue:name', name: 'to' });
    form.appendChild(field('Assign to', to));
    controls.push(() => ({ to: to.value.trim() }));
    if (r.step?.pending.length) {
      const from = h(
        'select',
        { name: 'from' },
        h('option', { value: '' }, '(add as another approver)'),
        ...r.step.pending.map((p) => h('option', { value: p }, p)),
      );
      form.appendChild(field('Replace approver', from));
      controls.push(() => (from.value ? { from: from.value } : {}));
    }
  }
  if (a.type === 'override_state') {
    const to = h(
      'select',
      { name: 'to' },
      ...r.states.filter((s) => s.id !== r.state).map((s) => h('option', { value: s.id }, `${s.label} (${s.id})`)),
    );
    form.appendChild(field('Move to state', to));
    controls.push(() => ({ to: to.value }));
  }
  if (a.type === 'edit_fields') {
    const inputs = r.fields.map((f) => {
      const i =
        f.type === 'choice'
          ? h('select', { name: f.id }, h('option', { value: '' }, '—'), ...f.options.map((o) => h('option', { value: o }, o)))
          : h('input', {
              name: f.id,
              type: f.type === 'number' || f.type === 'currency' ? 'text' : 'text',
              inputmode: f.type === 'number' || f.type === 'currency' ? 'decimal' : null,
            });
      i.value = f.value === null ? '' : Array.isArray(f.value) ? f.value.join(', ') : String(f.value);
      form.appendChild(field(f.label + (f.required ? ' *' : ''), i));
      return { f, i };
    });
    controls.push(() => {
      const fields: Record<string, unknown> = {};
      for (const { f, i } of inputs) {
        const before = f.value === null ? '' : Array.isArray(f.value) ? f.value.join(', ') : String(f.value);
        if (i.value === before) continue;
        fields[f.id] =
          f.type === 'multi_choice'
            ? i.value
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean)
            : f.type === 'checkbox'
              ? /^(yes|true|1)$/i.test(i.value)
              : i.value;
      }
      return { fields };
    });
  }
  if (a.reasonRequired) {
    const reason = h('input', { required: true, name: 'reason' });
    form.appendChild(field('Reason (required)', reason));
    controls.push(() => ({ reason: reason.value }));
  }
  form.append(go, out);
  form.onsubmit = (e) => {
    e.preventDefault();
    const fields: Record<string, unknown> = { type: a.type, ...(a.name ? { name: a.name } : {}) };
    for (const c of controls) Object.assign(fields, c());
    // The controls shown are the ones this action takes; the server parses the action and names what is missing.
    const action = fields as T.ActArgs['action'];
    void change(
      out,
      go,
      'handoffPanelAct',
      { requestId: r.id, expectedRevision: r.revision, action },
      (x) => `Done: ${x.id} is now ${x.state}${x.assignee ? `, assigned to ${x.assignee}` : ''} (revision ${x.revision}).`,
      () => setTimeout(reopen, 600),
    );
  };
  return form;
}

export function resendForm(r: T.RequestView): HTMLElement {
  const reason = h('input', { required: true });
  const out = h('div');
  const go = h('button', { type: 'submit' }, 'Resend notification');
  const form = h('form', { class: 'card', 'aria-label': 'Resend notification' }, field('Reason (required)', reason), go, out);
  form.onsubmit = (e) => {
    e.preventDefault();
    void change(out, go, 'handoffPanelResend', { requestId: r.id, reason: reason.value }, (x) => `Queued for ${x.to.join(', ')}.`);
  };
  return form;
}
