/**
 * Writing the results of many requests at once (the timers change dozens of rows per run): the runtime's
 * journal records every pending write first (one record, several requests), then one Audit append, one Outbox
 * append, the request rows in one setValues per run of consecutive rows, flush, clear. A crash anywhere is
 * repaired by the next locked operation exactly as a single command's would be (store/journal.ts).
 * Must run under withLock.
 */
import type { AuditEvent, NotificationIntent, Request } from '../../core';
import { scopedKey, type AppContext } from '../context';
import { HandoffError } from '../errors';
import { isLocked } from '../lock';
import type { CellValue } from '../sheet/values';
import { AuditStore, keyEvents } from '../store/audit';
import { clearJournal, firstWrite, writeJournal } from '../store/journal';
import { outboxEntries, OutboxStore } from '../store/outbox';
import type { RequestStore } from '../store/requests';

export interface BatchItem {
  request: Request;
  row: number;
  /** The row as read, so operator columns are written back unchanged. */
  cells: CellValue[];
  events: AuditEvent[];
  notifications: NotificationIntent[];
}

/** Rough size of an item in the journal (JSON characters), to keep a record under the journal's limit. */
export function journalSize(item: Pick<BatchItem, 'request' | 'events' | 'notifications'>): number {
  return JSON.stringify(item.request).length + JSON.stringify(item.events).length + 2 * JSON.stringify(item.notifications).length;
}

/** Consecutive row numbers grouped: [[first, count], ...]. */
export function rowSpans(rows: readonly number[]): Array<[number, number]> {
  const sorted = [...rows].sort((a, b) => a - b);
  const spans: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = spans[spans.length - 1];
    if (last && r === last[0] + last[1]) last[1]++;
    else spans.push([r, 1]);
  }
  return spans;
}

export function commitBatch(ctx: AppContext, requests: RequestStore, op: string, items: readonly BatchItem[]): void {
  if (!isLocked(ctx)) throw new HandoffError('conflict', 'internal: commitBatch outside the lock');
  if (items.length === 0) return;
  const byRow = new Map<number, CellValue[]>();
  for (const it of items) {
    if (byRow.has(it.row)) throw new HandoffError('conflict', `internal: row ${it.row} twice in one batch`);
    byRow.set(it.row, requests.cellsFor(it.request, it.cells)); // size checks before anything is written
  }
  const now = ctx.now();
  const entries = outboxEntries(
    items.flatMap((it) => it.notifications),
    now,
    () => ctx.services.Utilities.getUuid(),
  );
  const keyed = items.flatMap((it) => keyEvents(it.events));
  writeJournal(ctx, {
    op,
    at: now,
    request: null,
    row: null,
    audit: keyed,
    outbox: entries,
    requests: items.map((it) => ({ request: it.request, row: it.row })),
  });
  ctx.hooks.afterJournal?.();
  // A refused first write (the trigger's owner lost edit rights) discards the journal, so no later run replays it.
  const audit = new AuditStore(ctx);
  firstWrite(
    ctx,
    'Audit',
    () => audit.appendOnce(keyed),
    () => audit.hasAnyKey(keyed.map((k) => k.key)),
  );
  ctx.hooks.afterAudit?.();
  new OutboxStore(ctx).appendOnce(entries);
  ctx.hooks.afterOutbox?.();
  for (const [first, count] of rowSpans([...byRow.keys()])) {
    const rows: CellValue[][] = [];
    for (let r = first; r < first + count; r++) rows.push(byRow.get(r) as CellValue[]);
    requests.table.writeRows(first, rows);
  }
  ctx.hooks.afterRequest?.();
  ctx.services.SpreadsheetApp.flush();
  clearJournal(ctx);
  // Row hints, so the Outbox sender finds each request without reading the ID column (one putAll for the batch).
  try {
    ctx.services.CacheService.getScriptCache().putAll(
      Object.fromEntries(items.map((it) => [scopedKey(ctx, 'row', it.request.id), String(it.row)])),
      6 * 60 * 60,
    );
  } catch {
    /* best effort: a missing hint costs one lookup */
  }
}
