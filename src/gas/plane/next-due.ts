/**
 * The next time anything is due (a reminder, an escalation, a digest, an Outbox send or retry, pending intake), kept
 * in two script properties with one writer each, so neither can overwrite what the other wrote:
 *
 *   - `nextDue`, written only by timer runs (one at a time, by the run lease): the earliest time the run found,
 *     and the ids of the wake-ups it saw before its work ("at|wakeId|wakeNowId");
 *   - the wake-ups, written only by the other writers, in two keys: `wake` for units of work under the lock (a
 *     create, a decision, a queued mail; at now or at a later SLA time) and `wakeNow` for writes outside it (pending
 *     intake, a parked refusal, the admin's pause toggle, the old journal; always at now). "at|id"; each new wake-up
 *     gets a new id. Two writers outside the lock that race each write "now", so the one that loses costs nothing;
 *     a locked and an unlocked writer never share a key, so a later SLA time cannot hide a wake-up for now.
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
import { leaseHeld, leaseKey, type Lease } from '../timers/lease';

export const nextDueKey = (ctx: AppContext): string => scopedKey(ctx, 'nextDue');
/** The wake-up keys: [under the lock, outside it]. */
const CHANNELS = ['wake', 'wakeNow'] as const;
export const wakeKey = (ctx: AppContext, locked = true): string => scopedKey(ctx, CHANNELS[locked ? 0 : 1]);

interface Stamp {
  at: number;
  id: number;
}

/** A run's value: its time and the wake-up ids it saw, one per channel. */
interface RunTime {
  at: number;
  seen: number[];
}

const num = (t: string | undefined): number => (t === undefined ? 0 : Number(t));

/** "at|id". */
function parseStamp(text: string | null): Stamp | null {
  if (!text) return null;
  const [a, b] = text.split('|');
  const at = Number(a);
  const id = num(b);
  return Number.isFinite(at) && Number.isInteger(id) ? { at, id } : null;
}

/** "at|seen|seen" (or a bare "at", as stored before wake-ups: nothing seen). */
function parseRun(text: string | null): RunTime | null {
  if (!text) return null;
  const [a, ...ids] = text.split('|');
  const at = Number(a);
  const seen = CHANNELS.map((_, i) => num(ids[i]));
  return Number.isFinite(at) && seen.every(Number.isInteger) ? { at, seen } : null;
}

/** Each channel's stored wake-up, or null. */
const wakes = (ctx: AppContext, props: PlaneProps): Array<Stamp | null> =>
  CHANNELS.map((_, i) => parseStamp(props.get(wakeKey(ctx, i === 0))));

/** The wake-ups the stored run time has not seen (null where seen or none), per channel. */
function pendingWakes(ctx: AppContext, props: PlaneProps): Array<Stamp | null> {
  const run = parseRun(props.get(nextDueKey(ctx)));
  return wakes(ctx, props).map((w, i) => (w && (!run || run.seen[i] !== w.id) ? w : null));
}

const earliest = (stamps: ReadonlyArray<Stamp | null>): number | null =>
  stamps.reduce<number | null>((m, s) => (s ? (m === null ? s.at : Math.min(m, s.at)) : m), null);

/** The next-due time (epoch ms), or null when unknown (no run stored one: everything may be due). */
export function readNextDue(ctx: AppContext, props: PlaneProps): number | null {
  const run = parseRun(props.get(nextDueKey(ctx)));
  if (!run) return null;
  const w = earliest(pendingWakes(ctx, props));
  return w === null ? run.at : Math.min(run.at, w);
}

/** The ids of the stored wake-ups (0 where none): what a run marks as seen when it writes its time. */
export function wakeSeen(ctx: AppContext, props: PlaneProps): number[] {
  return wakes(ctx, props).map((w) => w?.id ?? 0);
}

/**
 * A run's first unit, under the lock, with its lease: marks the pending wake-ups as seen now, so a writer while the
 * run works makes a new one instead of trusting them. The stored time takes theirs (if earlier), so a run killed
 * before its last write leaves the work due for the next run. Staged with the unit's property write.
 */
export function absorbWake(ctx: AppContext, props: PlaneProps): void {
  const w = earliest(pendingWakes(ctx, props));
  if (w === null) return;
  const run = parseRun(props.get(nextDueKey(ctx)));
  props.set(nextDueKey(ctx), runNextDue(Math.min(run ? run.at : ctx.now(), w), wakeSeen(ctx, props)));
}

/** A timer run's value: its time and the wake-ups it saw before its work. */
export function runNextDue(at: number, seen: readonly number[]): string {
  return [Math.floor(at), ...CHANNELS.map((_, i) => seen[i] ?? 0)].join('|');
}

/** Whether a timer run holds its lease: it scanned before this write and may raise the stored time past it. */
const runInFlight = (ctx: AppContext, props: PlaneProps): boolean => leaseHeld(props.json<Lease>(leaseKey(ctx)), ctx.now());

/**
 * Stages a wake-up at `at` in the writer's channel, unless a run will look by then anyway: a wake-up no run has seen
 * yet is at or before it, or, with no run in flight, the stored run time is (the next run starts after this write
 * and sees its work). A wake-up of the same channel not yet seen is kept: the new one takes the earlier of the two
 * times, under a new id.
 */
function lower(ctx: AppContext, props: PlaneProps, at: number, locked: boolean): void {
  const pending = pendingWakes(ctx, props);
  const w = earliest(pending);
  if (w !== null && w <= at) return;
  const run = parseRun(props.get(nextDueKey(ctx)));
  if (run && run.at <= at && !runInFlight(ctx, props)) return;
  const mine = pending[locked ? 0 : 1];
  const stored = parseStamp(props.get(wakeKey(ctx, locked)));
  const time = Math.floor(mine ? Math.min(mine.at, at) : at);
  props.set(wakeKey(ctx, locked), `${time}|${newWakeId(stored?.id ?? 0)}`);
}

/** A unit of work's wake-up (under the lock): staged with its property write. */
export function lowerNextDue(u: { ctx: AppContext; props: PlaneProps }, at: number): void {
  lower(u.ctx, u.props, at, true);
}

/**
 * A wake-up written now, outside a unit and outside the lock (one property write at most): pending intake, a refusal
 * parked for the timer, the admin's pause toggle. Always for now: two of them racing lose nothing.
 */
export function lowerNextDueNow(ctx: AppContext, at: number): void {
  const props = ctx.props();
  lower(ctx, props, at, false);
  if (props.pending) props.flush();
}

/**
 * A wake-up's id: random, not a counter, so two writers that read the same id never write the same successor (one a
 * run may have seen). Never 0 (nothing seen) nor the id it replaces.
 */
function newWakeId(previous: number): number {
  for (;;) {
    const id = 1 + Math.floor(Math.random() * 2_147_483_646);
    if (id !== previous) return id;
  }
}
