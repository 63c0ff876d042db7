/**
 * How a person gets what waits on them (the Directory's "Digest" column, set in the panel's people editor):
 *   immediate  an email for each approval asked of them, each assignment and each reminder, as it happens;
 *   digest     one email per digest hour (the timers' digest, digest.ts) listing every pending approval with its own
 *              links; an approval, assignment or reminder is folded into it, unless its due time comes before the
 *              next digest, when it goes out at once. Escalations always go out at once.
 * An empty cell means the default, DEFAULT_DELIVERY (digest: a working day's approvals cost one email per approver).
 */
import { normalizeEmail, queueName, type Directory, type NotificationIntent, type Person, type ZoneOffset } from '../../core';
import type { AppContext } from '../context';
import { localClock } from '../timers/digest';
import { readState } from '../timers/state';

export type Delivery = 'immediate' | 'digest';
export const DELIVERIES: readonly Delivery[] = ['immediate', 'digest'];
export const DEFAULT_DELIVERY: Delivery = 'digest';

/** Kinds a digest can carry instead of an email of their own. */
const FOLDABLE: ReadonlySet<string> = new Set(['approval_requested', 'assigned', 'reminder']);

export function deliveryOf(p: Pick<Person, 'digest'> | undefined): Delivery {
  const d = p?.digest;
  if (d === 'immediate') return 'immediate';
  if (d === 'digest' || d === 'daily') return 'digest';
  return DEFAULT_DELIVERY;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * When a person's next digest goes out: today's digest hour in their zone if it is still ahead and today's has not
 * gone, else tomorrow's. `sentOn` is the local date ('YYYY-MM-DD') of their last digest.
 */
export function nextDigestAt(timeZone: string, now: number, hour: number, sentOn: string | undefined, zo: ZoneOffset): number {
  const { date, hour: h } = localClock(timeZone, now, zo);
  const offset = (t: number) => {
    try {
      return zo(timeZone, t) * 60_000;
    } catch {
      return 0;
    }
  };
  const localMidnight = Date.parse(`${date}T00:00:00Z`);
  const today = localMidnight + hour * HOUR - offset(now);
  if (h < hour && sentOn !== date) return today;
  if (h >= hour && sentOn !== date) return now; // the digest of this hour goes out on the next run
  return localMidnight + DAY + hour * HOUR - offset(now + DAY);
}

export interface Folding {
  /** Whether this person's copy of the notice waits for their digest (due time `dueAt`, null: none). */
  folds(email: string, kind: string, dueAt: number | null): boolean;
  /** When the person's next digest goes out. */
  nextDigest(email: string): number;
}

/** The folding rule for one Outbox run (the timers' state and the Directory read once). */
export function folding(ctx: AppContext, directory: Directory): Folding {
  let state: ReturnType<typeof readState> | null = null;
  let scriptZone: string | null = null;
  const zoneOf = (p: Person | undefined): string => {
    if (p?.timeZone) return p.timeZone;
    if (scriptZone === null) {
      try {
        scriptZone = ctx.services.Session.getScriptTimeZone() || 'Etc/UTC';
      } catch {
        scriptZone = 'Etc/UTC';
      }
    }
    return scriptZone;
  };
  const nextDigest = (email: string): number => {
    state ??= readState(ctx);
    const p = directory.get(email);
    return nextDigestAt(zoneOf(p), ctx.now(), state.config.digestHour, state.digests[normalizeEmail(email)], ctx.zoneOffset);
  };
  return {
    nextDigest,
    folds(email, kind, dueAt) {
      if (!FOLDABLE.has(kind) || queueName(email) !== null) return false;
      const p = directory.get(email);
      if (deliveryOf(p) !== 'digest') return false;
      return dueAt === null || dueAt > nextDigest(email);
    },
  };
}

/** Whether an intent is one a digest can carry. */
export function foldable(n: NotificationIntent): boolean {
  return FOLDABLE.has(n.kind);
}
