/**
 * The live Audit rows after a Seq: what the metrics summary has not folded in yet.
 *
 * Audit rows are appended with consecutive Seqs, and an archive run moves only rows the summary has folded (it
 * leaves requests with newer rows live), so the rows after `seq` are the tab's last `head - seq` rows. The tail is
 * found from the bottom: one read of the last TAIL_GUESS rows, and one more read when more than that are new.
 * When the rows are not where that says (rows sorted or removed by hand), one read of the Seq column finds them.
 */
import { AuditStore } from '../store/audit';
import type { Table } from '../sheet/table';
import { cellInt } from '../sheet/values';
import type { AuditEvent } from '../../core';

/** Rows read first from the bottom: a timer run's worth of activity, usually all that is new. */
const TAIL_GUESS = 60;

export interface AuditTail {
  /** The rows after `seq`, oldest first, at most `max`. */
  rows: Array<{ seq: number; event: AuditEvent }>;
  /** Rows after `seq` left out by `max`. */
  more: number;
}

export function auditAfter(table: Table, seq: number, max: number): AuditTail {
  const last = table.lastRow();
  if (last < 2) return { rows: [], more: 0 };
  const guess = Math.min(TAIL_GUESS, last - 1);
  const bottom = AuditStore.readRange(table, last - guess + 1, guess);
  const head = bottom[bottom.length - 1]!.seq;
  const count = head - seq;
  if (count <= 0) return { rows: [], more: 0 };
  const first = last - count + 1;
  const bottomStart = last - guess + 1;
  let rows = bottom;
  if (first < bottomStart) {
    if (first < 2) return scan(table, seq, max);
    // The oldest `max` new rows, with what is already in hand when they reach it.
    const end = first + Math.min(count, max) - 1;
    rows =
      end < bottomStart
        ? AuditStore.readRange(table, first, end - first + 1)
        : [...AuditStore.readRange(table, first, bottomStart - first), ...bottom];
  }
  const fresh = rows.filter((r) => r.seq > seq);
  if (fresh.length === 0 || fresh[0]!.seq !== seq + 1 || !consecutive(fresh)) return scan(table, seq, max);
  const kept = fresh.slice(0, max);
  return { rows: kept.map((r) => ({ seq: r.seq, event: r.event })), more: count - kept.length };
}

const consecutive = (rows: ReadonlyArray<{ seq: number }>): boolean => rows.every((r, i) => i === 0 || r.seq === rows[i - 1]!.seq + 1);

/** The slow way, when the tab is not in Seq order: one read of the Seq column, then the rows after `seq`. */
function scan(table: Table, seq: number, max: number): AuditTail {
  const last = table.lastRow();
  const seqs = table.readColumn('Seq', 2, last - 1).map((v) => cellInt(v) ?? 0);
  const after = seqs.map((s, i) => ({ s, row: i + 2 })).filter((x) => x.s > seq);
  after.sort((a, b) => a.s - b.s);
  const kept = after.slice(0, max);
  if (kept.length === 0) return { rows: [], more: 0 };
  const lo = Math.min(...kept.map((k) => k.row));
  const hi = Math.max(...kept.map((k) => k.row));
  const wanted = new Set(kept.map((k) => k.row));
  const rows = AuditStore.readRange(table, lo, hi - lo + 1)
    .filter((r) => wanted.has(r.row))
    .sort((a, b) => a.seq - b.seq);
  return { rows: rows.map((r) => ({ seq: r.seq, event: r.event })), more: after.length - kept.length };
}
