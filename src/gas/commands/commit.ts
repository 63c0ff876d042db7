/**
 * Writing one operation's results: journal first, then Audit rows, Outbox rows and the request row, each in one
 * write; flush; clear the journal. Every cell is built (and size-checked) before the journal is written, so a
 * refused write leaves nothing behind. Must run under withLock.
 */
import type { AuditEvent, NotificationIntent, Request } from '../../core';
import type { AppContext } from '../context';
import { HandoffError } from '../errors';
import { isLocked } from '../lock';
import { AuditStore, keyEvents } from '../store/audit';
import { clearJournal, writeJournal } from '../store/journal';
import { outboxEntries, OutboxStore } from '../store/outbox';
import type { RequestStore } from '../store/requests';
import type { CellValue } from '../sheet/values';

export interface CommitInput {
  op: string;
  request: Request;
  /** The row and cells as loaded, for an update; absent for an insert. */
  existing?: { row: number; cells: CellValue[] };
  events: readonly AuditEvent[];
  notifications: readonly NotificationIntent[];
}

export function commit(ctx: AppContext, requests: RequestStore, input: CommitInput): number {
  if (!isLocked(ctx)) throw new HandoffError('conflict', 'internal: commit outside the lock');
  const audit = new AuditStore(ctx);
  const outbox = new OutboxStore(ctx);
  requests.cellsFor(input.request, input.existing?.cells); // size checks before anything is written
  const now = ctx.now();
  const entries = outboxEntries(input.notifications, now, () => ctx.services.Utilities.getUuid());
  const keyed = keyEvents(input.events);
  writeJournal(ctx, { op: input.op, at: now, request: input.request, row: input.existing?.row ?? null, audit: keyed, outbox: entries });
  ctx.hooks.afterJournal?.();
  audit.appendOnce(keyed);
  ctx.hooks.afterAudit?.();
  outbox.appendOnce(entries);
  ctx.hooks.afterOutbox?.();
  let row: number;
  if (input.existing) {
    requests.update(input.existing.row, input.existing.cells, input.request);
    row = input.existing.row;
  } else row = requests.insert(input.request);
  ctx.hooks.afterRequest?.();
  ctx.services.SpreadsheetApp.flush();
  clearJournal(ctx);
  return row;
}
