/**
 * A governed sheet on the local Workspace with ScriptApp (clock triggers) and MailApp registered, a small
 * workflow with an SLA on a New York calendar (a holiday, and the 2026 DST change on Sunday 8 March), and the
 * dispatcher wired as the trigger handler.
 */
import type { Definition } from '../../../../src/core';
import type { AppContext, ContextOptions } from '../../../../src/gas/context';
import { createRequestCommand, applyActionCommand } from '../../../../src/gas/commands/requests';
import { publishWorkflow } from '../../../../src/gas/commands/workflows';
import { setUp } from '../../../../src/gas/setup/setup';
import { runTimers, type RunOptions, type RunReport } from '../../../../src/gas/timers/dispatcher';
import { installDispatcher } from '../../../../src/gas/timers/trigger';
import { createMailServices, type MailServices } from '../../../../src/local/services/mail';
import { createScriptServices, FunctionTableInvoker, type ScriptServices } from '../../../../src/local/services/script';
import { OWNER, testWorkspace, type TestWorkspace } from '../workspace';

export { OWNER };

export const REQ = 'rita@acme.test';
export const PAT = 'pat@acme.test';
export const LEAD = 'lee@acme.test';
export const DIG = 'dora@acme.test';

/** 2026-03-09 (Monday after the DST change) is a holiday. */
export const desk: Definition = {
  id: 'desk',
  name: 'Desk request',
  prefix: 'DR',
  calendar: { timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: ['2026-03-09'] },
  fields: [
    { id: 'item', label: 'Item', type: 'text', required: true },
    { id: 'owner', label: 'Owner', type: 'email', required: true },
  ],
  states: [
    {
      id: 'triage',
      label: 'Triage',
      kind: 'start',
      owner: { type: 'routing' },
      sla: { businessHours: 16, remindAfterHours: [4, 8], escalateTo: { type: 'queue', queue: 'leads' } },
    },
    { id: 'waiting', label: 'Waiting on requester', kind: 'waiting_on_requester' },
    { id: 'done', label: 'Done', kind: 'terminal', outcome: 'completed' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [
    { action: 'ask', from: ['triage'], to: 'waiting', by: ['assignee'] },
    { action: 'close', from: ['triage'], to: 'done', by: ['assignee'] },
  ],
  routing: { rules: [], default: { type: 'field', field: 'owner' } },
};

export const PEOPLE: unknown[][] = [
  [REQ, 'Rita Requester', '', '', '', '', '', '', ''],
  // Pat and Lee chose immediate delivery (each reminder and escalation at once); Dora gets a digest.
  [PAT, 'Pat Owner', 'agent', '', '', '', '', 'America/New_York', 'immediate'],
  [LEAD, 'Lee Lead', 'leads', '', '', '', '', 'America/New_York', 'immediate'],
  [DIG, 'Dora Digest', 'agent', '', '', '', '', 'Europe/Paris', 'daily'],
];

export interface TimersWorld extends TestWorkspace {
  script: ScriptServices;
  mail: MailServices;
  reports: RunReport[];
  runOptions: RunOptions;
  /** A fresh context, as each trigger execution builds one. */
  c(opts?: ContextOptions): AppContext;
  create(item: string, owner?: string): string;
  act(id: string, action: Parameters<typeof applyActionCommand>[1]['action'], actor: string): void;
  /** Subjects received by `email`, with the time (ISO, UTC) they arrived. */
  received(email: string, filter?: RegExp): Array<{ at: string; subject: string }>;
  install(): void;
}

export function timersWorld(
  start = Date.UTC(2026, 2, 6, 20, 0, 0),
  opts: { definition?: Definition; people?: unknown[][] } = {},
): TimersWorld {
  const t = testWorkspace();
  const ws = t.ws;
  const script = createScriptServices(ws.kernel);
  const mail = createMailServices(ws.kernel);
  const g = ws.globals as Record<string, unknown>;
  g.ScriptApp = script.ScriptApp;
  g.MailApp = mail.MailApp;
  g.GmailApp = mail.GmailApp;
  ws.kernel.clock.set(start);
  const c = (opts: ContextOptions = {}) => t.ctx(opts);
  t.as(OWNER, () => setUp(c()));
  t.sheet.write('Directory', 'A3', opts.people ?? PEOPLE);
  t.as(OWNER, () => publishWorkflow(c(), opts.definition ?? desk, OWNER));
  const world: TimersWorld = {
    ...t,
    script,
    mail,
    reports: [],
    runOptions: {},
    c,
    create(item, owner = PAT) {
      return t.as(REQ, () =>
        createRequestCommand(c(), {
          workflowId: 'desk',
          requester: REQ,
          fields: { item, owner },
          channel: 'api',
          actor: { email: REQ, method: 'session' },
        }),
      ).request.id;
    },
    act(id, action, actor) {
      const ctx = c();
      const current = t.as(actor, () => {
        const r = new (require('../../../../src/gas/store/requests').RequestStore)(ctx).find(id);
        return r.request.revision as number;
      });
      t.as(actor, () =>
        applyActionCommand(c(), { requestId: id, action, actor: { email: actor, method: 'session' }, expectedRevision: current }),
      );
    },
    received(email, filter) {
      return mail.controls
        .inbox(email)
        .filter((m) => !filter || filter.test(m.subject))
        .map((m) => ({ at: new Date(m.date).toISOString().slice(0, 16), subject: m.subject }));
    },
    install() {
      t.as(OWNER, () => installDispatcher(c()));
    },
  };
  script.invoker.set(
    new FunctionTableInvoker(ws.kernel, {
      handoffTimerRun: () => {
        world.reports.push(runTimers(c(), world.runOptions));
      },
    }),
  );
  return world;
}

/**
 * A world with `rows` open requests (copies of one real request row with their own ids) of which `due` have
 * their 4-hour reminder due at Tue 10 March 2026 19:30 UTC (where the clock is left). Seeding is unmetered.
 */
export function seededWorld(rows: number, due: number): TimersWorld {
  const w = timersWorld(Date.UTC(2026, 2, 10, 12, 0));
  w.create('Template');
  w.as(OWNER, () => runTimers(w.c())); // sends the template's "assigned" mail; the Outbox is empty again
  const values = w.sheet.values('Requests');
  const header = values[0] as string[];
  const template = values[1] as unknown[];
  const col = (name: string) => header.indexOf(name);
  const sla = JSON.parse(String(template[col('SLA')])) as Record<string, unknown>;
  const slaFor = (i: number) =>
    JSON.stringify({
      ...sla,
      runningSince: i < due ? Date.UTC(2026, 2, 10, 13, 0) : Date.UTC(2026, 2, 10, 18, 0),
      dueAt: Date.UTC(2026, 2, 12, 13, 0),
    });
  const out: unknown[][] = [];
  for (let i = 0; i < rows; i++) {
    const r = [...template];
    r[col('ID')] = `DR-${String(i + 2).padStart(6, '0')}`;
    r[col('SLA')] = slaFor(i);
    out.push(r);
  }
  // Row 2 (the template) is replaced as well, so exactly `rows` requests exist.
  w.sheet.write('Requests', 'A2', out);
  w.ws.kernel.clock.set(Date.UTC(2026, 2, 10, 19, 30));
  return w;
}

/**
 * A timer run stopped by Apps Script right after its first unit's batchUpdate landed (the time limit cannot be
 * caught: nothing after it runs). Throws what the run threw.
 */
export function runKilledAfterFirstWrite(w: TimersWorld): void {
  let writes = 0;
  w.as(OWNER, () =>
    runTimers(
      w.c({
        hooks: {
          afterWrite: () => {
            if (++writes === 1) throw new Error('Exceeded maximum execution time');
          },
        },
      }),
    ),
  );
}
