/**
 * The Outbox tab: notifications waiting to be sent. Commands queue the engine's NotificationIntents here in
 * the same locked operation that writes the request; the timers flush it (mail/outbox-sender.ts) and render
 * each entry as an email (mail/outbox-render.ts). Queueing is idempotent on the intent's dedupeKey against the tail of the tab (a replayed or
 * retried operation appends nothing twice). Cost: one tail read and one write per queue call.
 */
import type { NotificationIntent } from '../../core';
import type { AppContext } from '../context';
import { OUTBOX } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { cellInt, cellText, cellTime, dateCell, toCell, type CellValue } from '../sheet/values';
import { requireLock } from '../lock-state';

/** 'digest': not sent on its own; the recipient's digest lists it (mail/delivery.ts). */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled' | 'digest';

/**
 * An email about Handoff itself, not about a request (an automation incident to the admins): plain text, sent as
 * it is. Queued and sent through the same Outbox (quota, retries, marks) as the engine's notifications.
 */
export interface NoticePayload {
  kind: 'notice';
  to: string;
  subject: string;
  text: string;
  dedupeKey: string;
  requestId: '';
}

export type OutboxPayload = NotificationIntent | NoticePayload;

export const isNotice = (p: OutboxPayload | null | undefined): p is NoticePayload => !!p && p.kind === 'notice';

export interface OutboxEntry {
  id: string;
  created: number;
  to: string;
  kind: string;
  subject: string;
  payload: OutboxPayload;
  status: OutboxStatus;
  attempts: number;
  nextAttempt: number | null;
  lastError: string;
  sentAt: number | null;
  key: string;
}

export interface OutboxRow extends OutboxEntry {
  row: number;
}

const KIND_LABEL: Record<string, string> = {
  receipt: 'received',
  needs_info: 'needs more information',
  approval_requested: 'approval requested',
  decision: 'decision',
  changes_requested: 'changes requested',
  assigned: 'assigned to you',
  state_changed: 'status changed',
  reminder: 'reminder',
  escalation: 'overdue',
};

/** A plain default subject; the approvals feature renders the definition's templates when it sends. */
export function defaultSubject(n: NotificationIntent): string {
  return `[${n.requestId}] ${KIND_LABEL[n.kind] ?? n.kind}`;
}

/** Intents → entries with ids fixed up front (so a journal replay writes the same ids). */
export function outboxEntries(intents: readonly NotificationIntent[], now: number, newId: () => string): OutboxEntry[] {
  return intents.map((n) => ({
    id: newId(),
    created: now,
    to: n.to,
    kind: n.kind,
    subject: defaultSubject(n),
    payload: n,
    status: 'pending',
    attempts: 0,
    nextAttempt: now,
    lastError: '',
    sentAt: null,
    key: n.dedupeKey,
  }));
}

/** An entry's cells by header (text quoted for setValues; the data plane unquotes). */
export function outboxRecord(e: OutboxEntry): Record<string, CellValue> {
  return {
    ID: toCell(e.id),
    Created: dateCell(e.created),
    To: toCell(e.to),
    Kind: toCell(e.kind),
    Subject: toCell(e.subject),
    Payload: toCell(JSON.stringify(e.payload)),
    Status: toCell(e.status),
    Attempts: e.attempts,
    'Next attempt': dateCell(e.nextAttempt),
    'Last error': toCell(e.lastError),
    'Sent at': dateCell(e.sentAt),
    Key: toCell(e.key),
  };
}

export class OutboxStore {
  readonly table: Table;

  constructor(private readonly ctx: AppContext) {
    this.table = ctx.table(OUTBOX);
  }

  toRecord(e: OutboxEntry): Record<string, CellValue> {
    return outboxRecord(e);
  }

  static fromRecord(rec: Record<string, CellValue>, row: number): OutboxRow {
    let payload: OutboxPayload;
    try {
      payload = JSON.parse(cellText(rec.Payload)) as OutboxPayload;
    } catch {
      payload = null as unknown as OutboxPayload;
    }
    return {
      row,
      id: cellText(rec.ID),
      created: cellTime(rec.Created) ?? 0,
      to: cellText(rec.To),
      kind: cellText(rec.Kind),
      subject: cellText(rec.Subject),
      payload,
      status: (cellText(rec.Status) || 'pending') as OutboxStatus,
      attempts: cellInt(rec.Attempts) ?? 0,
      nextAttempt: cellTime(rec['Next attempt']),
      lastError: cellText(rec['Last error']),
      sentAt: cellTime(rec['Sent at']),
      key: cellText(rec.Key),
    };
  }

  /** Appends the entries whose key is not already among the last rows; returns how many were written. */
  appendOnce(entries: readonly OutboxEntry[]): number {
    requireLock(this.ctx, 'OutboxStore.appendOnce');
    if (entries.length === 0) return 0;
    const { last, values } = this.table.tailColumn('Key', entries.length);
    const present = new Set(values.map(cellText));
    const rows = entries.filter((e) => !present.has(e.key)).map((e) => this.table.row(this.toRecord(e)));
    if (rows.length > 0) this.table.append(rows, last);
    return rows.length;
  }

  /** Whether any of `keys` is among the last rows' Key cells (one read of the tail): did an append land? */
  hasAnyKey(keys: readonly string[]): boolean {
    return this.table.tailHasAny('Key', keys);
  }

  /** Appends the entries (no check for keys already present: see appendOnce); returns how many were written. */
  append(entries: readonly OutboxEntry[]): number {
    requireLock(this.ctx, 'OutboxStore.append');
    if (entries.length === 0) return 0;
    this.table.append(entries.map((e) => this.table.row(this.toRecord(e))));
    return entries.length;
  }

  /** Every row (one read). The timers issue narrows this to the Status/Next attempt columns. */
  readAll(): OutboxRow[] {
    const last = this.table.lastRow();
    if (last < 2) return [];
    return this.table.readRows(2, last - 1).map((cells, i) => OutboxStore.fromRecord(this.table.record(cells), i + 2));
  }

  /** Rewrites one row (status, attempts, errors), keeping operator columns. One read and one write. */
  update(entry: OutboxRow): void {
    requireLock(this.ctx, 'OutboxStore.update');
    const base = this.table.readRow(entry.row);
    this.table.writeRow(entry.row, this.table.row(this.toRecord(entry), base));
  }
}
