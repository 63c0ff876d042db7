/**
 * The Audit tab: append-only and hash-chained. Appends are idempotent on the row key
 * (`requestId:revision:index`), so replaying a journal never writes an event twice.
 * The hash chain is core's (src/core/audit/chain.ts): Hash = SHA-256(Prev hash + canonical JSON of the event
 * as read back from the row), so verifyChain over readAll() rows names the first altered row.
 * Cost: one read of the tail (last hash, last seq, recent keys) and one write, whatever the log's length.
 */
import type { AuditEvent } from '../../core';
import type { AppContext } from '../context';
import { DamagedRowError } from '../errors';
import { AUDIT } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { GENESIS_HASH, hashEvent } from '../../core/audit/chain';
import { cellInt, cellText, cellTime, dateCell, readBack, toCell, type CellValue } from '../sheet/values';
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
 * Audit rows for the events not in `start.present`, numbered from `start.seq` and hash-chained from `start.prev`
 * (the head of the log). Each event is hashed exactly as it will read back from its cells, so verification
 * recomputes the same hash. Used by appendOnce and by the data plane (src/gas/plane).
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
    const rec = auditRecord(seq, key, event, prev, '');
    const stored: Record<string, CellValue> = {};
    for (const [k, v] of Object.entries(rec)) stored[k] = readBack(v);
    const hash = hashEvent(prev, AuditStore.toEvent(stored, 0).event);
    rec.Hash = hash;
    rows.push(table.row(rec));
    prev = hash;
  }
  return { rows, seq, prev };
}

function auditRecord(seq: number, key: string, e: AuditEvent, prev: string, hash: string): Record<string, CellValue> {
  return {
    Seq: seq,
    At: dateCell(e.at),
    Request: toCell(e.requestId),
    Workflow: toCell(e.workflowId),
    Version: e.version,
    Revision: e.revision,
    Actor: toCell(e.actor),
    'On behalf of': toCell(e.onBehalfOf ?? ''),
    Method: toCell(e.method),
    Action: toCell(e.action),
    Name: toCell(e.name ?? ''),
    From: toCell(e.fromState ?? ''),
    To: toCell(e.toState ?? ''),
    'Assignee before': toCell(e.assigneeBefore ?? ''),
    'Assignee after': toCell(e.assigneeAfter ?? ''),
    Comment: toCell(e.comment ?? ''),
    Reason: toCell(e.reason ?? ''),
    Changes: toCell(JSON.stringify(e.changes)),
    Details: toCell(JSON.stringify(e.details)),
    Key: toCell(key),
    'Prev hash': toCell(prev),
    Hash: toCell(hash),
  };
}

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
      const tail = this.table.readColumns(['Seq', 'Key', 'Hash'], last - n + 1, n);
      for (const r of tail) present.add(cellText(r.Key));
      const end = tail[tail.length - 1] as Record<string, CellValue>;
      seq = cellInt(end.Seq) ?? last - 1;
      prev = cellText(end.Hash) || GENESIS_HASH;
    }
    const { rows } = auditRows(this.table, entries, { seq, prev, present });
    if (rows.length > 0) this.table.append(rows, last);
    return rows.length;
  }

  /** Whether any of `keys` is among the last rows' Key cells (one read of the tail): did an append land? */
  hasAnyKey(keys: readonly string[]): boolean {
    return this.table.tailHasAny('Key', keys);
  }

  /** A row back to its event (the chain's input), for views and verification. */
  static toEvent(
    rec: Record<string, CellValue>,
    row: number,
  ): { seq: number; key: string; event: AuditEvent; prevHash: string; hash: string } {
    const json = <T>(col: string): T => {
      try {
        return JSON.parse(cellText(rec[col]) || 'null') as T;
      } catch {
        throw new DamagedRowError('Audit', row, `the "${col}" cell is not valid JSON`);
      }
    };
    const opt = (col: string): string | null => cellText(rec[col]) || null;
    const event: AuditEvent = {
      requestId: cellText(rec.Request),
      workflowId: cellText(rec.Workflow),
      version: cellInt(rec.Version) ?? 0,
      revision: cellInt(rec.Revision) ?? 0,
      at: cellTime(rec.At) ?? 0,
      actor: cellText(rec.Actor),
      onBehalfOf: opt('On behalf of'),
      method: cellText(rec.Method) as AuditEvent['method'],
      action: cellText(rec.Action) as AuditEvent['action'],
      name: opt('Name'),
      fromState: opt('From'),
      toState: opt('To'),
      assigneeBefore: opt('Assignee before'),
      assigneeAfter: opt('Assignee after'),
      changes: json<AuditEvent['changes']>('Changes') ?? [],
      comment: opt('Comment'),
      reason: opt('Reason'),
      details: json<AuditEvent['details']>('Details') ?? {},
    };
    return { seq: cellInt(rec.Seq) ?? 0, key: cellText(rec.Key), event, prevHash: cellText(rec['Prev hash']), hash: cellText(rec.Hash) };
  }

  /** Every row, in order (one read). For views and "Verify audit log"; not used by the write path. */
  readAll(): Array<ReturnType<typeof AuditStore.toEvent> & { row: number }> {
    const last = this.table.lastRow();
    if (last < 2) return [];
    return this.table.readRows(2, last - 1).map((cells, i) => ({ ...AuditStore.toEvent(this.table.record(cells), i + 2), row: i + 2 }));
  }
}
