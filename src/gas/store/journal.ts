/**
 * The write-ahead journal. An operation writes up to three places (Audit rows, Outbox rows, the request's row);
 * a crash between them would leave the sheet inconsistent. So, under the lock, before the first write, the
 * operation records every pending write in script properties; it clears the record after the writes are
 * flushed. The next locked operation (any of them) first replays a record it finds, idempotently:
 *   - Audit and Outbox rows are appended only if their keys are not already at the end of the tab (the crashed
 *     operation was the last writer: every writer takes the lock and replays first);
 *   - the request row is written only if the sheet's revision is older than the journaled one (or inserted if
 *     absent).
 * Size: a property value holds at most 9 KB, so a record is split into chunks of ≤ 8,000 UTF-8 bytes written in
 * one setProperties call; the store holds 500 KB, so a record over 400 KB is refused before anything is written.
 */
import { lowerNextDueNow } from '../plane/next-due';
import { utf8Bytes, type Request } from '../../core';
import { scopedKey, type AppContext } from '../context';
import { HandoffError, TooLargeError } from '../errors';
import { cellInt } from '../sheet/values';
import { AuditStore, type KeyedEvent } from './audit';
import { OutboxStore, type OutboxEntry } from './outbox';
import { RequestStore } from './requests';
import { requireLock } from '../lock-state';

export interface JournalRecord {
  op: string;
  at: number;
  /** The request as it must end up (inserted when absent, else written over an older revision). */
  request: Request | null;
  /** Row hint for the request (null for an insert). */
  row: number | null;
  audit: KeyedEvent[];
  outbox: OutboxEntry[];
  /** Further requests of a batched operation (the timers write many rows at once); each replayed like `request`. */
  requests?: Array<{ request: Request; row: number | null }>;
}

export const CHUNK_BYTES = 8000;
export const MAX_JOURNAL_BYTES = 400_000;

const headKey = (ctx: AppContext): string => scopedKey(ctx, 'journal');
const chunkKey = (ctx: AppContext, i: number): string => scopedKey(ctx, 'journal', i);

/** Splits text into pieces of at most maxBytes UTF-8 bytes, never inside a surrogate pair. */
export function chunkByBytes(text: string, maxBytes = CHUNK_BYTES): string[] {
  const out: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let len = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      len = 4;
      width = 2;
    }
    if (bytes + len > maxBytes) {
      out.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += len;
    i += width - 1;
  }
  out.push(text.slice(start));
  return out;
}

export function writeJournal(ctx: AppContext, record: JournalRecord): void {
  requireLock(ctx, 'writeJournal');
  const text = JSON.stringify(record);
  const size = utf8Bytes(text).length;
  if (size > MAX_JOURNAL_BYTES) throw new TooLargeError('This change', size, MAX_JOURNAL_BYTES);
  const props = ctx.services.PropertiesService.getScriptProperties();
  if (size <= CHUNK_BYTES - 100) {
    props.setProperty(headKey(ctx), JSON.stringify({ inline: record }));
    return;
  }
  const chunks = chunkByBytes(text);
  const values: Record<string, string> = {};
  chunks.forEach((c, i) => (values[chunkKey(ctx, i)] = c));
  // The head goes last in the same call: a record is present only when all its chunks are.
  values[headKey(ctx)] = JSON.stringify({ chunks: chunks.length });
  props.setProperties(values, false);
}

/** The first write of a journaled operation was refused (e.g. by a protected range); nothing was changed. */
export class WriteRefusedError extends HandoffError {
  constructor(
    readonly tab: string,
    readonly user: string,
    readonly reason: string,
  ) {
    super(
      'refused',
      `${user || 'This execution'} may not edit the protected "${tab}" tab, so nothing was changed (${reason}). ` +
        'Changes to requests go through the Handoff sidebar, the approval links or a trigger; an admin can run Handoff > Set up / repair to update who may edit.',
    );
  }
}

const PROTECTED = /protected (cell|range|sheet)|protected cell or object/i;

/**
 * Runs the first write of a journaled operation (the journal is already written). If it throws — the execution
 * is alive, so this is a refusal or a service error, not a crash — and `landed()` confirms none of it reached the
 * sheet, the operation did not happen: the journal is discarded, so no later operation replays a change the user
 * was told had failed, and a protection refusal becomes a WriteRefusedError naming the tab and the user.
 * When landed() is true, or cannot tell (its read throws too), the journal stays and the next locked operation
 * rolls the change forward, as after a crash.
 */
export function firstWrite<T>(ctx: AppContext, tab: string, write: () => T, landed: () => boolean): T {
  try {
    return write();
  } catch (e) {
    let nothing = false;
    try {
      nothing = !landed();
    } catch {
      nothing = false;
    }
    if (!nothing) throw e;
    clearJournal(ctx);
    const message = e instanceof Error ? e.message : String(e);
    if (!PROTECTED.test(message)) throw e;
    let user = '';
    try {
      user = ctx.services.Session.getEffectiveUser().getEmail() ?? '';
    } catch {
      user = '';
    }
    throw new WriteRefusedError(tab, user, message);
  }
}

export function readJournal(ctx: AppContext): JournalRecord | null {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const head = props.getProperty(headKey(ctx));
  if (!head) return null;
  const h = JSON.parse(head) as { inline?: JournalRecord; chunks?: number };
  if (h.inline) return h.inline;
  const all = props.getProperties();
  let text = '';
  for (let i = 0; i < (h.chunks ?? 0); i++) text += all[chunkKey(ctx, i)] ?? '';
  return JSON.parse(text) as JournalRecord;
}

export function clearJournal(ctx: AppContext): void {
  requireLock(ctx, 'clearJournal');
  ctx.services.PropertiesService.getScriptProperties().deleteProperty(headKey(ctx));
}

/** Replays a pending record idempotently and clears it. Returns what it found (null when nothing was pending). */
export function recoverJournal(
  ctx: AppContext,
): { op: string; audit: number; outbox: number; request: 'inserted' | 'updated' | 'current' | 'none' } | null {
  const record = readJournal(ctx);
  if (!record) return null;
  const audit = record.audit.length ? new AuditStore(ctx).appendOnce(record.audit) : 0;
  const outbox = record.outbox.length ? new OutboxStore(ctx).appendOnce(record.outbox) : 0;
  if (outbox) lowerNextDueNow(ctx, ctx.now()); // mail queued: the next timer run sends it
  let request: 'inserted' | 'updated' | 'current' | 'none' = 'none';
  const replay = (r: Request, row: number | null): 'inserted' | 'updated' | 'current' => {
    const store = new RequestStore(ctx);
    if (row !== null) store.rememberRow(r.id, row);
    const found = store.findRow(r.id);
    if (!found) {
      store.insert(r);
      return 'inserted';
    }
    const rev = cellInt(found.cells[store.table.col('Revision') - 1]) ?? 0;
    if (rev < r.revision) {
      store.update(found.row, found.cells, r);
      return 'updated';
    }
    return 'current';
  };
  if (record.request) request = replay(record.request, record.row);
  for (const extra of record.requests ?? []) {
    const done = replay(extra.request, extra.row);
    if (request === 'none' || request === 'current') request = done;
  }
  ctx.services.SpreadsheetApp.flush();
  clearJournal(ctx);
  return { op: record.op, audit, outbox, request };
}
