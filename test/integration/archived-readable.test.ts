/**
 * Archived requests stay readable, through dist/Code.js on the local Workspace: closed requests
 * move to "Handoff archive 2026" in a real archive run (the owner's timer), then an operator looks one up by id in
 * the panel, the requester opens its status page, and metrics still count it: equal to core's computeMetrics over
 * every Audit row, live and archived.
 */
import { computeMetrics, type AuditEvent } from '../../src/core';
import { signStatusToken } from '../../src/gas/approvals/status-token';
import type { CellValue } from '../../src/gas/sheet/values';
import { parseAuditRecord } from '../../src/gas/store/audit-rows';
import { purchaseApproval } from '../../src/templates';
import { laptop, MAX, PEOPLE, RITA } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle, type Harness } from './harness';

const OLGA = 'olga@acme.test';
const EVE = 'eve@acme.test';
const DAY = 86_400_000;

interface View {
  id: string;
  state: string;
  requester: string;
  actions: unknown[];
  archived: { name: string; url: string; year: number } | null;
  sla: unknown;
  timeline: Array<{ seq: number; action: string; actor: string }>;
  fields: Array<{ id: string; value: unknown }>;
}
interface Metrics {
  workflows: Array<{
    workflowId: string;
    requests: number;
    completed: number;
    cycleTime: { count: number; median: number | null; p90: number | null };
    perState: Array<{ state: string; count: number; median: number | null; p90: number | null }>;
    slaBreaches: number;
    reworkRate: number;
    exceptionRate: number;
    channels: Array<{ channel: string; share: number }>;
  }>;
  events: number;
  source: string;
  pending: number;
}

const records = (values: unknown[][]): Array<Record<string, CellValue>> => {
  const [head, ...body] = values;
  return body
    .filter((r) => r.some((v) => v !== '' && v !== null))
    .map((r) => Object.fromEntries((head ?? []).map((k, i) => [String(k), r[i] as CellValue])));
};

let h: Harness;
let archiveId: string;
const ids: Record<string, string> = {};

function create(as: string, item: string): string {
  const r = h.call<{ request: { id: string } }>(
    'handoffCreateRequest',
    [{ workflowId: 'purchase-approval', fields: { ...laptop, item } }],
    {
      as,
    },
  );
  return r.request.id;
}
function reject(id: string): void {
  const { revision } = h.call<{ revision: number }>('handoffGetRequest', [id]);
  h.call('handoffPanelAct', [{ requestId: id, expectedRevision: revision, action: { type: 'reject', comment: 'not now' } }], { as: MAX });
}
const view = (id: string, who: string) => h.call<View>('handoffPanelGetRequest', [{ requestId: id }], { as: who, runAs: who });
const metrics = () => h.call<Metrics>('handoffPanelMetrics', [{}], { as: OLGA, runAs: OLGA });
/** Every Audit row, live and archived, as the old full scan read them (Seq order). */
function everyEvent(): AuditEvent[] {
  const rows = [...records(h.ws.sheets.get(archiveId).values('Audit')), ...records(h.sheet.values('Audit'))];
  return rows
    .map((r, i) => parseAuditRecord(r, i + 2))
    .sort((a, b) => a.seq - b.seq)
    .map((r) => r.event)
    .filter((e) => e.requestId !== '' && !e.requestId.startsWith('TEST-'));
}
const snapshot = () => JSON.stringify([h.sheet.values('Requests'), h.sheet.values('Audit'), h.ws.sheets.get(archiveId).values('Audit')]);

