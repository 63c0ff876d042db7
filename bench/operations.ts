/**
 * What each operation costs as Apps Script runs it: dist/Code.js on the local Workspace, driven through its entry
 * points, with every growing tab filled as N real requests leave it (bench/world.ts). Each operation is measured on
 * the cold path (script caches expired, as a next-day user meets them) and the warm path (the same operation again
 * at once). Estimates use cost model version 3: every execution start (1.5 s), every metered service call, and the
 * script's own JavaScript (Node CPU time × 3: the wall clock would count the waits of a busy machine).
 */
import { COST_MODEL_VERSION, EXECUTION_START_MS, PLAIN_JS_FACTOR } from '../src/local/kernel/cost-model';
import { SHEET_SERVICES } from '../src/local/kernel/meter';
import { signStatusToken } from '../src/gas/approvals/status-token';
import type { BenchTable } from './report';
import { confirmPost, createWorld, filledWorld, lastRequestId, MAX, OLGA, OWNER, RITA, type World } from './world';

/** N; `HANDOFF_BENCH_SIZES=100,10000` runs other sizes (the targets table needs at least two). */
export const SIZES = (process.env.HANDOFF_BENCH_SIZES ?? '100,10000,30000').split(',').map(Number);
/** `HANDOFF_BENCH_CALLS=1` prints every operation's calls by service and method (what the estimate is made of). */
const PRINT_CALLS = process.env.HANDOFF_BENCH_CALLS === '1';
const REMINDERS = 25;

export interface OpCost {
  executions: number;
  sheetCalls: number;
  apiCalls: number;
  otherCalls: number;
  cellsRead: number;
  cellsWritten: number;
  mails: number;
  /** Estimated Apps Script seconds: starts + service calls + JavaScript × 3. */
  seconds: number;
  calls: Record<string, number>;
  /** The script's JavaScript, as estimated (Node time × 3). */
  jsMs: number;
}

function printCalls(label: string, c: OpCost): void {
  const list = Object.entries(c.calls)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`${label}: ${s(c.seconds)} s (JavaScript ${Math.round(c.jsMs)} ms) — ${list}`);
}

let executions = 0;
const counted = new WeakSet<World>();

function measure(w: World, fn: () => unknown): OpCost {
  if (!counted.has(w)) {
    w.ws.kernel.executions.onEnd(() => executions++);
    counted.add(w);
  }
  const e0 = executions;
  // The garbage the bench made filling N requests is collected now, not during the operation (`npm run bench` runs
  // node with --expose-gc): a big world's collection is not the script's JavaScript.
  (globalThis as { gc?: () => void }).gc?.();
  const js0 = w.script.scriptTimeMs();
  const { cost } = w.ws.kernel.measure(fn);
  const js = w.script.scriptTimeMs() - js0;
  const n = executions - e0;
  let sheetCalls = 0;
  let apiCalls = 0;
  let otherCalls = 0;
  for (const [k, v] of Object.entries(cost.calls)) {
    const service = k.slice(0, k.indexOf('.'));
    if (service === 'Sheets') apiCalls += v;
    else if (SHEET_SERVICES.includes(service)) sheetCalls += v;
    else otherCalls += v;
  }
  const mails = (cost.calls['MailApp.sendEmail'] ?? 0) + (cost.calls['GmailApp.sendEmail'] ?? 0);
  return {
    calls: cost.calls,
    jsMs: js * PLAIN_JS_FACTOR,
    executions: n,
    sheetCalls,
    apiCalls,
    otherCalls,
    cellsRead: cost.cellsRead,
    cellsWritten: cost.cellsWritten,
    mails,
    seconds: (n * EXECUTION_START_MS + cost.estimatedMs + js * PLAIN_JS_FACTOR) / 1000,
  };
}

export type OpName =
  | 'form submission (trigger)'
  | 'approval link GET (confirm page)'
  | 'approval POST from the email'
  | 'create from the sidebar'
  | "operator's first All requests page"
  | "requester's status page (link from an email)"
  | 'Gmail card: open the approval email'
  | 'Gmail card: Approve'
  | 'timer run, nothing due'
  | `timer run, ${number} reminders due`;

