/**
 * The Outbox as a queue, through the data plane (one Values.batchGet, one Spreadsheets.batchUpdate per unit):
 *   readQueue     the live rows: the whole tab in one read while it is small (it holds only what waits, what is
 *                 being sent and the dead rows); a bigger tab (an older version kept every sent row) is read by its
 *                 Status column first, then the rows that are not done;
 *   stageMark     one row's marks rewritten (Status, Attempts, Next attempt, Last error, Sent at), operator columns kept;
 *   stageRemoval  rows deleted in the unit's batchUpdate. When every row under the header would go, the top one is
 *                 cleared instead (Sheets refuses to delete every row under a frozen header).
 * Rows are found by their ID (checked on read), never by a position kept from an earlier read.
 */
import { requestlessEvent, type AuditEvent } from '../../core';
import { unquoted } from '../plane/codec';
import { columnLetters, quoteTab } from '../plane/ranges';
import { ReadPlan, type Snapshot } from '../plane/snapshot';
import { tableOf } from '../plane/tables';
import { planTail, stageTails, tailsKey } from '../plane/tails';
import type { Unit } from '../plane/unit';
import { stageAudit } from '../plane/rows';
import { AUDIT, OUTBOX } from '../sheet/tabs';
import { cellText, type CellValue } from '../sheet/values';
import { outboxRecord, OutboxStore, type OutboxRow, type OutboxStatus } from '../store/outbox';
import { clusters } from './request-batch';

/** A tab this small (grid rows) is read whole; a bigger one by its Status column first. */
export const WHOLE_READ_ROWS = 2_000;

/** Done statuses: the row's outcome is in Audit (or, for rows an older version left, in the row itself). */
export const DONE: ReadonlySet<OutboxStatus> = new Set(['sent', 'cancelled', 'digest']);

export interface Queue {
  /** Rows read (blank rows left out), in tab order. */
  rows: OutboxRow[];
  /** Each row's cells as read (full width), to rewrite with operator columns kept. */
  cells: Map<number, CellValue[]>;
  /** The last row with content. */
  last: number;
  /** Done rows that were not read in full (a big tab written by an older version): left to the archive. */
  unreadDone: number;
  snap: Snapshot;
}

/** What planQueue put in a unit's plan (queueOf reads the answer). */
export interface QueuePlan {
  /** Rows planned one by one (a big tab), or null: the whole tab as a tail. */
  wanted: number[] | null;
  last: number;
  unreadDone: number;
}

/** Adds the queue to a unit's plan (a big tab costs one narrow Values.get of its Status column first). */
export function planQueue(u: Unit, plan: ReadPlan): QueuePlan {
  const table = tableOf(u.schema, OUTBOX);
  const grid = u.schema.tabs[OUTBOX.name]?.rowCount ?? 0;
  if (grid <= WHOLE_READ_ROWS) {
    plan.tail(OUTBOX.name, 1);
    return { wanted: null, last: 1, unreadDone: 0 };
  }
  // One narrow read of the Status column; then only the rows that are not done.
  const col = columnLetters(table.col('Status'));
  const got = u.ctx.services.Sheets.Spreadsheets.Values.get(u.ctx.spreadsheetId(), `${quoteTab(OUTBOX.name)}!${col}2:${col}`, {
    valueRenderOption: 'UNFORMATTED_VALUE',
  }) as unknown as { values?: unknown[][] };
  const status = (got.values ?? []).map((r) => cellText(r?.[0]));
  const wanted: number[] = [];
  let unreadDone = 0;
  status.forEach((s, i) => {
    if (DONE.has(s as OutboxStatus)) unreadDone++;
    else wanted.push(i + 2);
  });
  for (const [first, count] of clusters(wanted, 20)) plan.rows(OUTBOX.name, first, first + count - 1);
  return { wanted, last: status.length + 1, unreadDone };
}