beforeAll(() => {
  h = loadBundle(OWNER);
  h.ws.webapp.deploy({ deploymentId: 'AKfy-local' });
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', [
    ...PEOPLE,
    [OLGA, 'Olga Operator', 'operator', '', '', '', '', '', ''],
    [EVE, 'Eve Requester', '', MAX, '', '', '', '', ''],
  ]);
  // People open the spreadsheet to use the sidebar: the operator edits, the requesters view.
  h.ws.sheets.get(h.spreadsheetId).share(OLGA, 'editor');
  for (const who of [RITA, EVE, MAX]) h.ws.sheets.get(h.spreadsheetId).share(who, 'viewer');
  h.call('handoffSetUp');
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  ids.rita = create(RITA, 'Chair');
  ids.eve = create(EVE, 'Desk');
  ids.rita2 = create(RITA, 'Lamp');
  reject(ids.rita);
  reject(ids.eve);
  reject(ids.rita2);
  ids.open = create(RITA, 'Monitor'); // stays open: the live log's last rows
  h.call('handoffSetRetention', [1]);
  h.ws.kernel.clock.advance(2 * DAY);
  h.call('handoffTimerRun', [], { kind: 'time-trigger' });
  const link = records(h.sheet.values('Config')).find((r) => r.Workflow === '(archive)');
  if (!link) throw new Error('the timer run made no archive');
  archiveId = String(link.Hash);
});

