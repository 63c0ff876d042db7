/** Admin: workflows (pick one to edit), people and roles, settings, capacity, and verifying the audit log. */
import { run } from '../../shared/rpc';
import { clear, field, h } from '../../shared/dom';
import { editWorkflow } from './editor';
import { healthSection } from './health';
import { view } from './nav';
import { capacitySection } from './capacity';
import { peopleSection } from './people';
import { settingsSection } from './settings';
import { chatSpacesSection } from './chat-spaces';
import { change, markError, status } from './status';
import type * as T from './types';

export function admin(): void {
  const box = h('section', { 'aria-labelledby': 'h-admin' }, h('h2', { id: 'h-admin' }, 'Admin'));
  view.appendChild(box);
  const wf = h('div');
  const people = h('div');
  const settings = h('div');
  const chat = h('div');
  const audit = h('div');
  const cap = h('div');
  const capBox = h('details', {}, h('summary', {}, 'Capacity'), cap);
  capBox.addEventListener('toggle', () => {
    if ((capBox as HTMLDetailsElement).open && !cap.firstChild) capacitySection(cap);
  });
  const health = h('div');
  box.append(
    h('details', { open: true }, h('summary', {}, 'Workflows'), wf),
    h('details', {}, h('summary', {}, 'People and roles'), people),
    h('details', {}, h('summary', {}, 'Settings'), settings),
    h('details', {}, h('summary', {}, 'Chat spaces'), chat),
    capBox,
    h('details', {}, h('summary', {}, 'Audit log'), audit),
    h(
      'details',
      // Loaded when opened: it lists the caller's triggers and may record an incident.
      { ontoggle: (e: Event) => (e.target as HTMLDetailsElement).open && !health.firstChild && healthSection(health) },
      h('summary', {}, 'Health'),
      health,
    ),
  );
  workflowsSection(wf);
  peopleSection(people);
  settingsSection(settings);
  chatSpacesSection(chat);
  const out = h('div');
  const verify = h('button', { type: 'button' }, 'Verify audit log');
  verify.onclick = () =>
    void change(
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
      const [w, t] = await Promise.all([run('handoffPanelWorkflows'), run('handoffPanelTemplates')]);
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
