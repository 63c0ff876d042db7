/**
 * Batched access to the Outbox tab for the sender (outbox-sender.ts): what a run needs, in a number of Sheet calls
 * that depends on the batch it sends, never on the number of rows in the tab.
 *   scan      the ID column and the "mark" columns (Status, Attempts, Next attempt, Last error, Sent at) of every
 *             row: one lastRow + two reads (the Payload column, the big one, is not read);
 *   entries   the full rows of the claimed entries: one read per cluster of nearby rows (usually one);
 *   marks     one getRange + setValues over the mark columns: per cluster of rows for the claim, per row for a send.
 * The mark columns are written as one span (lowest to highest of the five, by header). When an operator has put
 * another column inside that span, the span is written back with the values scanned for it.
 */
import type { AppContext } from '../context';
import { OUTBOX } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { cellInt, cellText, cellTime, dateCell, toCell, type CellValue } from '../sheet/values';
import { OutboxStore, type OutboxRow, type OutboxStatus } from '../store/outbox';

export const MARK_COLUMNS = ['Status', 'Attempts', 'Next attempt', 'Last error', 'Sent at'] as const;

export interface Mark {
  status: OutboxStatus;
  attempts: number;
  nextAttempt: number | null;
  lastError: string;
  sentAt: number | null;
}

export interface Scan {
  /** Last row with content when scanned. */
  last: number;
  /** ID of row r at ids[r - 2]. */
  ids: string[];
  /** Mark span of row r at spans[r - 2] (cells of columns lo..hi). */
  spans: CellValue[][];
}

/** Rows grouped into [first, count] clusters; rows closer than `gap` share a cluster (the rows between are included). */
export function clusters(rows: readonly number[], gap = 0): Array<[number, number]> {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const c = out[out.length - 1];
    if (c && r - (c[0] + c[1] - 1) <= gap + 1) c[1] = r - c[0] + 1;
    else out.push([r, 1]);
  }
  return out;
}

/**
 * Rows closer than this share one read or one locked write: 200 rows × 5 cells cost about 10 ms more to write
 * in the cost model, less than one more call (150 ms). Far-apart rows get their own call.
 */
export const CLUSTER_GAP = 200;

export class OutboxRows {
  readonly table: Table;
  /** First and last column of the mark span (1-based). */
  readonly lo: number;
  readonly hi: number;
  private readonly at: Record<(typeof MARK_COLUMNS)[number], number>;

  constructor(ctx: AppContext) {
    this.table = ctx.table(OUTBOX);
    const cols = MARK_COLUMNS.map((c) => this.table.col(c));
    this.lo = Math.min(...cols);
    this.hi = Math.max(...cols);
    this.at = Object.fromEntries(MARK_COLUMNS.map((c, i) => [c, (cols[i] as number) - this.lo])) as OutboxRows['at'];
  }

  get spanWidth(): number {
    return this.hi - this.lo + 1;
  }

  /** lastRow + the ID column + the mark span of every row: 3 calls. */
  scan(): Scan {
    const last = this.table.lastRow();
    if (last < 2) return { last, ids: [], spans: [] };
    const ids = this.table.readColumn('ID', 2, last - 1).map(cellText);
    const spans = this.table.sheet.getSheetValues(2, this.lo, last - 1, this.spanWidth) as CellValue[][];
    return { last, ids, spans };
  }

  markOf(span: readonly CellValue[]): Mark {
    const a = this.at;
    return {
      status: (cellText(span[a.Status]) || 'pending') as OutboxStatus,
      attempts: cellInt(span[a.Attempts]) ?? 0,
      nextAttempt: cellTime(span[a['Next attempt']]),
      lastError: cellText(span[a['Last error']]),
      sentAt: cellTime(span[a['Sent at']]),
    };
  }

  /** The span with the mark written into it (other cells of the span kept from `base`). */
  spanWith(mark: Mark, base: readonly CellValue[]): CellValue[] {
    const out: CellValue[] = [];
    for (let i = 0; i < this.spanWidth; i++) out.push(base[i] ?? '');
    const a = this.at;
    out[a.Status] = toCell(mark.status);
    out[a.Attempts] = mark.attempts;
    out[a['Next attempt']] = dateCell(mark.nextAttempt);
    out[a['Last error']] = toCell(mark.lastError);
    out[a['Sent at']] = dateCell(mark.sentAt);
    return out;
  }

  /** One write of consecutive rows' spans (getRange + setValues). */
  writeSpans(first: number, spans: CellValue[][]): void {
    if (spans.length === 0) return;
    this.table.sheet.getRange(first, this.lo, spans.length, this.spanWidth).setValues(spans);
  }

  /** Full rows of the given row numbers, one read per cluster; parsed as Outbox entries. */
  readEntries(rows: readonly number[]): Map<number, OutboxRow> {
    const out = new Map<number, OutboxRow>();
    const want = new Set(rows);
    for (const [first, count] of clusters(rows, CLUSTER_GAP)) {
      this.table.readRows(first, count).forEach((cells, i) => {
        const row = first + i;
        if (want.has(row)) out.set(row, OutboxStore.fromRecord(this.table.record(cells), row));
      });
    }
    return out;
  }

  /** The ID cells of the given rows, one read per cluster. */
  readIds(rows: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    for (const [first, count] of clusters(rows, CLUSTER_GAP)) {
      this.table.readColumn('ID', first, count).forEach((v, i) => out.set(first + i, cellText(v)));
    }
    return out;
  }
}

/** A comparable text of a mark (times to the second: a sheet may not keep milliseconds). */
export function markKey(m: Mark): string {
  const s = (t: number | null) => (t === null ? '' : String(Math.floor(t / 1000)));
  return [m.status, m.attempts, s(m.nextAttempt), m.lastError, s(m.sentAt)].join('\u0001');
}
