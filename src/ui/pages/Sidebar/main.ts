/**
 * The Handoff sidebar. Plain DOM, no framework, nothing loaded from the internet. Every call goes to a server
 * function that re-checks the caller's role; the page only hides what the server would refuse anyway.
 */
import { run } from '../../shared/rpc';
import { clear, field, formatDuration, formatTime, h, nextId } from '../../shared/dom';
import { barChart } from '../../shared/charts';
import { diagram } from '../../shared/diagram';
import { placeProblem } from '../../shared/problems';
import type * as T from './types';

const view = document.getElementById('view') as HTMLElement;
const tabs = document.getElementById('tabs') as HTMLElement;
let me: T.WhoAmI | null = null;
let current: T.ViewName = 'mywork';

const LABELS: Record<T.ViewName, string> = { mywork: 'My work', requests: 'All requests', admin: 'Admin', metrics: 'Metrics' };

// ---- states: loading, error, empty --------------------------------------------------------------------

function status(kind: 'loading' | 'error' | 'empty' | 'ok', text: string): HTMLElement {
  return h('p', { class: `status ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

async function load<R>(target: HTMLElement, fn: string, args: unknown, render: (r: R) => void): Promise<void> {
  clear(target);
  target.appendChild(status('loading', 'Loading…'));
  try {
    const r = await run<R>(fn, args);
    clear(target);
    render(r);
  } catch (e) {
    clear(target);
    target.appendChild(status('error', (e as Error).message));
  }
}

/** A call that answered but did not succeed (problems found, not published, tampering): its message is an error. */
function markError(out: HTMLElement): void {
  const el = out.firstElementChild;
  if (!el) return;
  el.classList.replace('ok', 'error');
  el.setAttribute('role', 'alert');
}

/** Runs a change; shows its result or the server's refusal in `out`. */
async function change<R>(
  out: HTMLElement,
  button: HTMLButtonElement | null,
  fn: string,
  args: unknown,
  ok: (r: R) => string,
  after?: (r: R) => void,
): Promise<void> {
  clear(out);
  out.appendChild(status('loading', 'Working…'));
  if (button) button.disabled = true;
  try {
    const r = await run<R>(fn, args);
    clear(out);
    out.appendChild(status('ok', ok(r)));
    after?.(r);
  } catch (e) {
    clear(out);
    out.appendChild(status('error', (e as Error).message));
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- tabs -----------------------------------------------------------------------------------------------

function renderTabs(): void {
  clear(tabs);
  const views = me?.views ?? ['mywork'];
  views.forEach((v) => {
    const b = h(
      'button',
      {
        role: 'tab',
        id: `tab-${v}`,
        'aria-selected': String(v === current),
        'aria-controls': 'view',
        tabindex: v === current ? 0 : -1,
        onclick: () => show(v),
      },
      LABELS[v],
    );
    tabs.appendChild(b);
  });
  tabs.onkeydown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = views.indexOf(current);
    const next = views[(i + (e.key === 'ArrowRight' ? 1 : views.length - 1)) % views.length]!;
    show(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
}

function show(v: T.ViewName): void {
  current = v;
  renderTabs();
  clear(view);
  if (v === 'mywork') myWork();
  else if (v === 'requests') allRequests();
  else if (v === 'admin') admin();
  else metrics();
}

// ---- My work --------------------------------------------------------------------------------------------

const WHY: Record<string, string> = {
  approve: 'Waiting for your approval',
  assigned: 'Assigned to you',
  queue: 'In your queue',
  answer: 'Waiting for your answer',
};

function myWork(): void {
  const box = h('section', { 'aria-labelledby': 'h-mywork' }, h('h2', { id: 'h-mywork' }, 'My work'));
  const list = h('div');
  box.appendChild(list);
  view.appendChild(box);
  void load<T.MyWork>(list, 'handoffPanelMyWork', {}, (r) => {
    if (r.items.length === 0) {
      list.appendChild(status('empty', 'Nothing waits on you. New work will appear here.'));
      return;
    }
    list.appendChild(
      h(
        'p',
        { class: 'meta' },
        `${r.total} item${r.total === 1 ? '' : 's'}${r.overdue ? `, ${r.overdue} overdue` : ''}; overdue and oldest first.`,
      ),
    );
    for (const it of r.items) {
      const out = h('div');
      const approve = h('button', { type: 'button' }, 'Approve');
      approve.onclick = () =>
        void change<T.ActResult>(
          out,
          approve,
          'handoffPanelAct',
          { requestId: it.id, expectedRevision: it.revision, action: { type: 'approve' } },
          (x) => `${x.id} approved (now ${x.state}).`,
          () => myWork(),
        );
      list.appendChild(
        h(
          'article',
          { class: `card${it.overdue ? ' overdue' : ''}`, 'aria-label': `${it.id} ${it.summary}` },
          h('div', { class: 'row' }, h('strong', {}, it.id), it.overdue ? h('span', { class: 'badge overdue' }, 'Overdue') : null),
          h('div', {}, it.summary || '(no summary)'),
          h(
            'div',
            { class: 'meta' },
            `${WHY[it.why] ?? it.why}${it.onBehalfOf ? ` (for ${it.onBehalfOf})` : ''} · ${it.stateLabel} · due ${formatTime(it.slaDue)}`,
          ),
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', onclick: () => openRequest(it.id) }, `Open ${it.id}`),
            it.why === 'approve' ? approve : null,
          ),
          out,
        ),
      );
    }
  });
}

// ---- All requests ---------------------------------------------------------------------------------------

const filters: T.ListFilters = { limit: 25, offset: 0 };
let selected = new Set<string>();
/** The last bulk action's outcome, shown once under the reloaded list. */
let bulkOutcome: { ok: boolean; text: string } | null = null;

function allRequests(): void {
  const box = h('section', { 'aria-labelledby': 'h-all' }, h('h2', { id: 'h-all' }, 'All requests'));
  const form = h('form', { 'aria-label': 'Filters' });
  const results = h('div');
  box.append(form, results);
  view.appendChild(box);
  const wf = h(
    'select',
    { name: 'workflow' },
    h('option', { value: '' }, 'Any workflow'),
    ...(me?.workflows ?? []).map((w) => h('option', { value: w.id }, w.name)),
  );
  const st = h('input', { name: 'state', placeholder: 'state id, e.g. approval' });
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
  st.value = filters.state ?? '';
  as.value = filters.assignee ?? '';
  tx.value = filters.text ?? '';
  // Coming back to the tab keeps the filters: every control shows the one in force.
  od.value = filters.overdue === undefined ? '' : String(filters.overdue);
  ch.value = filters.channel ?? '';
  form.append(
    h('div', { class: 'row' }, field('Workflow', wf), field('State', st)),
    h('div', { class: 'row' }, field('Assignee', as), field('Overdue', od)),
    h('div', { class: 'row' }, field('Channel', ch), field('Search', tx)),
    h('button', { type: 'submit' }, 'Apply filters'),
  );
  form.onsubmit = (e) => {
    e.preventDefault();
    const put = <K extends keyof T.ListFilters>(k: K, v: T.ListFilters[K] | '') => {
      if (v === '' || v === undefined) delete filters[k];
      else filters[k] = v as T.ListFilters[K];
    };
    put('workflow', wf.value);
    put('state', st.value.trim());
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
  void load<T.ListResult>(results, 'handoffPanelListRequests', filters, (r) => {
    if (r.rows.length === 0) {
      results.appendChild(status('empty', r.total === 0 ? 'No requests yet.' : 'No request matches these filters.'));
      if (bulkOutcome) results.appendChild(status(bulkOutcome.ok ? 'ok' : 'error', bulkOutcome.text));
      bulkOutcome = null;
      return;
    }
    const list = h('ul', { class: 'plain', 'aria-label': 'Requests' });
    for (const raw of r.rows) {
      // The first view comes without labels (the server skips reading the workflows): label from handoffPanelWhoAmI.
      const wf = me?.workflows.find((w) => w.id === raw.workflowId);
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
              h('div', {}, row.summary || '(no summary)'),
              h(
                'div',
                { class: 'meta' },
                `${row.workflowName} · ${row.stateLabel} · ${row.assignee || 'unassigned'} · ${row.channel} · due ${formatTime(row.slaDue)}`,
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

function bulkBar(count: HTMLElement, results: HTMLElement): HTMLElement {
  const op = h(
    'select',
    {},
    h('option', { value: 'reassign' }, 'Reassign'),
    h('option', { value: 'remind' }, 'Remind'),
    h('option', { value: 'cancel' }, 'Cancel'),
  );
  const to = h('input', { placeholder: 'email or queue:name' });
  const reason = h('input', { required: true });
  const out = h('div');
  const go = h('button', { type: 'submit' }, 'Apply to selection');
  const form = h(
    'form',
    { 'aria-label': 'Bulk action' },
    h('h3', {}, 'Bulk action '),
    count,
    field('Action', op),
    field('Assign to (reassign)', to),
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
    const args: Record<string, unknown> = { requestIds: [...selected], op: op.value, reason: reason.value };
    if (to.value.trim()) args.to = to.value.trim();
    const message = (r: T.BulkResult) =>
      `${r.done} done, ${r.failed} failed.${r.outcomes
        .filter((o) => !o.ok)
        .map((o) => ` ${o.id}: ${o.message}`)
        .join('')}`;
    // The list reloads (states changed); the outcome is shown again in the new bulk bar, or it would vanish at once.
    void change<T.BulkResult>(out, go, 'handoffPanelBulk', args, message, (r) => {
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

// ---- One request ----------------------------------------------------------------------------------------

function openRequest(id: string): void {
  clear(view);
  const back = h('button', { type: 'button', class: 'secondary', onclick: () => show(current) }, `← Back to ${LABELS[current]}`);
  const body = h('div');
  view.append(back, body);
  view.focus();
  void load<T.RequestView>(body, 'handoffPanelGetRequest', { requestId: id }, (r) => renderRequest(body, r));
}

function renderRequest(body: HTMLElement, r: T.RequestView): void {
  body.appendChild(h('h2', {}, `${r.id} · ${r.workflowName}`));
  body.appendChild(
    h(
      'dl',
      {},
      h('dt', {}, 'State'),
      h('dd', {}, r.stateLabel),
      h('dt', {}, 'Requester'),
      h('dd', {}, r.requester),
      h('dt', {}, 'Assignee'),
      h('dd', {}, r.assignee ?? '—'),
      h('dt', {}, 'SLA due'),
      h('dd', {}, r.sla ? `${formatTime(r.sla.dueAt)}${r.sla.overdue ? ' (overdue)' : ''}${r.sla.paused ? ' (paused)' : ''}` : '—'),
      h('dt', {}, 'Channel'),
      h('dd', {}, r.channel),
      h('dt', {}, 'Revision'),
      h('dd', {}, r.revision),
    ),
  );
  if (r.step)
    body.appendChild(
      h(
        'p',
        {},
        h('strong', {}, `Step: ${r.step.label}. `),
        `Waiting for ${r.step.pending.join(', ') || 'nobody (an operator must reassign)'}.`,
      ),
    );
  body.appendChild(h('h3', {}, 'Fields'));
  body.appendChild(h('dl', {}, ...r.fields.flatMap((f) => [h('dt', {}, f.label), h('dd', {}, show1(f.value))])));
  if (r.intakeProblems.length) body.appendChild(h('ul', { class: 'problem' }, ...r.intakeProblems.map((p) => h('li', {}, p.message))));
  body.appendChild(h('h3', {}, 'Actions'));
  if (r.actions.length === 0 && !r.operator) body.appendChild(status('empty', 'There is nothing you can do on this request now.'));
  for (const a of r.actions) body.appendChild(actionForm(r, a));
  if (r.operator) body.appendChild(resendForm(r));
  body.appendChild(h('h3', {}, 'Timeline'));
  body.appendChild(
    r.timeline.length === 0
      ? status('empty', 'No audit events.')
      : h(
          'ol',
          { class: 'timeline' },
          ...r.timeline.map((e) =>
            h(
              'li',
              {},
              h('strong', {}, e.action.replace(/_/g, ' ')),
              ` by ${e.actor}${e.onBehalfOf ? ` for ${e.onBehalfOf}` : ''} · ${formatTime(e.at)}`,
              e.to && e.from !== e.to ? ` · ${e.from ?? '∅'} → ${e.to}` : '',
              e.comment ? h('div', {}, `“${e.comment}”`) : null,
              e.reason ? h('div', { class: 'meta' }, `Reason: ${e.reason}`) : null,
              e.changes.length
                ? h('div', { class: 'meta' }, e.changes.map((c) => `${c.field}: ${show1(c.before)} → ${show1(c.after)}`).join('; '))
                : null,
            ),
          ),
        ),
  );
}

const show1 = (v: unknown): string =>
  v === null || v === undefined || v === ''
    ? '—'
    : Array.isArray(v)
      ? v.join(', ')
      : typeof v === 'boolean'
        ? v
          ? 'yes'
          : 'no'
        : String(v);

function actionForm(r: T.RequestView, a: T.AvailableAction): HTMLElement {
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
    const action: Record<string, unknown> = { type: a.type, ...(a.name ? { name: a.name } : {}) };
    for (const c of controls) Object.assign(action, c());
    void change<T.ActResult>(
      out,
      go,
      'handoffPanelAct',
      { requestId: r.id, expectedRevision: r.revision, action },
      (x) => `Done: ${x.id} is now ${x.state}${x.assignee ? `, assigned to ${x.assignee}` : ''} (revision ${x.revision}).`,
      () => setTimeout(() => openRequest(r.id), 600),
    );
  };
  return form;
}

function resendForm(r: T.RequestView): HTMLElement {
  const reason = h('input', { required: true });
  const out = h('div');
  const go = h('button', { type: 'submit' }, 'Resend notification');
  const form = h('form', { class: 'card', 'aria-label': 'Resend notification' }, field('Reason (required)', reason), go, out);
  form.onsubmit = (e) => {
    e.preventDefault();
    void change<{ to: string[] }>(
      out,
      go,
      'handoffPanelResend',
      { requestId: r.id, reason: reason.value },
      (x) => `Queued for ${x.to.join(', ')}.`,
    );
  };
  return form;
}

// ---- Admin ----------------------------------------------------------------------------------------------

function admin(): void {
  const box = h('section', { 'aria-labelledby': 'h-admin' }, h('h2', { id: 'h-admin' }, 'Admin'));
  view.appendChild(box);
  const wf = h('div');
  const people = h('div');
  const settings = h('div');
  const audit = h('div');
  box.append(
    h('details', { open: true }, h('summary', {}, 'Workflows'), wf),
    h('details', {}, h('summary', {}, 'People and roles'), people),
    h('details', {}, h('summary', {}, 'Settings'), settings),
    h('details', {}, h('summary', {}, 'Audit log'), audit),
  );
  workflowsSection(wf);
  peopleSection(people);
  settingsSection(settings);
  const out = h('div');
  const verify = h('button', { type: 'button' }, 'Verify audit log');
  verify.onclick = () =>
    void change<{ ok: boolean; message: string }>(
      out,
      verify,
      'handoffPanelVerifyAudit',
      {},
      (r) => r.message,
      (r) => {
        if (!r.ok) markError(out);
      },
    );
  audit.append(verify, out);
}

function workflowsSection(box: HTMLElement): void {
  const picker = h('div');
  const editor = h('div');
  box.append(picker, editor);
  picker.appendChild(status('loading', 'Loading workflows…'));
  void (async () => {
    try {
      const [w, t] = await Promise.all([run<T.WorkflowList>('handoffPanelWorkflows'), run<T.TemplateList>('handoffPanelTemplates')]);
      const sel = h(
        'select',
        { id: 'wf-pick' },
        h('option', { value: '' }, 'Choose a workflow or a template…'),
        h(
          'optgroup',
          { label: 'Published workflows' },
          ...w.workflows.map((x) => h('option', { value: `w:${x.workflowId}` }, `${x.name} (v${x.latest})`)),
        ),
        h('optgroup', { label: 'Templates' }, ...t.templates.map((x) => h('option', { value: `t:${x.id}` }, x.name))),
      );
      const openBtn = h('button', { type: 'button', class: 'secondary' }, 'Edit');
      openBtn.onclick = () => {
        const [kind, id] = [sel.value.slice(0, 1), sel.value.slice(2)];
        const def =
          kind === 'w' ? w.workflows.find((x) => x.workflowId === id)?.definition : t.templates.find((x) => x.id === id)?.definition;
        if (def) editWorkflow(editor, JSON.parse(JSON.stringify(def)) as T.Def);
      };
      clear(picker);
      picker.append(
        w.workflows.length === 0
          ? status('empty', 'No workflow is published yet: start from a template.')
          : h('p', { class: 'meta' }, `${w.workflows.length} published workflow(s).`),
        field('Workflow', sel),
        openBtn,
      );
    } catch (e) {
      clear(picker);
      picker.appendChild(status('error', (e as Error).message));
    }
  })();
}

/** The form-based editor. Each control has data-path = the definition path the engine reports problems on. */
function editWorkflow(box: HTMLElement, def: T.Def): void {
  clear(box);
  const problemsBox = h('div', { 'aria-live': 'polite' });
  const out = h('div');
  const form = h('form', { 'aria-label': `Edit ${def.name}`, novalidate: true });
  const pic = h('div');
  const redraw = () => {
    clear(pic);
    pic.appendChild(diagram(def));
  };

  const text = (label: string, path: string, get: () => string, set: (v: string) => void, hint?: string) => {
    const i = h('input', { 'data-path': path, value: get() });
    i.oninput = () => {
      set(i.value);
      redraw();
    };
    return field(label, i, hint);
  };
  const select = (label: string, path: string, options: readonly string[], get: () => string, set: (v: string) => void) => {
    const i = h('select', { 'data-path': path }, ...options.map((o) => h('option', { value: o }, o || '—')));
    i.value = get();
    i.onchange = () => {
      set(i.value);
      redraw();
    };
    return field(label, i);
  };
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const remove = (arr: unknown[], i: number) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          arr.splice(i, 1);
          editWorkflow(box, def);
        },
      },
      'Remove',
    );

  form.append(
    h('h3', {}, 'Basics'),
    text(
      'Id',
      'id',
      () => def.id,
      (v) => (def.id = v),
    ),
    text(
      'Name',
      'name',
      () => def.name,
      (v) => (def.name = v),
    ),
    text(
      'Id prefix',
      'prefix',
      () => def.prefix,
      (v) => (def.prefix = v),
      'Capital letters, e.g. PR gives PR-000123',
    ),
    h('h3', {}, 'Fields'),
    h(
      'div',
      { class: 'editor-list', 'data-path': 'fields' },
      ...def.fields.map((f, i) =>
        h(
          'div',
          { class: 'editor-item', 'data-path': `fields[${i}]` },
          text(
            'Field id',
            `fields[${i}].id`,
            () => f.id,
            (v) => (f.id = v),
          ),
          text(
            'Label',
            `fields[${i}].label`,
            () => f.label,
            (v) => (f.label = v),
          ),
          select(
            'Type',
            `fields[${i}].type`,
            ['text', 'long_text', 'number', 'currency', 'date', 'email', 'choice', 'multi_choice', 'checkbox', 'link'],
            () => f.type,
            (v) => (f.type = v),
          ),
          text(
            'Options (comma-separated)',
            `fields[${i}].options`,
            () => (f.options ?? []).join(', '),
            (v) => {
              const o = list(v);
              if (o.length) f.options = o;
              else delete f.options;
            },
          ),
          select(
            'Required',
            `fields[${i}].required`,
            ['no', 'yes'],
            () => (f.required ? 'yes' : 'no'),
            (v) => {
              if (v === 'yes') f.required = true;
              else delete f.required;
            },
          ),
          remove(def.fields, i),
        ),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          def.fields.push({ id: `field${def.fields.length + 1}`, label: 'New field', type: 'text' });
          editWorkflow(box, def);
        },
      },
      'Add field',
    ),
    h('h3', {}, 'States'),
    h(
      'div',
      { class: 'editor-list', 'data-path': 'states' },
      ...def.states.map((s, i) =>
        h(
          'div',
          { class: 'editor-item', 'data-path': `states[${i}]` },
          text(
            'State id',
            `states[${i}].id`,
            () => s.id,
            (v) => (s.id = v),
          ),
          text(
            'Label',
            `states[${i}].label`,
            () => s.label,
            (v) => (s.label = v),
          ),
          select(
            'Kind',
            `states[${i}].kind`,
            ['start', 'active', 'waiting_on_requester', 'terminal'],
            () => s.kind,
            (v) => (s.kind = v),
          ),
          select(
            'Outcome (terminal)',
            `states[${i}].outcome`,
            ['', 'completed', 'approved', 'rejected', 'cancelled'],
            () => s.outcome ?? '',
            (v) => {
              if (v) s.outcome = v;
              else delete s.outcome;
            },
          ),
          s.approval
            ? h(
                'p',
                { class: 'hint' },
                `Approval: ${s.approval.steps.length} step(s); approved → ${s.approval.onApproved}, rejected → ${s.approval.onRejected} (edit in Advanced).`,
              )
            : null,
          remove(def.states, i),
        ),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          def.states.push({ id: `state${def.states.length + 1}`, label: 'New state', kind: 'active' });
          editWorkflow(box, def);
        },
      },
      'Add state',
    ),
    h('h3', {}, 'Transitions'),
    h(
      'div',
      { class: 'editor-list', 'data-path': 'transitions' },
      ...def.transitions.map((t, i) =>
        h(
          'div',
          { class: 'editor-item', 'data-path': `transitions[${i}]` },
          text(
            'Action',
            `transitions[${i}].action`,
            () => t.action,
            (v) => (t.action = v),
          ),
          text(
            'Label',
            `transitions[${i}].label`,
            () => t.label ?? '',
            (v) => {
              if (v) t.label = v;
              else delete t.label;
            },
          ),
          text(
            'From states (comma-separated)',
            `transitions[${i}].from`,
            () => t.from.join(', '),
            (v) => (t.from = list(v)),
          ),
          text(
            'To state',
            `transitions[${i}].to`,
            () => t.to,
            (v) => (t.to = v.trim()),
          ),
          text(
            'Who (requester, assignee, approver)',
            `transitions[${i}].by`,
            () => t.by.map((b) => (typeof b === 'string' ? b : `role:${b.role}`)).join(', '),
            (v) => (t.by = list(v).map((x) => (x.startsWith('role:') ? { role: x.slice(5) } : x))),
          ),
          remove(def.transitions, i),
        ),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          def.transitions.push({
            action: `action${def.transitions.length + 1}`,
            from: [def.states[0]?.id ?? ''],
            to: def.states[0]?.id ?? '',
            by: ['assignee'],
          });
          editWorkflow(box, def);
        },
      },
      'Add transition',
    ),
  );
  const json = h('textarea', { 'data-path': '(definition)', rows: 8, spellcheck: false });
  json.value = JSON.stringify(def, null, 2);
  const applyJson = h('button', { type: 'button', class: 'secondary' }, 'Use this JSON');
  applyJson.onclick = () => {
    try {
      editWorkflow(box, JSON.parse(json.value) as T.Def);
    } catch (e) {
      clear(out);
      out.appendChild(status('error', `The JSON is not valid: ${(e as Error).message}`));
    }
  };
  form.append(
    h(
      'details',
      {},
      h('summary', {}, 'Advanced (JSON: approvals, routing, SLAs, notifications)'),
      field('Definition JSON', json),
      applyJson,
    ),
  );

  const validate = h('button', { type: 'button', class: 'secondary' }, 'Validate');
  const publish = h('button', { type: 'submit' }, 'Publish as a new version');
  form.append(h('h3', {}, 'Diagram'), pic, problemsBox, h('div', { class: 'actions' }, validate, publish), out);
  redraw();
  const showProblems = (problems: T.Problem[]) => {
    form.querySelectorAll('.problem').forEach((p) => p.remove());
    form.querySelectorAll('[aria-invalid]').forEach((p) => {
      p.removeAttribute('aria-invalid');
    });
    form.querySelectorAll('.editor-item.invalid').forEach((p) => p.classList.remove('invalid'));
    clear(problemsBox);
    const known = new Set(Array.from(form.querySelectorAll('[data-path]')).map((el) => el.getAttribute('data-path') ?? ''));
    const general: T.Problem[] = [];
    for (const p of problems) {
      const at = placeProblem(p.path, known);
      const el = at ? form.querySelector(`[data-path="${CSS.escape(at)}"]`) : null;
      if (!el || at === '(definition)') {
        general.push(p);
        continue;
      }
      const id = nextId('problem');
      const msg = h('p', { class: 'problem', id, role: 'alert' }, at === p.path ? p.message : `${p.path}: ${p.message}`);
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
        el.setAttribute('aria-invalid', 'true');
        el.setAttribute('aria-describedby', id);
        el.insertAdjacentElement('afterend', msg);
      } else {
        el.classList.add('invalid');
        el.insertBefore(msg, el.firstChild);
      }
    }
    if (general.length)
      problemsBox.appendChild(h('ul', { class: 'problem', role: 'alert' }, ...general.map((p) => h('li', {}, `${p.path}: ${p.message}`))));
    if (problems.length)
      problemsBox.appendChild(status('error', `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before publishing.`));
  };
  validate.onclick = () =>
    void change<T.ValidateResult>(
      out,
      validate,
      'handoffPanelValidateWorkflow',
      { definition: def },
      (r) => (r.ok ? 'The workflow is valid.' : 'The workflow has problems (shown next to the fields).'),
      (r) => {
        showProblems(r.problems);
        if (!r.ok) markError(out);
      },
    );
  form.onsubmit = (e) => {
    e.preventDefault();
    void change<T.PublishResult>(
      out,
      publish,
      'handoffPanelPublishWorkflow',
      { definition: def },
      (r) =>
        r.ok
          ? r.created
            ? `Published ${r.workflowId} version ${r.version}.`
            : `Nothing changed: version ${r.version} already has this content.`
          : 'Not published: fix the problems shown next to the fields.',
      (r) => {
        showProblems(r.problems);
        if (!r.ok) markError(out);
      },
    );
  };
  box.appendChild(form);
}

function peopleSection(box: HTMLElement): void {
  const listBox = h('div');
  const out = h('div');
  const email = h('input', { type: 'email', required: true });
  const name = h('input');
  const roles = h('input', { placeholder: 'operator, admin, finance' });
  const save = h('button', { type: 'submit' }, 'Save person');
  const form = h(
    'form',
    { 'aria-label': 'Add or change a person' },
    h('h3', {}, 'Add or change a person'),
    field('Email', email),
    field('Name', name),
    field('Roles (comma-separated)', roles, 'operator and admin are Handoff roles; others are queues, e.g. finance'),
    save,
    out,
  );
  const refresh = () =>
    void load<T.DirectoryList>(listBox, 'handoffPanelDirectory', {}, (r) => {
      if (r.people.length === 0) {
        listBox.appendChild(status('empty', 'Nobody in the Directory yet.'));
        return;
      }
      listBox.appendChild(
        h(
          'ul',
          {},
          ...r.people.map((p) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  onclick: () => {
                    email.value = p.email;
                    name.value = p.name;
                    roles.value = p.roles.join(', ');
                    email.focus();
                  },
                },
                p.email,
              ),
              ` ${p.name} — ${p.roles.join(', ') || 'no roles'}`,
            ),
          ),
        ),
      );
    });
  form.onsubmit = (e) => {
    e.preventDefault();
    void change<{ email: string }>(
      out,
      save,
      'handoffPanelSavePerson',
      {
        email: email.value.trim(),
        name: name.value.trim(),
        roles: roles.value
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      },
      (r) => `Saved ${r.email}.`,
      refresh,
    );
  };
  box.append(listBox, form);
  refresh();
}

function settingsSection(box: HTMLElement): void {
  void load<T.SettingsResult>(box, 'handoffPanelSettings', {}, (r) => {
    const s = r.settings;
    // required: an empty number input would reach the server as Number('') = 0.
    const ttl = h('input', { type: 'number', min: 1, max: 90, step: 1, required: true, value: s.tokenExpiryDays });
    const mode = h(
      'select',
      {},
      h('option', { value: 'link' }, 'Signed link + confirm button'),
      h('option', { value: 'sign_in' }, 'Approvers must be signed in'),
    );
    mode.value = s.identityMode;
    const hour = h('input', { type: 'number', min: 0, max: 23, step: 1, required: true, value: s.digestHour });
    const period = h('select', {}, ...r.dispatcherPeriods.map((p) => h('option', { value: p }, `${p} min`)));
    period.value = String(s.dispatcherMinutes);
    const out = h('div');
    const save = h('button', { type: 'submit' }, 'Save settings');
    const form = h(
      'form',
      { 'aria-label': 'Settings' },
      field('Approval links expire after (days)', ttl),
      field('Approver identity', mode),
      field('Daily digest hour (0–23)', hour),
      field('Dispatcher runs every', period, 'An add-on may run timers at most hourly'),
      save,
      out,
    );
    form.onsubmit = (e) => {
      e.preventDefault();
      void change(
        out,
        save,
        'handoffPanelSaveSettings',
        {
          tokenExpiryDays: Number(ttl.value),
          identityMode: mode.value,
          digestHour: Number(hour.value),
          dispatcherMinutes: Number(period.value),
        },
        () => 'Settings saved.',
      );
    };
    box.appendChild(form);
  });
}

// ---- Metrics --------------------------------------------------------------------------------------------

function metrics(): void {
  const box = h('section', { 'aria-labelledby': 'h-metrics' }, h('h2', { id: 'h-metrics' }, 'Metrics'));
  const body = h('div');
  box.appendChild(body);
  view.appendChild(box);
  void load<T.MetricsResult>(body, 'handoffPanelMetrics', {}, (r) => {
    if (r.workflows.length === 0) {
      body.appendChild(status('empty', 'No requests yet: metrics appear once requests come in.'));
      return;
    }
    for (const w of r.workflows) {
      const pct = (x: number) => `${Math.round(x * 100)}%`;
      body.appendChild(
        h(
          'article',
          { class: 'card' },
          h('h3', {}, w.name),
          h(
            'p',
            { class: 'meta' },
            `${w.requests} requests, ${w.completed} finished · cycle time median ${formatDuration(w.cycleTime.median)}, p90 ${formatDuration(w.cycleTime.p90)} · ${w.slaBreaches} SLA breach${w.slaBreaches === 1 ? '' : 'es'}`,
          ),
          barChart(
            'Time in each state (median; red: p90)',
            w.perState.map((s) => ({
              label: s.label,
              value: s.median,
              value2: s.p90,
              text: `${formatDuration(s.median)} / ${formatDuration(s.p90)}`,
            })),
          ),
          barChart('Rates', [
            { label: 'Rework', value: w.reworkRate, text: pct(w.reworkRate) },
            { label: 'Exceptions', value: w.exceptionRate, text: pct(w.exceptionRate) },
            { label: 'From the form', value: w.formShare, text: pct(w.formShare) },
          ]),
          barChart('SLA breaches', [
            { label: 'Breaches', value: w.slaBreaches, text: String(w.slaBreaches) },
            { label: 'Requests', value: w.requests, text: String(w.requests) },
          ]),
        ),
      );
    }
  });
}

// ---- start ----------------------------------------------------------------------------------------------

async function start(): Promise<void> {
  try {
    me = await run<T.WhoAmI>('handoffPanelWhoAmI');
    (document.getElementById('who') as HTMLElement).textContent = `${me.email}${me.admin ? ' · admin' : me.operator ? ' · operator' : ''}`;
    if (!me.setUp) {
      clear(view);
      view.appendChild(status('empty', 'Handoff is not set up in this spreadsheet yet. An admin runs Handoff > Set up / repair.'));
      return;
    }
    const wanted = (window as unknown as { __HANDOFF_VIEW?: string }).__HANDOFF_VIEW as T.ViewName | undefined;
    show(wanted && me.views.includes(wanted) ? wanted : 'mywork');
  } catch (e) {
    clear(view);
    view.appendChild(status('error', (e as Error).message));
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();