/** The queue from the unit's snapshot (planned by planQueue). */
export function queueOf(u: Unit, snap: Snapshot, p: QueuePlan): Queue {
  const table = tableOf(u.schema, OUTBOX);
  const rows: OutboxRow[] = [];
  const cells = new Map<number, CellValue[]>();
  const idCol = table.col('ID') - 1;
  let last = p.last;
  const take = (row: number, c: CellValue[] | undefined) => {
    if (!c || cellText(c[idCol]) === '') return;
    cells.set(row, c);
    rows.push(OutboxStore.fromRecord(table.record(c), row));
  };
  if (p.wanted) for (const r of p.wanted) take(r, snap.row(OUTBOX.name, r));
  else {
    const tail = snap.tail(OUTBOX.name);
    if (tail) {
      last = tail.last;
      tail.rows.forEach((c, i) => {
        if (tail.from + i >= 2) take(tail.from + i, c);
      });
    }
  }
  return { rows, cells, last, unreadDone: p.unreadDone, snap };
}

/** Reads the queue (and the Audit tail when `withAudit`, for a record of what the run did). */
export function readQueue(u: Unit, withAudit = false): Queue {
  const plan = new ReadPlan();
  if (withAudit) planTail(u, plan, AUDIT.name);
  const p = planQueue(u, plan);
  return queueOf(u, u.read(plan), p);
}

/** The first row holding each ID (a row copied by hand is not ours to write). */
export function rowsById(q: Queue): Map<string, OutboxRow> {
  const out = new Map<string, OutboxRow>();
  for (const r of q.rows) if (!out.has(r.id)) out.set(r.id, r);
  return out;
}

/** Stages the row rewritten with the entry's marks (other columns as read). */
export function stageMark(u: Unit, q: Queue, entry: OutboxRow): void {
  const table = tableOf(u.schema, OUTBOX);
  u.changes.update(OUTBOX.name, entry.row, table.row(unquoted(outboxRecord(entry)), q.cells.get(entry.row)));
}

/** Stages the rows' deletion (and the Outbox's tail hint moved up by as many rows). */
export function stageRemoval(u: Unit, q: Queue, rows: readonly number[]): void {
  const gone = [...new Set(rows)].filter((r) => r >= 2 && r <= q.last);
  if (!gone.length) return;
  const table = tableOf(u.schema, OUTBOX);
  let remove = gone;
  if (gone.length >= q.last - 1) {
    // Every row under the header: the top one is cleared instead of deleted.
    remove = gone.filter((r) => r !== 2);
    u.changes.update(OUTBOX.name, 2, new Array<CellValue>(table.width).fill(''));
  }
  u.changes.remove(OUTBOX.name, remove);
  stageTails(u, q.snap);
  const hints = { ...(u.props.json<Record<string, number>>(tailsKey(u)) ?? {}) };
  hints[OUTBOX.name] = Math.max(1, q.last - remove.length - (remove.length < gone.length ? 1 : 0));
  u.props.set(tailsKey(u), JSON.stringify(hints));
}

/** What a run did with the rows it removes (or keeps dead), as the Audit event records it. */
export interface SendRecord {
  id: string;
  request: string;
  kind: string;
  /** Recipients (emails), a Chat space, or whose digest carries it. */
  to: string;
  outcome: 'sent' | 'cancelled' | 'digest' | 'failed' | 'expired' | 'done earlier';
  at: number;
  /** Attempts made (the one that settled it included). */
  attempts?: number;
  /** A folded entry's due time (its digest comes before it). */
  due?: number | null;
  note?: string;
}

/** The longest record one Audit event carries (its Details cell stays far under 50,000 characters). */
export const RECORDS_PER_EVENT = 150;

/** Stages one Audit event per RECORDS_PER_EVENT records (keyed by the run, so a replay writes nothing twice). */
export function stageSendAudit(u: Unit, q: Queue, run: string, records: readonly SendRecord[]): void {
  const entries = [];
  for (let i = 0; i < records.length; i += RECORDS_PER_EVENT) {
    const part = records.slice(i, i + RECORDS_PER_EVENT);
    const event = requestlessEvent({
      at: u.ctx.now(),
      actor: 'system',
      method: 'system',
      action: 'outbox_sent',
      name: 'outbox',
      details: { run, messages: part.map((r) => ({ ...r })) } as unknown as AuditEvent['details'],
    });
    entries.push({ key: `outbox:${run}:${i / RECORDS_PER_EVENT}`, event });
  }
  stageAudit(u, q.snap, entries);
}
