/**
 * Acting on one request: ONE chooser ("What do you want to do?") and, below it, the form of the chosen action with
 * exactly what that action needs: a comment, the fields the move requires, the person to assign, the state, a
 * reason for operators' overrides. Cancelling looks destructive and asks for confirmation first.
 */
import { clear, field, h } from '../../shared/dom';
import { fieldInputs } from './field-inputs';
import { change } from './status';
import type * as T from './types';

/** An action the chooser offers: the engine's, or resending (an operator's action too, not the engine's). */
type Choice = Omit<T.AvailableAction, 'type'> & { type: T.AvailableAction['type'] | 'resend' };

/** Resending a notification is an operator's action too; it is not the engine's, so the page adds it. */
const RESEND: Choice = {
  type: 'resend',
  label: 'Resend the notification',
  commentRequired: false,
  reasonRequired: true,
  fields: [],
};

/** What people do first comes first; the operator's repairs next; cancelling last. */
const ORDER = [
  'approve',
  'transition',
  'resubmit',
  'reject',
  'request_changes',
  'reassign',
  'edit_fields',
  'override_state',
  'resend',
  'cancel',
];

const REASON_HINT = 'Kept in the audit log with your name.';

export function actionChooser(r: T.RequestView, reopen: () => void): HTMLElement {
  const actions: Choice[] = [...r.actions, ...(r.operator ? [RESEND] : [])].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
  const holder = h('div');
  const box = h('section', { class: 'act', 'aria-label': 'Act on this request' });
  const draw = (i: number) => {
    clear(holder);
    const a = actions[i];
    if (a) holder.appendChild(actionForm(r, a, reopen));
  };
  if (actions.length > 1) {
    const pick = h(
      'select',
      { id: 'action-pick' },
      ...actions.map((a, i) => h('option', { value: i }, a.type === 'cancel' ? `${a.label} (cannot be undone)` : a.label)),
    );
    pick.onchange = () => draw(Number(pick.value));
    box.appendChild(field('What do you want to do?', pick));
  }
  box.appendChild(holder);
  draw(0);
  return box;
}

function actionForm(r: T.RequestView, a: Choice, reopen: () => void): HTMLElement {
  const out = h('div');
  const danger = a.type === 'cancel';
  const go = h('button', { type: 'submit', class: danger ? 'danger' : null }, a.label);
  const form = h('form', { class: `card${danger ? ' destructive' : ''}`, 'aria-label': a.label });
  const controls: Array<() => Record<string, unknown>> = [];
  if (['approve', 'reject', 'request_changes', 'transition', 'resubmit'].includes(a.type)) {
    const c = h('textarea', { required: a.commentRequired, rows: 2 });
    form.appendChild(field(a.commentRequired ? 'Comment (required)' : 'Comment (optional)', c));
    controls.push(() => (c.value.trim() ? { comment: c.value.trim() } : {}));
  }
  if (a.fields.length) {
    // A transition: the fields its target requires, which must be filled. Resubmit and edit: every field, as they are.
    const needed = a.type === 'transition' ? a.fields : [];
    const inputs = fieldInputs(r.fields, a.fields, { required: needed, problems: a.type === 'resubmit' ? r.intakeProblems : [] });
    if (a.type === 'resubmit') form.appendChild(h('p', { class: 'hint' }, 'Correct what was asked, then resubmit.'));
    form.append(...inputs.elements);
    controls.push(() => {
      const fields = inputs.changed();
      return Object.keys(fields).length || a.type === 'edit_fields' ? { fields } : {};
    });
  }
  if (a.type === 'reassign') {
    const to = h('input', { required: true, placeholder: 'email, or queue:name for a team', name: 'to' });
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
    const to = h('select', { name: 'to' }, ...r.states.filter((s) => s.id !== r.state).map((s) => h('option', { value: s.id }, s.label)));
    form.appendChild(field('Move to state', to));
    controls.push(() => ({ to: to.value }));
  }
  if (a.reasonRequired) {
    const reason = h('input', { required: true, name: 'reason' });
    form.appendChild(field('Reason (required)', reason, REASON_HINT));
    controls.push(() => ({ reason: reason.value }));
  }
  form.append(go, out);
  let confirming = false;
  form.onsubmit = (e) => {
    e.preventDefault();
    if (danger && !confirming) {
      confirming = true;
      clear(out);
      const yes = h('button', { type: 'submit', class: 'danger' }, `Yes, cancel ${r.id}`);
      const keep = h('button', { type: 'button', class: 'secondary' }, 'Keep the request');
      keep.onclick = () => {
        confirming = false;
        clear(out);
        go.hidden = false;
      };
      go.hidden = true;
      out.appendChild(
        h(
          'div',
          { class: 'confirm', role: 'alertdialog', 'aria-label': 'Confirm cancelling' },
          h('p', {}, `Cancel ${r.id} for good? It cannot be undone; the requester is told.`),
          h('div', { class: 'actions' }, yes, keep),
        ),
      );
      yes.focus();
      return;
    }
    if (a.type === 'resend') {
      const reason = (form.elements.namedItem('reason') as HTMLInputElement).value;
      void change(out, go, 'handoffPanelResend', { requestId: r.id, reason }, (x) => `Sent again to ${x.to.join(', ')}.`);
      return;
    }
    const action: Record<string, unknown> = { type: a.type, ...(a.name ? { name: a.name } : {}) };
    for (const c of controls) Object.assign(action, c());
    void change(
      out,
      go,
      'handoffPanelAct',
      // The controls shown are the ones this action takes; the server parses the action and names what is missing.
      { requestId: r.id, expectedRevision: r.revision, action: action as T.ActArgs['action'] },
      (x) => done(r, x),
      () => setTimeout(reopen, 600),
    );
  };
  return form;
}

function done(r: T.RequestView, x: T.ActResult): string {
  const state = r.states.find((s) => s.id === x.state)?.label ?? x.state;
  const terminal = r.states.find((s) => s.id === x.state)?.kind === 'terminal';
  const where = x.assignee && !terminal ? `, with ${x.assignee.startsWith('queue:') ? `the ${x.assignee.slice(6)} team` : x.assignee}` : '';
  return `Done: ${x.id} is now ${state}${where}.`;
}
