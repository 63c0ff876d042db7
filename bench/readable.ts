/**
 * `npm run bench -- panel`: the metrics view and an archived request's lookups, cold, through
 * dist/Code.js at N = 100, 10,000 and 30,000 requests.
 *   - the world is filled as N real requests leave it (world.ts), a day later the owner's timer runs archive the
 *     requests driven for real (the copies are marked as changed later, so they stay live) and fold every Audit row
 *     into the metrics summary (several runs at 30,000: each folds at most FOLD_RUN_ROWS rows);
 *   - then, caches expired: the metrics view as it reads the summary, then again after 20 new requests (the rows
 *     the view folds itself: the log's tail), the same view with no summary (the whole live log, as before the summary), the operator's lookup of an archived request by
 *     id (the sidebar, running as the operator), and the requester's status page for it (the web app).
 */
import { signStatusToken } from '../src/gas/approvals/status-token';
import { COST_MODEL_VERSION } from '../src/local/kernel/cost-model';
import { rechain } from './archives';
import { measureOp, SIZES } from './operations';
import type { BenchTable } from './report';
import { filledWorld, OLGA, OWNER, REAL_REQUESTS, RITA, type World } from './world';

const DAY = 86_400_000;
const TAIL_REQUESTS = 20;
const HOUR = 3_600_000;

interface Row {
  label: string;
  n: number;
  c: ReturnType<typeof measureOp>;
}

function checkpoint(w: World): { ready: boolean; seq: number } | null {
  const v = w.values('Metrics');
  if (v.length < 2) return null;
  return JSON.parse(String(v[1]![1])) as { ready: boolean; seq: number };
}

/** A day later, the real requests past a one-day retention, the copies changed today: timer runs until the summary is built. */
function archiveAndSummarize(w: World, n: number): { runs: number; last: unknown } {
  // Changing time fires the installed timer trigger too: those runs count as the timer's runs here.
  return w.ws.kernel.meter.unmetered(() => {
    w.run('handoffSetRetention', [1]);
    const ss = w.ws.sheets.get(w.spreadsheetId);
    const head = (w.values('Requests')[0] ?? []).map(String);
    const col = String.fromCharCode(65 + head.indexOf('Updated'));
    const copies = Math.max(0, n - REAL_REQUESTS);
    if (copies > 0) {
      // Changed "two days later" (the installed timer trigger fires as the clock moves on: it must not move them).
      const now = new Date(w.ws.kernel.clock.now() + 2 * DAY);
      ss.write(
        'Requests',
        `${col}${REAL_REQUESTS + 2}`,
        Array.from({ length: copies }, () => [now]),
      );
    }
    w.ws.kernel.clock.advance(2 * DAY);
    let runs = 0;
    let last: unknown = null;
    // The summary made when the few real requests ran is far behind the copies appended at once: timer runs until it
    // has caught up with the log's last row, as a steady 6-hourly archive run keeps it.
    const caughtUp = () => {
      const c = checkpoint(w);
      const audit = w.values('Audit');
      return !!c?.ready && c.seq >= Number(audit[audit.length - 1]?.[0] ?? 0);
    };
    while (runs < 20) {
      last = w.timer();
      runs++;
      if (caughtUp()) break;
      w.ws.kernel.clock.advance(7 * HOUR); // the archive part runs again 6 hours after a run with nothing left
    }
    if (!caughtUp()) throw new Error(`bench: the metrics summary did not catch up after ${runs} timer runs`);
    return { runs, last };
  });
}

