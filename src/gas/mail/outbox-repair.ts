/** After a run: puts each claimed entry's mark back where it belongs when rows were sorted or deleted by hand meanwhile. */
import type { AppContext } from '../context';
import { withLock } from '../lock';
import type { CellValue } from '../sheet/values';
import type { OutboxRow } from '../store/outbox';
import { markKey, type Mark, type OutboxRows, type Scan } from './outbox-rows';

/**
 * Rows moved under the run (sorted or deleted by hand): each claimed entry's final mark is written on the row that
 * now holds it, and any other entry whose mark cells now hold one of this run's marks (written on its row after it
 * moved there) gets back the cells it had at the claim. Rare; per-row writes bounded by the batch size.
 */
export function repairMarks(
  ctx: AppContext,
  outbox: OutboxRows,
  before: Scan,
  claimed: readonly OutboxRow[],
  written: ReadonlySet<string>,
): void {
  withLock(ctx, () => {
    const now = outbox.scan();
    const firstRow = (scan: Scan): Map<string, number> => {
      const m = new Map<string, number>();
      scan.ids.forEach((id, i) => {
        if (id !== '' && !m.has(id)) m.set(id, i + 2);
      });
      return m;
    };
    const rowNow = firstRow(now);
    const rowBefore = firstRow(before);
    const ours = new Set(claimed.map((r) => r.id));
    for (const r of claimed) {
      const row = rowNow.get(r.id);
      if (row === undefined) continue; // deleted by hand
      const base = now.spans[row - 2] as CellValue[];
      const want: Mark = { status: r.status, attempts: r.attempts, nextAttempt: r.nextAttempt, lastError: r.lastError, sentAt: r.sentAt };
      if (markKey(outbox.markOf(base)) !== markKey(want)) outbox.writeSpans(row, [outbox.spanWith(want, base)]);
    }
    now.ids.forEach((id, i) => {
      if (id === '' || ours.has(id)) return;
      const cur = now.spans[i] as CellValue[];
      if (!written.has(markKey(outbox.markOf(cur)))) return;
      const was = rowBefore.get(id);
      if (was === undefined) return;
      outbox.writeSpans(i + 2, [outbox.spanWith(outbox.markOf(before.spans[was - 2] as CellValue[]), cur)]);
    });
  });
}
