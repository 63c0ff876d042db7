/**
 * One dispatcher run over 1,000 / 10,000 / 100,000 open requests: Sheet calls, other service calls, cells and the
 * estimated Apps Script time (the local Workspace's cost model). Two cases per size: nothing due, and the same
 * 25 reminders due (their rows rewritten in a batch, their mails sent from the Outbox). The Sheet call count
 * must not change with the number of rows; only the cells read by the column scan grow.
 */
import { COST_MODEL_VERSION } from '../src/local/kernel/cost-model';
import { SHEET_SERVICES } from '../src/local/kernel/meter';
import { runTimers } from '../src/gas/timers/dispatcher';
import { DEFAULT_BOUND_PERIOD_MINUTES } from '../src/gas/timers/state';
import { OWNER, seededWorld } from '../test/unit/gas/timers/helpers';
import type { BenchTable } from './report';

const SIZES = [1_000, 10_000, 100_000];
const DUE = 25;
const START_MS = 1_500; // start of an execution (cost model), not in the meter

export async function run(): Promise<BenchTable[]> {
  const rows: Array<Array<string | number>> = [];
  let idleMs = 0;
  for (const size of SIZES) {
    for (const due of [0, DUE]) {
      const w = seededWorld(size, due);
      let report: ReturnType<typeof runTimers> | null = null;
      const { cost } = w.ws.kernel.measure(() => {
        report = w.as(OWNER, () => runTimers(w.c()));
      });
      let sheet = 0;
      let other = 0;
      for (const [k, v] of Object.entries(cost.calls)) {
        if (SHEET_SERVICES.includes(k.slice(0, k.indexOf('.')))) sheet += v;
        else other += v;
      }
      const r = report as unknown as ReturnType<typeof runTimers>;
      const ms = Math.round(cost.estimatedMs) + START_MS;
      if (size === 10_000 && due === 0) idleMs = ms;
      rows.push([size, due ? `${due} reminders due` : 'nothing due', sheet, other, cost.cellsRead, cost.cellsWritten, r.reminders, r.sent, ms]);
    }
  }
  const perDay = (24 * 60) / DEFAULT_BOUND_PERIOD_MINUTES;
  const dayMin = (perDay * idleMs) / 60_000;
  return [
    {
      title: 'Timers: one dispatcher run (src/gas/timers on the local Workspace)',
      columns: ['open requests', 'case', 'SpreadsheetApp calls', 'other service calls', 'cells read', 'cells written', 'reminders', 'mails sent', 'est. Apps Script ms'],
      rows,
      note:
        `Estimated with ${COST_MODEL_VERSION}, including the ${START_MS / 1000} s start of an execution. SpreadsheetApp calls are equal across sizes ` +
        `(the column scan is 3 batched reads whatever the row count; changed rows are written in one setValues per run of consecutive rows); ` +
        `each mail adds a claim and a mark on its own Outbox row. Daily trigger runtime at the default ${DEFAULT_BOUND_PERIOD_MINUTES}-minute period ` +
        `with 10,000 idle requests: ${perDay} runs × ${(idleMs / 1000).toFixed(1)} s ≈ ${dayMin.toFixed(0)} min (budget: 90 min consumer, 360 min Workspace).`,
    },
  ];
}