describe('a real archive run moves closed requests out, and they stay readable', () => {
  it('the closed requests are in "Handoff archive 2026", not in the live tabs', () => {
    const live = records(h.sheet.values('Requests')).map((r) => r.ID);
    const archived = records(h.ws.sheets.get(archiveId).values('Requests')).map((r) => r.ID);
    expect(archived).toEqual(expect.arrayContaining([ids.rita, ids.eve, ids.rita2]));
    expect(live).not.toContain(ids.rita);
    expect(live).toContain(ids.open);
    // Config records which id numbers the archive holds.
    const link = records(h.sheet.values('Config')).find((r) => r.Workflow === '(archive)')!;
    expect(JSON.parse(String(link.Definition)).ids).toEqual({ PR: [1, 3] });
  });

  it('an operator looks it up by id in the panel: fields, history and the Archived mark, no actions', () => {
    const v = view(ids.rita!, OLGA);
    expect(v).toMatchObject({ id: ids.rita, state: 'rejected', requester: RITA, actions: [], sla: null });
    expect(v.archived).toMatchObject({ name: 'Handoff archive 2026', year: 2026 });
    expect(v.fields.find((f) => f.id === 'item')?.value).toBe('Chair');
    expect(v.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'reject']));
    expect(v.timeline.find((e) => e.action === 'reject')?.actor).toBe(MAX);
    // A live request still comes from the live tabs, with its actions.
    const live = view(ids.open!, OLGA);
    expect(live.archived).toBeNull();
    expect(live.actions.length).toBeGreaterThan(0);
  });

  it('archives are shared with operators and admins only; requesters are pointed to their status link', () => {
    const viewers = h.ws.kernel.meter.unmetered(() =>
      h.ws.globals.SpreadsheetApp.openById(archiveId)
        .getViewers()
        .map((u) => u.getEmail()),
    );
    expect(viewers).toContain(OLGA);
    expect(viewers).not.toContain(RITA);
    // The panel runs as the person using it: a requester cannot open the archive, her own request or another's.
    const sentence =
      'If it is yours and closed a while ago, it was archived: the status link in your Handoff emails about it still shows it.';
    expect(() => view(ids.rita!, RITA)).toThrow(sentence);
    expect(() => view(ids.rita!, EVE)).toThrow(`Request ${ids.rita} was not found, or it is not one of yours. ${sentence}`);
    // An id no archive's range holds: nothing is opened, the usual sentence.
    expect(() => view('PR-000999', OLGA)).toThrow(/^Request PR-000999 was not found, or it is not one of yours\.$/);
  });

  it('someone who may open the archive but had no part in the request gets the same sentence as for no request', () => {
    // An approver who decided on it, given access to the archive by the owner, sees it; one who did not, does not.
    h.ws.kernel.meter.unmetered(() => {
      const ss = h.ws.globals.SpreadsheetApp.openById(archiveId);
      ss.addViewer(MAX);
      ss.addViewer(EVE);
    });
    expect(view(ids.rita!, MAX)).toMatchObject({ state: 'rejected', actions: [] });
    expect(() => view(ids.rita!, EVE)).toThrow(`Request ${ids.rita} was not found, or it is not one of yours.`);
    expect(view(ids.eve!, EVE).archived?.name).toBe('Handoff archive 2026');
  });

  it("the requester's status page shows the final state and history, read-only; GET changes nothing", () => {
    const token = h.ws.kernel.meter.unmetered(() =>
      signStatusToken(h.ws.globals as never, { requestId: ids.rita!, requester: RITA, now: h.ws.kernel.clock.now() }),
    );
    const before = snapshot();
    const page = h.ws.webapp.get(`https://script.google.com/macros/s/AKfy-local/exec?status=${encodeURIComponent(token)}`, { as: RITA });
    expect(page.title).toBe(`${ids.rita}: Rejected`);
    expect(page.body).toContain('Archived');
    expect(page.body).toContain('Handoff archive 2026');
    expect(page.body).toContain('Rejected (manager) by Max Manager: “not now”');
    expect(page.body).toContain('Submitted by Rita Requester');
    expect(page.body).not.toMatch(/<form/i);
    expect(snapshot()).toBe(before);
  });

  it("a status link signed for another requester shows nothing of someone else's archived request", () => {
    const token = h.ws.kernel.meter.unmetered(() =>
      signStatusToken(h.ws.globals as never, { requestId: ids.rita!, requester: EVE, now: h.ws.kernel.clock.now() }),
    );
    const page = h.ws.webapp.get(`https://script.google.com/macros/s/AKfy-local/exec?status=${encodeURIComponent(token)}`, { as: EVE });
    expect(page.title).toBe('This link is not valid');
    expect(page.body).toContain('does not match any request of yours');
    expect(page.body).not.toContain('Chair');
  });

  it('metrics come from the summary, count the archived requests, and equal computeMetrics over live and archived rows', () => {
    const m = metrics();
    expect(m.source).toBe('summary');
    expect(m.pending).toBe(0);
    const events = everyEvent();
    expect(m.events).toBe(events.length);
    const want = computeMetrics(events, [purchaseApproval])['purchase-approval']!;
    const got = m.workflows.find((w) => w.workflowId === 'purchase-approval')!;
    expect(got.requests).toBe(4);
    expect(got).toMatchObject({
      requests: want.requests,
      completed: want.completed,
      cycleTime: want.cycleTime,
      slaBreaches: want.slaBreaches,
      reworkRate: want.reworkRate,
      exceptionRate: want.exceptionRate,
    });
    expect(got.perState.map(({ state, count, median, p90 }) => ({ state, count, median, p90 }))).toEqual(
      Object.entries(want.perState).map(([state, s]) => ({ state, ...s })),
    );
    expect(got.channels).toEqual(Object.entries(want.channels).map(([channel, share]) => ({ channel, share })));
  });

  it('events after the summary are counted by the view (the log tail), then folded in by the next archive run', () => {
    const summaryBefore = h.sheet.values('Metrics');
    reject(ids.open!);
    const m = metrics();
    const want = computeMetrics(everyEvent(), [purchaseApproval])['purchase-approval']!;
    expect(m.workflows[0]!.completed).toBe(want.completed);
    expect(m.workflows[0]!.completed).toBe(4);
    expect(m.events).toBe(everyEvent().length);
    // The view wrote nothing; the next archive run folds the new rows into the summary, once.
    expect(h.sheet.values('Metrics')).toEqual(summaryBefore);
    h.ws.kernel.clock.advance(7 * 3_600_000);
    h.call('handoffTimerRun', [], { kind: 'time-trigger' });
    expect(h.sheet.values('Metrics')).not.toEqual(summaryBefore);
    const after = metrics();
    expect(after.events).toBe(everyEvent().length);
    expect(after.workflows[0]!.completed).toBe(4);
    expect(after.workflows[0]!.cycleTime).toEqual(computeMetrics(everyEvent(), [purchaseApproval])['purchase-approval']!.cycleTime);
  });
});
