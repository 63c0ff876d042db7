/**
 * One dispatcher run over 1,000 / 10,000 / 100,000 open requests: Sheet calls, other service calls, cells and the
 * estimated Apps Script time (the local Workspace's cost model). Two cases per size: nothing due, and the same
 * 25 reminders due (their rows rewritten in a batch, their mails sent from the Outbox). The Sheet call count
 * must not change with the number of rows; only the cells read by the column scan grow.
 */
import { COST_MODEL_VERSION } from '../src/local/kernel/cost-model';
import { splitCalls } from '../src/local/kernel/meter';
import { runTimers } from '../src/gas/timers/dispatcher';
import { flushOutbox } from '../src/gas/mail/outbox-sender';
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
      const { sheet, other } = splitCalls(cost.calls);
      const r = report as unknown as ReturnType<typeof runTimers>;
      const ms = Math.round(cost.estimatedMs) + START_MS;
      if (size === 10_000 && due === 0) idleMs = ms;
      rows.push([
        size,
        due ? `${due} reminders due` : 'nothing due',
        sheet,
        other,
        cost.cellsRead,
        cost.cellsWritten,
        r.reminders,
        r.sent,
        ms,
      ]);
    }
  }
  const perDay = (24 * 60) / DEFAULT_BOUND_PERIOD_MINUTES;
  const dayMin = (perDay * idleMs) / 60_000;
  return [
    {
      title: 'Timers: one dispatcher run (src/gas/timers on the local Workspace)',
      columns: [
        'open requests',
        'case',
        'SpreadsheetApp calls',
        'other service calls',
        'cells read',
        'cells written',
        'reminders',
        'mails sent',
        'est. Apps Script ms',
      ],
      rows,
      note:
        `Estimated with ${COST_MODEL_VERSION}, including the ${START_MS / 1000} s start of an execution. SpreadsheetApp calls are equal across sizes ` +
        `(the column scan is 3 batched reads whatever the row count; changed rows are written in one setValues per run of consecutive rows); ` +
        `each mail adds one write of its Outbox row's mark cells and a flush (the claim is one write per run). Daily trigger runtime at the default ${DEFAULT_BOUND_PERIOD_MINUTES}-minute period ` +
        `with 10,000 idle requests: ${perDay} runs × ${(idleMs / 1000).toFixed(1)} s ≈ ${dayMin.toFixed(0)} min (budget: 90 min consumer, 360 min Workspace).`,
    },
    outboxTable(),
  ];
}

/**
 * The Outbox sender alone (src/gas/mail/outbox-sender.ts), 5 and 25 reminders queued at 10,000 open requests (queued
 * by a run whose mail quota was used up, then sent by flushOutbox): Sheet calls and estimated time per send.
 */
function outboxTable(): BenchTable {
  const rows: Array<Array<string | number>> = [];
  for (const due of [5, DUE]) {
    const w = seededWorld(10_000, due);
    w.mail.controls.setUsed(OWNER, 1500);
    w.as(OWNER, () => runTimers(w.c()));
    w.mail.controls.setUsed(OWNER, 0);
    let sent = 0;
    const { cost } = w.ws.kernel.measure(() => {
      sent = w.as(OWNER, () => flushOutbox(w.c())).sent;
    });
    const { sheet } = splitCalls(cost.calls);
    const sendMs = (cost.calls['MailApp.sendEmail'] ?? 0) * 1000;
    rows.push([sent, sheet, (sheet / sent).toFixed(1), Math.round(cost.estimatedMs), Math.round((cost.estimatedMs - sendMs) / sent)]);
  }
  return {
    title: 'Outbox sender: one flush (src/gas/mail/outbox-sender.ts, 10,000 open requests)',
    columns: ['mails sent', 'SpreadsheetApp calls', 'Sheet calls per mail', 'est. ms', 'est. ms per mail besides the 1 s send'],
    rows,
    note:
      `Estimated with ${COST_MODEL_VERSION}, without the start of an execution. Per run: a locked claim (scan of the ID and mark columns, ` +
      `one write and one read of the claimed rows), one batched read of the requests, Directory/Config/URLs once, a final ID check. ` +
      `Per mail: one write of its mark cells and a flush before the next send. Before the batching (commit 2c12439), 25 mails cost ` +
      `236 Sheet calls and ~78 s (claim, request lookup, lock + read + write per mail).`,
  };
}
