/**
 * The next time anything is due (a reminder, an escalation, a digest, an Outbox send or retry, pending intake), kept
 * in two script properties with one writer each, so neither can overwrite what the other wrote:
 *
 *   - `nextDue`, written only by timer runs (one at a time, by the run lease): the earliest time the run found,
 *     and the id of the last wake-up it saw before its work ("at|wakeId");
 *   - `wake`, written only by the other writers: a create, a decision, a queued mail, pending intake ("at|id").
 *     Each new wake-up gets a new id.
 * Both are read with the execution's one getProperties: an idle run still makes one read and stops.
 *
 * The time is the run's, or the wake-up's when the run had not seen it (its id differs), whichever is earlier. A run
 * marks as seen only the wake-up it read in its first unit, under the lock, with its lease, before its scan and its
 * Outbox claim (absorbWake), and writes its time with that id at its end. So work made while it runs (another
 * execution's create or decision, the run's own later units) makes a new wake-up, which its last write keeps. The timer reads both with the execution's one getProperties and stops when the
 * time is still in the future. Lowering early is always safe: one run finds nothing and sets the time again.
 */
import { scopedKey, type AppContext } from '../context';
import type { PlaneProps } from './props';

export const nextDueKey = (ctx: AppContext): string => scopedKey(ctx, 'nextDue');
export const wakeKey = (ctx: AppContext): string => scopedKey(ctx, 'wake');

interface Stamp {
  at: number;
  id: number;
}

/** "at|id" (or a bare "at", as stored before wake-ups had ids: id 0). */
function parse(text: string | null): Stamp | null {
  if (!text) return null;
  const [a, b] = text.split('|');
  const at = Number(a);
  const id = b === undefined ? 0 : Number(b);
  return Number.isFinite(at) && Number.isInteger(id) ? { at, id } : null;
}

/** The wake-up the stored run time has not seen, or null. */
function pendingWake(ctx: AppContext, props: PlaneProps): Stamp | null {
  const wake = parse(props.get(wakeKey(ctx)));
  if (!wake) return null;
  const run = parse(props.get(nextDueKey(ctx)));
  return run && run.id === wake.id ? null : wake;
}

/** The next-due time (epoch ms), or null when unknown (no run stored one: everything may be due). */
export function readNextDue(ctx: AppContext, props: PlaneProps): number | null {
  const run = parse(props.get(nextDueKey(ctx)));
  if (!run) return null;
  const wake = pendingWake(ctx, props);
  return wake ? Math.min(run.at, wake.at) : run.at;
}

/** The id of the stored wake-up (0 when none): what a run marks as seen when it writes its time. */
export function wakeSeen(ctx: AppContext, props: PlaneProps): number {
  return parse(props.get(wakeKey(ctx)))?.id ?? 0;
}

/**
 * A run's first unit, under the lock, with its lease: marks the pending wake-up as seen now, so a writer while the
 * run works makes a new one instead of trusting it. The stored time takes the wake-up's (if earlier), so a run
 * killed before its last write leaves the work due for the next run. Staged with the unit's property write.
 */
export function absorbWake(ctx: AppContext, props: PlaneProps): void {
  const wake = pendingWake(ctx, props);
  if (!wake) return;
  const run = parse(props.get(nextDueKey(ctx)));
  props.set(nextDueKey(ctx), runNextDue(Math.min(run ? run.at : ctx.now(), wake.at), wake.id));
}

/** A timer run's value: its time and the wake-up it saw before its work. */
export function runNextDue(at: number, seen: number): string {
  return `${Math.floor(at)}|${seen}`;
}

/**
 * Whether a timer run holds its lease (taken in its first unit, released by its last write; src/gas/timers/state.ts
 * keeps it under this key). Such a run scanned before this write and may raise the stored time past it.
 */
function runInFlight(ctx: AppContext, props: PlaneProps): boolean {
  const lease = props.json<{ until?: unknown }>(scopedKey(ctx, 'timers', 'lease'));
  return !!lease && typeof lease.until === 'number' && lease.until > ctx.now();
}

/**
 * Stages a wake-up at `at`, unless a run will look by then anyway: a wake-up no run has seen yet is at or before it,
 * or, with no run in flight, the stored run time is (the next run starts after this write and sees its work). A
 * wake-up not yet seen is kept: the new one takes the earlier of the two times, under a new id.
 */
export function lowerNextDue(u: { ctx: AppContext; props: PlaneProps }, at: number): void {
  const pending = pendingWake(u.ctx, u.props);
  if (pending && pending.at <= at) return;
  const run = parse(u.props.get(nextDueKey(u.ctx)));
  if (run && run.at <= at && !runInFlight(u.ctx, u.props)) return;
  const stored = parse(u.props.get(wakeKey(u.ctx)));
  const time = Math.floor(pending ? Math.min(pending.at, at) : at);
  u.props.set(wakeKey(u.ctx), `${time}|${newWakeId(stored?.id ?? 0)}`);
}

/**
 * A wake-up's id: random, not a counter, because some writers lower the time without the lock (pending intake, a
 * parked refusal): two of them reading the same id must not both write its successor, one of which a run may have
 * seen. Never 0 (a run time stored before ids) nor the id it replaces.
 */
function newWakeId(previous: number): number {
  for (;;) {
    const id = 1 + Math.floor(Math.random() * 2_147_483_646);
    if (id !== previous) return id;
  }
}

/** Lowers it now, outside a unit (one property write at most): pending intake, a refusal parked for the timer. */
export function lowerNextDueNow(ctx: AppContext, at: number): void {
  const props = ctx.props();
  lowerNextDue({ ctx, props }, at);
  if (props.pending) props.flush();
}
