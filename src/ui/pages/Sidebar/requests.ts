/** All requests (operators): filters, paging, selection and the bulk actions. */
import { clear, field, h, nextId } from '../../shared/dom';
import { exportButton } from './export';
import { waitsOn, when } from './labels';
import { session, view } from './nav';
import { openRequest } from './request';
import { change, load, status } from './status';
import type * as T from './types';

const filters: T.ListFilters = { limit: 25, offset: 0 };
let selected = new Set<string>();
/** The last bulk action's outcome, shown once under the reloaded list. */
let bulkOutcome: { ok: boolean; text: string } | null = null;

export function allRequests(): void {
  const box = h('section', { 'aria-labelledby': 'h-all' }, h('h2', { id: 'h-all' }, 'All requests'));
  const form = h('form', { 'aria-label': 'Filters' });
  const results = h('div');
  box.append(form, results);
  view.appendChild(box);
  const wf = h(
    'select',
    { name: 'workflow' },
    h('option', { value: '' }, 'Any workflow'),
    ...(session.me?.workflows ?? []).map((w) => h('option', { value: w.id }, w.name)),
  );
  // States by their labels (the workflow chosen, else every workflow's, grouped); the value sent is the state's id.
  const st = h('select', { name: 'state' });
  const fillStates = () => {
    const keep = st.value || filters.state || '';
    clear(st);
    st.appendChild(h('option', { value: '' }, 'Any state'));
    const wfs = (session.me?.workflows ?? []).filter((w) => !wf.value || w.id === wf.value);
    for (const w of wfs) {
      const options = w.states.map((x) => h('option', { value: x.id }, x.label));
      if (wfs.length > 1) st.appendChild(h('optgroup', { label: w.name }, ...options));
      else st.append(...options);
    }
    st.value = keep;
    if (st.value !== keep) st.value = '';
  };
  const as = h('input', { name: 'assignee', placeholder: 'email or queue:name' });
  const od = h(
    'select',
    { name: 'overdue' },
    h('option', { value: '' }, 'Any'),
    h('option', { value: 'true' }, 'Overdue'),
    h('option', { value: 'false' }, 'On time'),
  );
  const ch = h(
    'select',
    { name: 'channel' },
    h('option', { value: '' }, 'Any channel'),
    ...['form', 'operator', 'import', 'api'].map((c) => h('option', { value: c }, c)),
  );
  const tx = h('input', { name: 'text', type: 'search', placeholder: 'id, summary, person' });
  wf.value = filters.workflow ?? '';
  fillStates();
  wf.onchange = fillStates;
  as.value = filters.assignee ?? '';
  tx.value = filters.text ?? '';
  // Coming back to the tab keeps the filters: every control shows the one in force.
  od.value = filters.overdue === undefined ? '' : String(filters.overdue);
  ch.value = filters.channel ?? '';
  form.append(
    h('div', { class: 'row' }, field('Workflow', wf), field('State', st)),
    h('div', { class: 'row' }, field('Assignee', as), field('Overdue', od)),
    h('div', { class: 'row' }, field('Channel', ch), field('Search', tx)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply filters'), exportButton(filters, results)),
  );
  form.onsubmit = (e) => {
    e.preventDefault();
    const put = <K extends keyof T.ListFilters>(k: K, v: T.ListFilters[K] | '') => {
      if (v === '' || v === undefined) delete filters[k];
      else filters[k] = v as T.ListFilters[K];
    };
    put('workflow', wf.value);
    put('state', st.value);
    put('assignee', as.value.trim());
    put('channel', ch.value);
    put('text', tx.value.trim());
    put('overdue', od.value === '' ? '' : od.value === 'true');
    filters.offset = 0;
    page(results);
  };
  page(results);
}

function page(results: HTMLElement): void {
  void load(results, 'handoffPanelListRequests', filters, (r) => {
    if (r.rows.length === 0) {
      results.appendChild(status('empty', r.total === 0 ? 'No requests yet.' : 'No request matches these filters.'));
      if (bulkOutcome) results.appendChild(status(bulkOutcome.ok ? 'ok' : 'error', bulkOutcome.text));
      bulkOutcome = null;
      return;
    }
    const list = h('ul', { class: 'plain', 'aria-label': 'Requests' });
    for (const raw of r.rows) {
      // The first view comes without labels (the server skips reading the workflows): label from handoffPanelWhoAmI.
      const wf = session.me?.workflows.find((w) => w.id === raw.workflowId);
      const row = {
        ...raw,
        workflowName: wf?.name ?? raw.workflowName,
        stateLabel: wf?.states.find((x) => x.id === raw.state)?.label ?? raw.stateLabel,
      };
      const cb = h('input', { type: 'checkbox', id: nextId('sel'), checked: selected.has(row.id), 'aria-label': `Select ${row.id}` });
      cb.onchange = () => {
        if (cb.checked) selected.add(row.id);
        else selected.delete(row.id);
        bulkCount.textContent = `${selected.size} selected`;
      };
      list.appendChild(
        h(
          'li',
          { class: `card${row.overdue ? ' overdue' : ''}` },
          h(
            'div',
            { class: 'pick' },
            cb,
            h(
              'div',
              {},
              h('button', { type: 'button', class: 'secondary', onclick: () => openRequest(row.id) }, row.id),
              ' ',
              row.overdue ? h('span', { class: 'badge overdue' }, 'Overdue') : null,
              row.id.startsWith('TEST-') ? h('span', { class: 'badge test' }, 'TEST') : null,
              h('div', {}, row.summary || '(no summary)'),
              h(
                'div',
                { class: 'meta' },
                `${row.workflowName} · ${row.stateLabel} · ${waitsOn(row)} · ${row.channel} · due ${when(row.workflowId, row.slaDue)}`,
              ),
            ),
          ),
        ),
      );
    }
    const from = r.offset + 1;
    const to = r.offset + r.rows.length;
    const prev = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        disabled: r.offset === 0,
        onclick: () => {
          filters.offset = Math.max(0, r.offset - r.limit);
          page(results);
        },
      },
      'Previous',
    );
    const next = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        disabled: to >= r.matched,
        onclick: () => {
          filters.offset = r.offset + r.limit;
          page(results);
        },
      },
      'Next',
    );
    const bulkCount = h('span', { 'aria-live': 'polite' }, `${selected.size} selected`);
    results.append(
      h('p', { class: 'meta' }, `${from}–${to} of ${r.matched}${r.matched !== r.total ? ` (filtered from ${r.total})` : ''}`),
      list,
      h('div', { class: 'pager' }, prev, next),
      bulkBar(bulkCount, results),
    );
  });
}

