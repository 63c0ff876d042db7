/**
 * Writing one operation's results: journal first, then Audit rows, Outbox rows and the request row, each in one
 * write; flush; clear the journal. Every cell is built (and size-checked) before the journal is written, so a
 * too-large change leaves nothing behind. Must run under withLock.
 *
 * A crash vs a refused write. The journal is the commit point for a crash: the execution stops (time limit,
 * quota), no code of ours runs, and the next locked operation replays the record. But a write can also be
 * refused while the execution is alive: an execution running as a user who may not edit the protected tabs
 * (a Gmail add-on, a sidebar of a non-editor) is told "You are trying to edit a protected cell…". Replaying
 * that record later would apply a change the user was told had failed, so when the FIRST write throws and a
 * read confirms none of it landed, the journal is discarded and the error says nothing was changed
 * (firstWrite in store/journal.ts). A write that throws after an earlier one landed keeps the journal: the
 * sheet is half-written and only rolling forward makes it consistent.
 */
import type { AuditEvent, NotificationIntent, Request } from '../../core';
import type { AppContext } from '../context';
import { HandoffError } from '../errors';
import { isLocked, markFlushed } from '../lock';
import { AuditStore, keyEvents } from '../store/audit';
import { clearJournal, firstWrite, writeJournal } from '../store/journal';
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
  // Until one write has landed, a write that throws is checked and, when nothing landed, the journal discarded.
  let landed = false;
  const guarded = <T>(tab: string, write: () => T, didLand: () => boolean, wrote: (r: T) => boolean): T => {
    if (landed) return write();
    const r = firstWrite(ctx, tab, write, didLand);
    landed = wrote(r);
    return r;
  };
  guarded(
    'Audit',
    () => audit.appendOnce(keyed),
    () => audit.hasAnyKey(keyed.map((k) => k.key)),
    (n) => n > 0,
  );
  ctx.hooks.afterAudit?.();
  // A fresh operation's notification keys are new (they carry the new revision) and the journal replay, the only
  // source of repeats, uses appendOnce: so no tail read here.
  guarded(
    'Outbox',
    () => outbox.append(entries),
    () => outbox.hasAnyKey(entries.map((e) => e.key)),
    (n) => n > 0,
  );
  ctx.hooks.afterOutbox?.();
  const row = guarded(
    'Requests',
    () => {
      if (!input.existing) return requests.insert(input.request);
      requests.update(input.existing.row, input.existing.cells, input.request);
      return input.existing.row;
    },
    () => requests.hasRevision(input.request.id, input.request.revision),
    () => true,
  );
  ctx.hooks.afterRequest?.();
  ctx.services.SpreadsheetApp.flush();
  markFlushed(ctx);
  clearJournal(ctx);
  return row;
}
