/**
 * Every refused call reaches the Audit log.
 *
 * When the execution may write the protected Audit tab (an operator or admin in the sidebar, a web app executing as
 * its deployer, a trigger) the refusal is appended at once. When it may not (the sidebar runs as the person using it,
 * and a requester or approver may not edit Audit), the refusal is parked in one script property and the timer's next
 * run (as the admin who installed it) writes it to Audit. The parked list is bounded: individual refusals up to
 * PARK_ENTRY_BYTES, then counts per (person, function) for at most PARK_KEYS pairs, then one count for the rest, so a
 * flood of refusals uses one property of at most ~8 KB and can never fill the 500 KB property store.
 */
import { lowerNextDueNow } from './plane/next-due';
import { requestlessEvent, type AuditEvent, type JsonValue } from '../core';
import { scopedKey, scopeOf, SPREADSHEET_ID_PROPERTY, type AppContext } from './context';
import { isLocked, withLock } from './lock';
import { AuditStore } from './store/audit';

/** The audit action written for a refused call. */
export const REFUSED_ACTION: AuditEvent['action'] = 'refused';

export interface Refusal {
  /** The caller's email ('' when Apps Script could not see who it was). */
  who: string;
  /** The entry point refused. */
  fn: string;
  message: string;
  requestId?: string;
  details?: Record<string, string>;
}

interface Parked {
  id: string;
  at: number;
  who: string;
  fn: string;
  msg: string;
  req: string;
  det?: Record<string, string>;
}

interface Bucket {
  entries: Parked[];
  /** Refusals past the individual cap: counts by "who fn", and the time span they cover. */
  more: { n: number; from: number; to: number; by: Record<string, number> } | null;
}

/** Bytes of individual entries kept in the parked list (the property's value limit is 9 KB). */
export const PARK_ENTRY_BYTES = 6000;
/** Distinct (person, function) counts kept past that; the rest are counted together. */
export const PARK_KEYS = 20;
const OTHERS = '(others)';
const PARK_LOCK_MS = 2000;

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The property key. Scoped per governed spreadsheet; from the remembered id when this user cannot open the sheet. */
export function parkKey(ctx: AppContext): string {
  try {
    return scopedKey(ctx, 'refusals');
  } catch {
    const id = ctx.services.PropertiesService.getScriptProperties().getProperty(SPREADSHEET_ID_PROPERTY) ?? 'unscoped';
    return `${scopeOf(id)}:refusals`;
  }
}

function readBucket(text: string | null): Bucket {
  if (!text) return { entries: [], more: null };
  try {
    const b = JSON.parse(text) as Bucket;
    if (Array.isArray(b.entries)) return { entries: b.entries, more: b.more ?? null };
  } catch {
    /* unreadable: start again (the timer reports nothing for it) */
  }
  return { entries: [], more: null };
}

/** Adds one refusal to the bucket, within the caps. Pure: exported for the tests of the bound. */
export function addToBucket(bucket: Bucket, p: Parked): Bucket {
  const entries = [...bucket.entries, p];
  if (utf8Length(JSON.stringify(entries)) <= PARK_ENTRY_BYTES) return { entries, more: bucket.more };
  const more = bucket.more ? { ...bucket.more, by: { ...bucket.more.by } } : { n: 0, from: p.at, to: p.at, by: {} };
  more.n += 1;
  more.from = Math.min(more.from, p.at);
  more.to = Math.max(more.to, p.at);
  const key = `${p.who.slice(0, 80) || 'unknown'} ${p.fn.slice(0, 60)}`;
  const slot = key in more.by || Object.keys(more.by).length < PARK_KEYS ? key : OTHERS;
  more.by[slot] = (more.by[slot] ?? 0) + 1;
  return { entries: bucket.entries, more };
}

function park(ctx: AppContext, r: Refusal): boolean {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const key = parkKey(ctx);
  const lock = ctx.services.LockService.getScriptLock();
  // Inside withLock the script lock is already held (and must not be released here).
  const took = !isLocked(ctx) && lock.tryLock(PARK_LOCK_MS);
  try {
    const entry: Parked = {
      id: ctx.services.Utilities.getUuid(),
      at: ctx.now(),
      who: r.who,
      fn: r.fn,
      msg: r.message.slice(0, 400),
      req: (r.requestId ?? '').slice(0, 40),
      ...(r.details && Object.keys(r.details).length ? { det: r.details } : {}),
    };
    props.setProperty(key, JSON.stringify(addToBucket(readBucket(props.getProperty(key)), entry)));
    return true;
  } finally {
    if (took) lock.releaseLock();
  }
}

function refusalEvent(r: Refusal, at: number, extra: Record<string, JsonValue> = {}): AuditEvent {
  return requestlessEvent({
    requestId: r.requestId ?? '',
    at,
    actor: r.who || 'unknown',
    method: 'session',
    action: REFUSED_ACTION,
    name: r.fn,
    reason: r.message.slice(0, 1000),
    details: { function: r.fn, ...(r.details ?? {}), ...extra },
  });
}

/**
 * Records one refusal: appended to Audit when this execution may write it (`canWrite`, default: try), else parked.
 * Never throws: the refusal itself must still reach the caller.
 */
export function recordRefusal(ctx: AppContext, r: Refusal, opts: { canWrite?: boolean } = {}): 'audited' | 'parked' | 'lost' {
  if (opts.canWrite !== false) {
    try {
      const event = refusalEvent(r, ctx.now());
      withLock(ctx, () => new AuditStore(ctx).appendOnce([{ key: `refused:${ctx.services.Utilities.getUuid()}`, event }]));
      return 'audited';
    } catch {
      /* the protection refused the write (or the sheet is not set up): park it */
    }
  }
  try {
    if (!park(ctx, r)) return 'lost';
    lowerNextDueNow(ctx, ctx.now()); // the next timer run writes it to Audit
    return 'parked';
  } catch {
    return 'lost';
  }
}

/** How many refusals are parked (individually, and counted past the cap). */
export function parkedRefusals(ctx: AppContext): { entries: number; more: number } {
  const b = readBucket(ctx.services.PropertiesService.getScriptProperties().getProperty(parkKey(ctx)));
  return { entries: b.entries.length, more: b.more?.n ?? 0 };
}

/**
 * The timer's part: writes the parked refusals to Audit (one row each, at the time they happened, and one row
 * counting those past the cap), then forgets them. Under the lock; returns the number of refusals written.
 */
export function auditParkedRefusals(ctx: AppContext): number {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const key = parkKey(ctx);
  if (props.getProperty(key) === null) return 0;
  return withLock(ctx, () => {
    const bucket = readBucket(props.getProperty(key));
    const rows = bucket.entries.map((p) => ({
      key: `refused:${p.id}`,
      event: refusalEvent({ who: p.who, fn: p.fn, message: p.msg, requestId: p.req, ...(p.det ? { details: p.det } : {}) }, p.at, {
        parked: 'true',
      }),
    }));
    const more = bucket.more;
    if (more && more.n > 0) {
      const counts = Object.entries(more.by)
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ×${n}`)
        .join('; ');
      rows.push({
        key: `refused:more:${more.from}:${more.to}:${more.n}`,
        event: refusalEvent(
          { who: 'system', fn: 'refusals', message: `${more.n} more refused calls were counted, not kept one by one: ${counts}.` },
          more.to,
          { parked: 'true', count: more.n, from: more.from, to: more.to },
        ),
      });
    }
    if (rows.length) new AuditStore(ctx).appendOnce(rows);
    props.deleteProperty(key);
    return bucket.entries.length + (more?.n ?? 0);
  });
}