export interface OpResult {
  op: OpName;
  n: number;
  cold: OpCost;
  warm: OpCost | null;
}

const fields = (item: string) => ({ item, amount: 300, costCenter: 'Operations', justification: 'bench' });

/** Every operation at one size. */
export function runAt(n: number): OpResult[] {
  const w = n === 0 ? createWorld() : filledWorld(n);
  const out: OpResult[] = [];
  const quiet = <T>(fn: () => T): T => w.ws.kernel.meter.unmetered(fn);
  const pair = (op: OpName, cold: () => unknown, warm: (() => unknown) | null) => {
    w.expireCaches();
    const c = measure(w, cold);
    const r = warm ? measure(w, warm) : null;
    out.push({ op, n, cold: c, warm: r });
    if (PRINT_CALLS)
      for (const [path, x] of [
        ['cold', c],
        ['warm', r],
      ] as const)
        if (x) printCalls(`${op}, N = ${n}, ${path}`, x);
  };

  // Two requests waiting for Max, their approval emails delivered.
  const waitingIds: string[] = [];
  const waiting = quiet(() => {
    for (const item of ['Bench A', 'Bench B', 'Bench G', 'Bench H']) {
      w.submit(item);
      waitingIds.push(lastRequestId(w));
    }
    w.timer();
    return waitingIds.slice(0, 2).map((id) => w.approveLink(id));
  });
  pair(
    'form submission (trigger)',
    () => w.submit('Bench C'),
    () => w.submit('Bench D'),
  );
  pair(
    'approval link GET (confirm page)',
    () => w.get(waiting[0]!, MAX),
    () => w.get(waiting[1]!, MAX),
  );
  pair(
    'approval POST from the email',
    () => confirmPost(w, waiting[0]!, MAX),
    () => confirmPost(w, waiting[1]!, MAX),
  );
  // The Gmail add-on, as Max (who cannot open the governed sheet from the card): the card's execution asks the web
  // app (a second execution, through the relay deployment) to read the request, or to record the decision.
  const cardEvent = (id: string) => {
    const m = [...w.ws.mail.inbox(MAX)].reverse().find((x) => x.subject.startsWith(`[${id}]`))!;
    return { gmail: { messageId: m.id, accessToken: w.ws.mail.accessToken(m.id) } };
  };
  const openCard = (id: string) => w.run('onGmailMessageOpen', [cardEvent(id)], { as: MAX, runAs: MAX, kind: 'addon-card' });
  // The Approve button's parameters, as the card the approver opened carries them (with the row hint it was sent).
  const opened: Record<string, unknown> = {};
  const approveButton = (id: string): Record<string, string> => {
    const json = JSON.stringify(opened[id]);
    const all = [...json.matchAll(/"parameters":(\{[^}]*\})/g)].map((m) => JSON.parse(m[1]!) as Record<string, string>);
    const p = all.find((x) => x.decision === 'approve');
    if (!p) throw new Error(`bench: the card for ${id} has no Approve button`);
    return p;
  };
  const approveInCard = (id: string) =>
    w.run('handoffCardDecide', [{ commonEventObject: { parameters: approveButton(id), formInputs: {} } }], {
      as: MAX,
      runAs: MAX,
      kind: 'addon-card',
    });
  pair(
    'Gmail card: open the approval email',
    () => (opened[waitingIds[2]!] = openCard(waitingIds[2]!)),
    () => (opened[waitingIds[3]!] = openCard(waitingIds[3]!)),
  );
  pair(
    'Gmail card: Approve',
    () => approveInCard(waitingIds[2]!),
    () => approveInCard(waitingIds[3]!),
  );
  pair(
    'create from the sidebar',
    () => w.run('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: fields('Bench E') }], { as: OLGA }),
    () => w.run('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: fields('Bench F') }], { as: OLGA }),
  );
  pair(
    "operator's first All requests page",
    () => w.run('handoffPanelListRequests', [{ limit: 25, offset: 0 }], { as: OLGA }),
    () => w.run('handoffPanelListRequests', [{ limit: 25, offset: 0 }], { as: OLGA }),
  );

  // The link a requester's email carries (mail/status-link.ts): the signed status token, the request's row as `r`.
  const statusLinks = quiet(() => {
    const rows = w.values('Requests');
    return waitingIds.map((id) => {
      const token = signStatusToken(w.ws.globals as never, { requestId: id, requester: RITA, now: w.ws.kernel.clock.now() });
      const row = rows.findIndex((r) => String(r[0]) === id) + 1;
      return `${w.ws.webapp.url()}?status=${encodeURIComponent(token)}&r=${row}`;
    });
  });
  pair(
    "requester's status page (link from an email)",
    () => w.get(statusLinks[0]!, RITA),
    () => w.get(statusLinks[1]!, RITA),
  );

  // Nothing open, nothing queued: the operator cancels what the bench left open, one timer run sends the mail.
  quiet(() => {
    cancelOpen(w);
    w.timer();
  });
  pair(
    'timer run, nothing due',
    () => w.timer(),
    () => w.timer(),
  );

  // 25 requests from 25 requesters, each with their own manager on immediate delivery, submitted on a Tuesday
  // from 09:30 New York time, 5.5 minutes apart (the form's sweep re-reads only the last 5 minutes of responses); one
  // timer run at 11:45 sends their approval emails (and makes the day's full scan of Requests). On Wednesday at 11:43
  // their 8-business-hour reminders are all due (the 16-hour escalation is not), and the measured run is the first to
  // see them: the installed timer runs every 10 minutes until just before the first is due (so the night's
  // once-a-day work, the archive check, is done), then the clock moves on without firing it. Both once-a-day jobs (the
  // archive check, the full scan) are left out: a real timer meets them in some run of the day, rarely this one.
  quiet(() => {
    w.ws.kernel.clock.drift(Date.UTC(2026, 0, 13, 14, 0) - w.ws.kernel.clock.now());
    for (let i = 0; i < REMINDERS; i++) {
      const [requester, manager] = reminderPair(i);
      w.run('handoffPanelSavePerson', [{ email: manager, name: `Manager ${i + 1}`, roles: ['manager'], delivery: 'immediate' }]);
      w.run('handoffPanelSavePerson', [{ email: requester, name: `Requester ${i + 1}`, roles: [], manager }]);
    }
    w.ws.kernel.clock.drift(Date.UTC(2026, 0, 13, 14, 30) - w.ws.kernel.clock.now());
    for (let i = 0; i < REMINDERS; i++) {
      if (i > 0) w.ws.kernel.clock.drift(5.5 * 60_000);
      w.submit(`Reminder ${i + 1}`, 250, {}, reminderPair(i)[0]);
    }
    w.ws.kernel.clock.drift(Date.UTC(2026, 0, 13, 16, 45) - w.ws.kernel.clock.now());
    w.timer(); // the approval emails go out
    w.ws.kernel.clock.set(Date.UTC(2026, 0, 14, 14, 25));
    w.ws.kernel.clock.drift(Date.UTC(2026, 0, 14, 16, 43) - w.ws.kernel.clock.now());
  });
  pair(`timer run, ${REMINDERS} reminders due`, () => w.timer(), null);
  return out;
}

/** The i-th reminder scenario's requester and their manager (the approver the reminder goes to). */
function reminderPair(i: number): [string, string] {
  return [`req${i + 1}@acme.test`, `mgr${i + 1}@acme.test`];
}

/** An operator cancels every request that is not closed (through the sidebar), so no timer work is left. */
function cancelOpen(w: World): void {
  const rows = w.values('Requests');
  const head = rows[0] as string[];
  const [idCol, stateCol, revCol] = ['ID', 'State', 'Revision'].map((h) => head.indexOf(h)) as [number, number, number];
  for (const r of rows.slice(1)) {
    const state = String(r[stateCol]);
    if (['ordered', 'rejected', 'cancelled'].includes(state)) continue;
    w.run(
      'handoffPanelAct',
      [
        {
          requestId: String(r[idCol]),
          expectedRevision: Number(r[revCol]),
          action: { type: 'cancel', reason: 'bench: clearing the queue' },
        },
      ],
      { as: OLGA },
    );
  }
}

const s = (x: number) => Math.round(x * 100) / 100;

function row(r: OpResult, path: 'cold' | 'warm', c: OpCost): Array<string | number> {
  return [r.op, r.n, path, c.executions, c.sheetCalls, c.apiCalls, c.otherCalls, c.cellsRead, c.cellsWritten, c.mails, s(c.seconds)];
}

export const TARGETS: Partial<Record<OpName, (c: OpCost) => number>> = {
  'form submission (trigger)': () => 2.5,
  'approval POST from the email': () => 3.0,
  'approval link GET (confirm page)': () => 2.2,
  'create from the sidebar': () => 2.5,
  "operator's first All requests page": () => 2.5,
  'timer run, nothing due': () => 1.7,
  [`timer run, ${REMINDERS} reminders due`]: (c: OpCost) => 1.5 + 1.1 * c.mails,
};

export async function run(): Promise<BenchTable[]> {
  const results: OpResult[] = [];
  for (const n of SIZES) results.push(...runAt(n));
  const detail: Array<Array<string | number>> = [];
  for (const r of results) {
    detail.push(row(r, 'cold', r.cold));
    if (r.warm) detail.push(row(r, 'warm', r.warm));
  }
  const ops = [...new Set(results.map((r) => r.op))];
  const summary = ops.map((op) => {
    const at = (n: number) => results.find((r) => r.op === op && r.n === n)!.cold;
    const base = at(SIZES[0]!);
    const worst = Math.max(...SIZES.slice(1).map((n) => Math.abs(at(n).seconds - base.seconds) / base.seconds));
    const callsFlat = SIZES.slice(1).every((n) => {
      const c = at(n);
      const calls = (x: OpCost) => x.sheetCalls + x.apiCalls + x.otherCalls;
      return Math.abs(calls(c) - calls(base)) <= 0.1 * calls(base);
    });
    const target = TARGETS[op]?.(at(SIZES[SIZES.length - 1]!));
    const big = SIZES.slice(1).map((n) => at(n).seconds);
    const met = target !== undefined && big.every((x) => x <= target);
    // One size measures nothing against N = 100 and nothing at the target's sizes: it judges nothing.
    if (big.length === 0)
      return [op, ...SIZES.map((n) => s(at(n).seconds)), '—', target === undefined ? '' : `≤ ${s(target)} s`, 'not judged (one size)'];
    return [
      op,
      ...SIZES.map((n) => s(at(n).seconds)),
      `${Math.round(worst * 100)}%${worst <= 0.1 && callsFlat ? '' : ' (not flat)'}`,
      target === undefined ? '' : `≤ ${s(target)} s`,
      target === undefined
        ? worst <= 0.1 && callsFlat
          ? 'flat (no target)'
          : 'not flat (no target)'
        : met && worst <= 0.1 && callsFlat
          ? 'met'
          : 'not met',
    ];
  });
  return [
    {
      title: 'Operations through dist/Code.js: cost per operation (cold and warm path)',
      columns: [
        'operation',
        'N requests',
        'path',
        'executions',
        'SpreadsheetApp calls',
        'Sheets API calls',
        'other calls',
        'cells read',
        'cells written',
        'mails',
        'est. s',
      ],
      rows: detail,
      note:
        `Estimated with ${COST_MODEL_VERSION}: ${EXECUTION_START_MS / 1000} s per execution start (a relay through the web app is a second ` +
        `execution), every metered call, and the script's JavaScript (its CPU time) × ${PLAIN_JS_FACTOR}. Growing tabs hold what N real requests leave ` +
        `(${'Requests, Audit, Outbox, Intake log'}). Cold: script caches expired; warm: the same operation again at once.`,
    },
    {
      title: 'Targets: cold path, estimated seconds by N, and the spread against N = 100',
      columns: ['operation', ...SIZES.map((n) => `N = ${n.toLocaleString('en-US')}`), 'largest change vs N = 100', 'target', 'status'],
      rows: summary,
      note: 'Met: at N = 10,000 and 30,000 the estimate is within the target, and calls and time are within 10% of N = 100.',
    },
  ];
}

export { measure as measureOp, OWNER };
