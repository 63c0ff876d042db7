/**
 * The panel's server functions against a governed sheet of 1,000 and 10,000 requests (5 audit rows each):
 * SpreadsheetApp calls, cells read and the estimated Apps Script server time (the local Workspace's cost model,
 * plus measured Node time × 3 for the plain JavaScript; the 1.5 s start of an execution is not included).
 */
import { createRequestCommand } from '../src/gas/commands/requests';
import * as panel from '../src/gas/panel';
import type { PanelFunction } from '../src/gas/panel/guard';
import { COST_MODEL_VERSION, PLAIN_JS_FACTOR } from '../src/local/kernel/cost-model';
import { splitCalls } from '../src/local/kernel/meter';
import { benchSheet, laptop, MAX, OWNER, RITA, type BenchSheet } from './governed-sheet';
import type { BenchTable } from './report';

const OLGA = 'olga@acme.test';

function seeded(n: number): BenchSheet {
  const b = benchSheet();
  b.write('Directory', 'A7', [[OLGA, 'Olga Operator', 'operator', '', '', '', '', '', '']]);
  b.as(RITA, () =>
    createRequestCommand(b.ctx(), {
      workflowId: 'purchase-approval',
      requester: RITA,
      fields: laptop,
      channel: 'form',
      actor: { email: RITA, method: 'session' },
    }),
  );
  const req = b.values('Requests')[1]!;
  const audit = b.values('Audit').slice(1);
  const id = (i: number) => `PR-${String(i + 2).padStart(6, '0')}`;
  b.write(
    'Requests',
    'A3',
    Array.from({ length: n - 1 }, (_, i) => req.map((v, j) => (j === 0 ? id(i) : j === 12 ? `Item ${i}` : v))),
  );
  const reqCol = (b.values('Audit')[0] ?? []).indexOf('Request');
  const rows: unknown[][] = [];
  for (let i = 0; i < n - 1; i++)
    for (let k = 0; k < 5; k++) rows.push((audit[k % audit.length] ?? []).map((v, j) => (j === reqCol ? id(i) : v)));
  b.write('Audit', `A${audit.length + 2}`, rows);
  return b;
}

function measure(b: BenchSheet, who: string, fn: PanelFunction<unknown>, args: unknown) {
  const t0 = process.hrtime.bigint();
  const { cost } = b.ws.kernel.measure(() => b.as(who, () => fn(b.ctx(), args)));
  const nodeMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { calls: splitCalls(cost.calls).sheet, cells: cost.cellsRead, estimateMs: cost.estimatedMs + nodeMs * PLAIN_JS_FACTOR };
}

export async function run(): Promise<BenchTable[]> {
  const rows: Array<Array<string | number>> = [];
  for (const n of [1_000, 10_000]) {
    const b = seeded(n);
    const ops: Array<[string, string, PanelFunction<unknown>, unknown]> = [
      ['who am I (page start)', OLGA, panel.whoAmI, {}],
      ['All requests, first view (25 newest)', OLGA, panel.listRequests, { limit: 25 }],
      ['All requests, page 40', OLGA, panel.listRequests, { limit: 25, offset: 975 }],
      ['All requests, text search', OLGA, panel.listRequests, { text: 'item 77' }],
      ['All requests, state + overdue filter', OLGA, panel.listRequests, { state: 'approval', overdue: false }],
      ['My work (approver)', MAX, panel.myWork, {}],
      ['Request view (fields, actions, timeline)', OLGA, panel.getRequestView, { requestId: 'PR-000001' }],
      ['Metrics (whole audit log)', OWNER, panel.metrics, {}],
    ];
    for (const [label, who, fn, args] of ops) {
      const m = measure(b, who, fn, args);
      rows.push([label, n, m.calls, m.cells, Math.round(m.estimateMs)]);
    }
  }
  return [
    {
      title: 'Panel server functions (per call)',
      columns: ['operation', 'requests', 'Sheet calls', 'cells read', 'est. server ms'],
      rows,
      note: `Estimate: ${COST_MODEL_VERSION}, Node time × ${PLAIN_JS_FACTOR}; excludes the ~1.5 s start of an execution. The first view reads only the page's rows (constant calls and cells); filters and My work read the 13 readable columns of every row in one call; the request view reads the Audit "Request" column once; metrics read the whole log.`,
    },
  ];
}
