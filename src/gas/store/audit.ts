/**
 * The Audit tab: append-only and hash-chained. Appends are idempotent on the row key
 * (`requestId:revision:index`), so replaying a journal never writes an event twice.
 * The hash chain is core's (src/core/audit/chain.ts): Hash = SHA-256(previous hash + canonical JSON of the event
 * as read back from the row), so verifyChain over readAll() rows names the first altered row. Rows are read
 * through the one parser (audit-rows.ts), which reads this version's compact rows and earlier versions' wide ones.
 * Cost: one read of the tail (last hash, last seq, recent keys) and one write, whatever the log's length.
 */
import type { AuditEvent } from '../../core';
import type { AppContext } from '../context';
import { AUDIT } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { GENESIS_HASH } from '../../core/audit/chain';
import type { CellValue } from '../sheet/values';
import { auditRow, parseAuditCells, type AuditEntry } from './audit-rows';
import { requireLock } from '../lock-state';

export interface KeyedEvent {
  key: string;
  event: AuditEvent;
}

export const eventKey = (e: AuditEvent, index: number): string => `${e.requestId}:${e.revision}:${index}`;

export function keyEvents(events: readonly AuditEvent[]): KeyedEvent[] {
  return events.map((event, i) => ({ key: eventKey(event, i), event }));
}

/**
 * Audit rows (compact layout, src/gas/store/audit-rows.ts) for the events not in `start.present`, numbered from
 * `start.seq` and hash-chained from `start.prev` (the head of the log). Each event is hashed exactly as it will read
 * back from its cells, so verification recomputes the same hash. Used by appendOnce and by the data plane
 * (src/gas/plane). Columns of `table` the compact layout lacks (a wide tab not yet upgraded) stay empty.
 */
export function auditRows(
  table: Table,
  entries: readonly KeyedEvent[],
  start: { seq: number; prev: string; present: ReadonlySet<string> },
): { rows: CellValue[][]; seq: number; prev: string } {
  let { seq, prev } = start;
  const rows: CellValue[][] = [];
  for (const { key, event } of entries) {
    if (start.present.has(key)) continue;
    seq += 1;
    const { rec, hash } = auditRow(seq, key, event, prev);
    rows.push(table.row(rec));
    prev = hash;
  }
  return { rows, seq, prev };
}

/** Up to this many rows from a request's first to its last, rowsOf reads the span at once instead of each run. */
const SPAN_READ_ROWS = 300;

export class AuditStore {
  readonly table: Table;

  constructor(private readonly ctx: AppContext) {
    this.table = ctx.table(AUDIT);
  }

  /** Appends the events not already at the end of the log; returns how many were written. */
  appendOnce(entries: readonly KeyedEvent[]): number {
    requireLock(this.ctx, 'AuditStore.appendOnce');
    if (entries.length === 0) return 0;
    const last = this.table.lastRow();
    let seq = 0;
    let prev = GENESIS_HASH;
    const present = new Set<string>();
    if (last >= 2) {
      const n = Math.min(entries.length, last - 1);
      const tail = this.table.readRows(last - n + 1, n).map((cells, i) => this.parse(cells, last - n + 1 + i));
      for (const r of tail) present.add(r.key);
      const end = tail[tail.length - 1] as AuditEntry;
      seq = end.seq || last - 1;
      prev = end.hash || GENESIS_HASH;
    }
    const { rows } = auditRows(this.table, entries, { seq, prev, present });
    if (rows.length > 0) this.table.append(rows, last);
    return rows.length;
  }

  /** Whether any of `keys` is among the last rows' keys (one read of the tail): did an append land? */
  hasAnyKey(keys: readonly string[]): boolean {
    if (keys.length === 0) return false;
    const last = this.table.lastRow();
    const n = Math.min(keys.length, last - 1);
    if (n <= 0) return false;
    const want = new Set(keys);
    return this.table.readRows(last - n + 1, n).some((cells, i) => want.has(this.parse(cells, last - n + 1 + i).key));
  }

  /** One row of this tab through the one parser (either layout). */
  parse(cells: readonly CellValue[], row: number): AuditEntry {
    return parseAuditCells(this.table.headers, cells, row);
  }

  /** Rows `first`..`first + count - 1` of an Audit tab, live or an archive's (one read). */
  static readRange(table: Table, first: number, count: number): Array<AuditEntry & { row: number }> {
    if (count <= 0) return [];
    return table.readRows(first, count).map((cells, i) => ({ ...parseAuditCells(table.headers, cells, first + i), row: first + i }));
  }

  /**
   * The rows of one request in an Audit tab, live or an archive's, in row order: one TextFinder search of the
   * Request column (it runs in Sheets, so nothing grows with the log), then one read per run of consecutive rows.
   * At most the last `max` rows.
   */
  static rowsOf(
    table: Table,
    requestId: string,
    max = 200,
    found: readonly number[] = table.findRows('Request', [requestId]),
  ): Array<AuditEntry & { row: number }> {
    const wanted = found.slice(-max);
    const out: Array<AuditEntry & { row: number }> = [];
    if (wanted.length === 0) return out;
    const lo = wanted[0] as number;
    const hi = wanted[wanted.length - 1] as number;
    // Rows close together (an archive batch interleaves its requests' rows): one read of their span.
    if (hi - lo + 1 <= SPAN_READ_ROWS) {
      const keep = new Set(wanted);
      return AuditStore.readRange(table, lo, hi - lo + 1).filter((r) => keep.has(r.row) && r.event.requestId === requestId);
    }
    let i = 0;
    while (i < wanted.length) {
      let j = i;
      while (j + 1 < wanted.length && wanted[j + 1] === (wanted[j] as number) + 1) j++;
      for (const r of AuditStore.readRange(table, wanted[i] as number, j - i + 1)) if (r.event.requestId === requestId) out.push(r);
      i = j + 1;
    }
    return out;
  }

  /** Every row, in order (one read). For views and "Verify audit log"; not used by the write path. */
  readAll(): Array<AuditEntry & { row: number }> {
    const last = this.table.lastRow();
    if (last < 2) return [];
    return this.table.readRows(2, last - 1).map((cells, i) => ({ ...this.parse(cells, i + 2), row: i + 2 }));
  }
}
