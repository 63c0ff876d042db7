/**
 * How a person gets what waits on them (the Directory's "Digest" column, set in the panel's people editor):
 *   immediate  an email for each approval asked of them, each assignment and each reminder, as it happens;
 *   digest     one email per digest hour (the timers' digest, digest.ts) listing every pending approval with its own
 *              links; an approval, assignment or reminder is folded into it, unless its due time comes before the
 *              next digest, when it goes out at once. Escalations always go out at once.
 * An empty cell means the organisation's default: Admin > Settings (`defaultDelivery`), digest unless an admin chose
 * otherwise (DEFAULT_DELIVERY: a working day's approvals cost one email per approver).
 */
import { queueName, type Directory, type NotificationIntent, type Person, type ZoneOffset } from '../../core';
import type { AppContext } from '../context';
import { localClock } from '../timers/local-clock';
import { readState } from '../timers/state';

export type Delivery = 'immediate' | 'digest';
export const DELIVERIES: readonly Delivery[] = ['immediate', 'digest'];
export const DEFAULT_DELIVERY: Delivery = 'digest';

/** Kinds a digest can carry instead of an email of their own. */
const FOLDABLE: ReadonlySet<string> = new Set(['approval_requested', 'assigned', 'reminder']);

/** The person's delivery: their own choice, else `fallback` (the organisation's default, TimerConfig.defaultDelivery). */
export function deliveryOf(p: Pick<Person, 'digest'> | undefined, fallback: Delivery = DEFAULT_DELIVERY): Delivery {
  const d = p?.digest;
  if (d === 'immediate') return 'immediate';
  if (d === 'digest' || d === 'daily') return 'digest';
  return fallback;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * When a person's next digest goes out: today's digest hour in their zone while it is still ahead, else tomorrow's.
 * Something folded after today's digest hour waits for tomorrow's (one email per person per digest hour).
 */
export function nextDigestAt(timeZone: string, now: number, hour: number, zo: ZoneOffset): number {
  const today = digestInstant(timeZone, now, hour, zo);
  return now < today ? today : digestInstant(timeZone, now + DAY, hour, zo);
}

/** The instant of the digest hour on the local day of `at`. */
export function digestInstant(timeZone: string, at: number, hour: number, zo: ZoneOffset): number {
  const { date } = localClock(timeZone, at, zo);
  let offset = 0;
  try {
    offset = zo(timeZone, at) * 60_000;
  } catch {
    offset = 0;
  }
  return Date.parse(`${date}T00:00:00Z`) + hour * HOUR - offset;
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
    return nextDigestAt(zoneOf(p), ctx.now(), state.config.digestHour, ctx.zoneOffset);
  };
  return {
    nextDigest,
    folds(email, kind, dueAt) {
      if (!FOLDABLE.has(kind) || queueName(email) !== null) return false;
      const p = directory.get(email);
      state ??= readState(ctx);
      if (deliveryOf(p, state.config.defaultDelivery) !== 'digest') return false;
      return dueAt === null || dueAt > nextDigest(email);
    },
  };
}

/** Whether an intent is one a digest can carry. */
export function foldable(n: NotificationIntent): boolean {
  return FOLDABLE.has(n.kind);
}