const BULK_DONE: Record<string, string> = { reassign: 'Reassigned', remind: 'Reminded', cancel: 'Cancelled' };

function bulkBar(count: HTMLElement, results: HTMLElement): HTMLElement {
  const op = h(
    'select',
    {},
    h('option', { value: 'reassign' }, 'Reassign'),
    h('option', { value: 'remind' }, 'Remind'),
    h('option', { value: 'cancel' }, 'Cancel (cannot be undone)'),
  );
  const to = h('input', { placeholder: 'email, or queue:name for a team' });
  const toField = field('Assign to', to);
  op.onchange = () => {
    toField.hidden = op.value !== 'reassign';
    to.required = op.value === 'reassign';
  };
  to.required = true;
  const reason = h('input', { required: true });
  const out = h('div');
  const go = h('button', { type: 'submit' }, 'Apply to selection');
  const form = h(
    'form',
    { 'aria-label': 'Bulk action' },
    h('h3', {}, 'Bulk action '),
    count,
    field('Action', op),
    toField,
    field('Reason (required)', reason),
    go,
    out,
  );
  form.onsubmit = (e) => {
    e.preventDefault();
    if (selected.size === 0) {
      clear(out);
      out.appendChild(status('error', 'Select at least one request.'));
      return;
    }
    const args: T.BulkArgs = { requestIds: [...selected], op: op.value as T.BulkArgs['op'], reason: reason.value };
    if (to.value.trim()) args.to = to.value.trim();
    const message = (r: T.BulkResult) =>
      `${BULK_DONE[op.value] ?? op.value}: ${r.done} done, ${r.failed} failed.${r.outcomes
        .filter((o) => !o.ok)
        .map((o) => ` ${o.id}: ${o.message}`)
        .join('')}`;
    // The list reloads (states changed); the outcome is shown again in the new bulk bar, or it would vanish at once.
    void change(out, go, 'handoffPanelBulk', args, message, (r) => {
      selected = new Set();
      bulkOutcome = { ok: r.failed === 0, text: message(r) };
      setTimeout(() => page(results), 0);
    });
  };
  if (bulkOutcome) {
    out.appendChild(status(bulkOutcome.ok ? 'ok' : 'error', bulkOutcome.text));
    bulkOutcome = null;
  }
  return form;
}
