/**
 * The next time a timer run has work, computed at the end of a run that did the work (src/gas/plane/next-due.ts
 * keeps it in one script property; every write that creates something due lowers it). The earliest of:
 *   - each open request's next SLA event (a reminder not yet sent, the deadline) after now;
 *   - the next daily digest of each person who takes digests (their digest hour, in their zone);
 *   - the Outbox: now when entries wait (quota or batch), else its earliest retry;
 *   - pending intake, a checkpoint (the run stopped at its budget): now.
 * Unknown (no scan this run): now. A run that finds the stored time still in the future does nothing at all.
 */
import { nextSlaEvent } from '../../core';
import type { AppContext } from '../context';
import { readNextDue, nextDueKey } from '../plane/next-due';
import type { FlushResult } from '../mail/outbox-sender';
import { referenceStores } from '../plane/reference';
import { localClock } from './local-clock';
import type { Scan } from './scan';
import { isOpen, type VersionCache } from './sla';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface NextDueInput {
  scan: Scan | null;
  versions: VersionCache;
  outbox: FlushResult | null;
  stopped: boolean;
  paused: boolean;
  pendingIntake: number;
  digestHour: number;
}

export function nextDue(ctx: AppContext, i: NextDueInput): number {
  const now = ctx.now();
  if (i.stopped || i.pendingIntake > 0) return now;
  // Paused: nothing is sent or escalated until an admin resumes (resuming lowers the time).
  if (i.paused) return Number.MAX_SAFE_INTEGER;
  if (!i.scan) return now;
  let next = Number.POSITIVE_INFINITY;
  for (const r of i.scan.rows) {
    if (!r.sla || !isOpen(i.versions, r)) continue;
    const def = i.versions.get(r.workflowId, r.version)?.definition;
    if (!def) return now;
    const at = nextSlaEvent(def, r.sla, now, ctx.zoneOffset);
    if (at !== null && at < next) next = at;
  }
  if (i.outbox) {
    if (i.outbox.pending > i.outbox.later)
      next = Math.min(next, now); // due now, not sent this run
    else if (i.outbox.nextAttemptAt !== null) next = Math.min(next, Math.max(now, i.outbox.nextAttemptAt));
    if (i.outbox.quotaExhausted) next = Math.min(next, now + HOUR); // the quota is checked again within the hour
  }
  next = Math.min(next, nextDigest(ctx, i.digestHour, now));
  return Number.isFinite(next) ? next : now + DAY;
}

/** The next digest hour of anyone who takes daily digests (their zone, else the script's). */
function nextDigest(ctx: AppContext, digestHour: number, now: number): number {
  let people: Array<{ timeZone?: string | null }> = [];
  try {
    people = referenceStores(ctx)
      .directory.list()
      .filter((p) => p.digest === 'daily');
  } catch {
    return now;
  }
  if (!people.length) return Number.POSITIVE_INFINITY;
  let scriptZone = 'Etc/UTC';
  try {
    scriptZone = ctx.services.Session.getScriptTimeZone() || scriptZone;
  } catch {
    /* keep UTC */
  }
  let next = Number.POSITIVE_INFINITY;
  for (const p of people) {
    const { hour } = localClock(p.timeZone || scriptZone, now, ctx.zoneOffset);
    // Whole hours from now to the next digest hour (today's when still ahead, else tomorrow's), on the hour.
    const ahead = ((digestHour - hour + 24) % 24 || 24) * HOUR;
    const at = Math.floor(now / HOUR) * HOUR + ahead;
    if (at < next) next = at;
  }
  return next;
}

/** Stores the next-due time (one property write). */
export function storeNextDue(ctx: AppContext, at: number): void {
  const props = ctx.props();
  const cur = readNextDue(ctx, props);
  if (cur === Math.floor(at)) return;
  props.writeNow(nextDueKey(ctx), String(Math.floor(at)));
}
