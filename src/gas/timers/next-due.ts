/**
 * The next time a timer run has work, computed at the end of a run that did the work (src/gas/plane/next-due.ts
 * keeps it in one script property; every write that creates something due lowers it). The earliest of:
 *   - each open request's next SLA event (a reminder not yet sent, the deadline) after now;
 *   - the digest of each person something was folded for (their digest hour, in their zone);
 *   - the Outbox: now when entries wait (quota or batch), else its earliest retry;
 *   - pending intake, a checkpoint (the run stopped at its budget): now.
 * Unknown (no scan this run): now. A run that finds the stored time still in the future does nothing at all.
 */
import { nextSlaEvent } from '../../core';
import type { AppContext } from '../context';
import type { FlushResult } from '../mail/outbox-sender';
import { referenceStores } from '../plane/reference';
import { nextDigestAt } from '../mail/delivery';
import { stateFrom } from './state';
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

/**
 * The next digest that has something to carry: for each person something was folded for (the timers' `digestDue`,
 * mail/delivery.ts), the first digest hour in their zone after it was folded (now, when that has passed unsent).
 */
function nextDigest(ctx: AppContext, digestHour: number, now: number): number {
  let due: Record<string, number>;
  let zones: Map<string, string | null>;
  try {
    due = stateFrom(ctx, ctx.properties()).digestDue;
    if (!Object.keys(due).length) return Number.POSITIVE_INFINITY;
    zones = new Map(
      referenceStores(ctx)
        .directory.list()
        .map((p) => [p.email, p.timeZone ?? null]),
    );
  } catch {
    return now;
  }
  let scriptZone = 'Etc/UTC';
  try {
    scriptZone = ctx.services.Session.getScriptTimeZone() || scriptZone;
  } catch {
    /* keep UTC */
  }
  let next = Number.POSITIVE_INFINITY;
  for (const [email, since] of Object.entries(due)) {
    const at = Math.max(now, nextDigestAt(zones.get(email) || scriptZone, since, digestHour, ctx.zoneOffset));
    if (at < next) next = at;
  }
  return next;
}