/** The requester's status link, as Handoff's emails carry it (signed with the script's key). */
function statusLink(w: World, requestId: string): string {
  return w.ws.kernel.meter.unmetered(() => {
    const token = signStatusToken(w.ws.globals as never, { requestId, requester: RITA, now: w.ws.kernel.clock.now() });
    return `${w.ws.webapp.url()}?status=${encodeURIComponent(token)}`;
  });
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function runReadable(): BenchTable[] {
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const n of SIZES) {
    const w = filledWorld(n);
    rechain(w); // the copies' hashes chained again, so the archive's verify step passes
    const { runs, last } = archiveAndSummarize(w, n);
    const live = new Set(w.values('Requests').map((r) => String(r[0])));
    const archived = 'PR-000001';
    if (live.has(archived)) throw new Error(`bench: ${archived} was not archived: ${JSON.stringify(last).slice(0, 1500)}`);
    const link = statusLink(w, archived);
    notes.push(`N = ${n.toLocaleString('en-US')}: the summary caught up in ${runs} timer run${runs === 1 ? '' : 's'}`);
    // Each operation three times, caches expired before each: the median (the script's JavaScript varies with the
    // machine's load; the calls and cells are the same every time).
    const op = (label: string, fn: () => unknown) => {
      const runs = [0, 1, 2].map(() => {
        w.expireCaches();
        return measureOp(w, fn);
      });
      const c = runs.sort((a, b) => a.seconds - b.seconds)[1]!;
      rows.push({ label, n, c });
      if (process.env.HANDOFF_BENCH_CALLS === '1')
        console.log(`${label}, N = ${n}: ${r2(c.seconds)} s (JavaScript ${Math.round(c.jsMs)} ms) — ${JSON.stringify(c.calls)}`);
    };
    op('Metrics view (summary, no tail)', () => w.run('handoffPanelMetrics', [{}], { as: OLGA }));
    // Activity since the last fold: 20 requests submitted through the form (their rows are the log's tail).
    w.ws.kernel.meter.unmetered(() => {
      for (let i = 0; i < TAIL_REQUESTS; i++)
        if (w.submit(`Tail ${i + 1}`).status !== 'created') throw new Error('bench: a tail request was not created');
    });
    op(`Metrics view (summary + tail of ${TAIL_REQUESTS} new requests)`, () => w.run('handoffPanelMetrics', [{}], { as: OLGA }));
    op('Archived request by id (panel, operator)', () => w.run('handoffPanelGetRequest', [{ requestId: archived }], { as: OLGA }));
    op('Archived request status page (GET)', () => w.get(link, RITA));
    // The view before the summary: the whole live log (what every view read before).
    w.ws.kernel.meter.unmetered(() => {
      const ss = w.ws.globals.SpreadsheetApp.openById(w.spreadsheetId);
      ss.deleteSheet(ss.getSheetByName('Metrics')!);
    });
    op('Metrics view, no summary (whole live log)', () => w.run('handoffPanelMetrics', [{}], { as: OWNER }));
  }
  const byOp = [...new Set(rows.map((r) => r.label))];
  const target = (label: string) => (label.startsWith('Metrics view (summary') ? '≤ 3 s' : '—');
  return [
    {
      title: 'Archived requests and metrics through dist/Code.js (per call, cold path)',
      columns: ['operation', 'requests', 'SpreadsheetApp calls', 'Sheets API calls', 'other calls', 'cells read', 'est. s'],
      rows: rows.map((r) => [r.label, r.n, r.c.sheetCalls, r.c.apiCalls, r.c.otherCalls, r.c.cellsRead, r2(r.c.seconds)]),
      note: `Estimated with ${COST_MODEL_VERSION}, including the 1.5 s start of the execution and the script's JavaScript × 3; the median of three cold calls. ${notes.join('; ')}.`,
    },
    {
      title: 'Archived requests and metrics: targets (cold, estimated seconds)',
      columns: ['operation', ...SIZES.map((n) => `N = ${n.toLocaleString('en-US')}`), 'target', 'status'],
      rows: byOp.map((label) => {
        const s = SIZES.map((n) => r2(rows.find((r) => r.label === label && r.n === n)!.c.seconds));
        const t = target(label);
        return [label, ...s, t, t === '—' ? '—' : s.every((x) => x <= 3) ? 'met' : 'not met'];
      }),
    },
  ];
}
