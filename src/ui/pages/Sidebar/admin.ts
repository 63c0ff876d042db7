/** Admin: workflows (pick one to edit), people and roles, settings, capacity, and verifying the audit log. */
import { run } from '../../shared/rpc';
import { clear, field, h } from '../../shared/dom';
import { editWorkflow } from './editor';
import { healthSection } from './health';
import { view } from './nav';
import { capacitySection } from './capacity';
import { peopleSection } from './people';
import { automationSection } from './automation';
import { settingsSection } from './settings';
import { undeliveredSection } from './undelivered';
import { chatSpacesSection } from './chat-spaces';
import { testRunsSection } from './test-run';
import { change, markError, status } from './status';
import type * as T from './types';

/**
 * The Admin view's sections, in order: each is a collapsible block drawn when the view opens. A new section (health,
 * capacity, ...) is one entry here, or one adminSection() call from its own file.
 */
export interface AdminSection {
  title: string;
  open?: boolean;
  /** Drawn when first opened (it reads more than the others). */
  lazy?: boolean;
  draw(box: HTMLElement): void;
}
const SECTIONS: AdminSection[] = [
  { title: 'Workflows', open: true, draw: workflowsSection },
  { title: 'People and roles', draw: peopleSection },
  {
    title: 'Settings',
    draw: (box) => {
      const automation = h('div');
      const settings = h('div');
      box.append(h('h3', {}, 'Automation'), automation, h('h3', {}, 'Links, digests, timers'), settings);
      automationSection(automation);
      settingsSection(settings);
    },
  },
  // Loaded when opened: it reads the Outbox.
  { title: 'Undelivered emails', lazy: true, draw: undeliveredSection },
  { title: 'Chat spaces', draw: chatSpacesSection },
  { title: 'Test runs', draw: testRunsSection },
  { title: 'Capacity', lazy: true, draw: capacitySection },
  { title: 'Audit log', draw: auditSection },
  // Loaded when opened: it lists the caller's triggers and may record an incident.
  { title: 'Health', lazy: true, draw: healthSection },
];

export function adminSection(section: AdminSection, before?: string): void {
  const i = before ? SECTIONS.findIndex((x) => x.title === before) : -1;
  SECTIONS.splice(i < 0 ? SECTIONS.length : i, 0, section);
}

export function admin(): void {
  const box = h('section', { 'aria-labelledby': 'h-admin' }, h('h2', { id: 'h-admin' }, 'Admin'));
  view.appendChild(box);
  for (const s of SECTIONS) {
    const body = h('div');
    const block = h('details', { open: s.open === true }, h('summary', {}, s.title), body) as HTMLDetailsElement;
    box.appendChild(block);
    if (!s.lazy) s.draw(body);
    else block.addEventListener('toggle', () => block.open && !body.firstChild && s.draw(body));
  }
}

function auditSection(audit: HTMLElement): void {
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
