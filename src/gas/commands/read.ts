/** Read views over the governed Sheet, for the panel, timers, approvals and intake. No lock: reads only. */
import type { Request } from '../../core';
import type { AppContext } from '../context';
import { AuditStore } from '../store/audit';
import { OutboxStore } from '../store/outbox';
import { recordToRequest } from '../store/request-row';
import { RequestStore } from '../store/requests';

/** One request by id (constant calls: cached row hint, else one read of the ID column). */
export function getRequest(ctx: AppContext, id: string): Request | null {
  return new RequestStore(ctx).find(id)?.request ?? null;
}

/** A page of whole requests in sheet order (one read of `limit` rows). */
export function listRequests(
  ctx: AppContext,
  opts: { offset?: number; limit?: number } = {},
): { total: number; requests: Array<Request & { row: number }> } {
  const store = new RequestStore(ctx);
  const last = store.table.lastRow();
  const total = Math.max(0, last - 1);
  const offset = Math.max(0, opts.offset ?? 0);
  const count = Math.max(0, Math.min(opts.limit ?? 100, total - offset));
  const rows = store.table.readRows(2 + offset, count);
  return {
    total,
    requests: rows.map((cells, i) => ({ ...recordToRequest(store.table.record(cells), 2 + offset + i), row: 2 + offset + i })),
  };
}

export function readAudit(ctx: AppContext) {
  return new AuditStore(ctx).readAll();
}

export function readOutbox(ctx: AppContext) {
  return new OutboxStore(ctx).readAll();
}
