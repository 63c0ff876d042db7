/**
 * The sidebar panel's server functions through dist/Code.js (google.script.run targets), on a sheet filled as 1,000
 * and 10,000 real requests leave it: Sheet calls, cells read and the estimated Apps Script time per call (cold path:
 * script caches expired), including the 1.5 s start of the execution. Then the metrics view and the lookups of an
 * archived request at 100, 10,000 and 30,000 requests (readable.ts).
 */
import { COST_MODEL_VERSION } from '../src/local/kernel/cost-model';
import { measureOp } from './operations';
import type { BenchTable } from './report';
import { runReadable } from './readable';
import { filledWorld, MAX, OLGA } from './world';

export async function run(): Promise<BenchTable[]> {
  const rows: Array<Array<string | number>> = [];
  for (const n of [1_000, 10_000]) {
    const w = filledWorld(n);
    const ops: Array<[string, string, string, unknown]> = [
      ['who am I (page start)', OLGA, 'handoffPanelWhoAmI', {}],
      ['All requests, first view (25 newest)', OLGA, 'handoffPanelListRequests', { limit: 25, offset: 0 }],
      ['All requests, page 40', OLGA, 'handoffPanelListRequests', { limit: 25, offset: 975 }],
      ['All requests, text search', OLGA, 'handoffPanelListRequests', { limit: 25, offset: 0, text: 'item 7' }],
      ['All requests, state filter', OLGA, 'handoffPanelListRequests', { limit: 25, offset: 0, state: 'ordered' }],
      ['My work (approver)', MAX, 'handoffPanelMyWork', {}],
      ['Request view (fields, actions, timeline)', OLGA, 'handoffPanelGetRequest', { requestId: 'PR-000001' }],
    ];
    for (const [label, who, fn, args] of ops) {
      w.expireCaches();
      const c = measureOp(w, () => w.run(fn, [args], { as: who }));
      rows.push([label, n, c.sheetCalls, c.apiCalls, c.otherCalls, c.cellsRead, Math.round(c.seconds * 100) / 100]);
    }
  }
  return [
    {
      title: 'Panel server functions through dist/Code.js (per call, cold path)',
      columns: ['operation', 'requests', 'SpreadsheetApp calls', 'Sheets API calls', 'other calls', 'cells read', 'est. s'],
      rows,
      note: `Estimated with ${COST_MODEL_VERSION}, including the 1.5 s start of the execution and the script's JavaScript × 3.`,
    },
    // The metrics view and archived requests, at N = 100, 10,000 and 30,000.
    ...runReadable(),
  ];
}
