/**
 * The next time anything is due (a reminder, an escalation, a digest, an Outbox send or retry, pending intake), in
 * one script property. Every write that creates something due lowers it; the timer reads it first and stops when
 * it is still in the future; a timer run that did the work sets it to the earliest time it found. Lowering early
 * is always safe (one run finds nothing and raises it again); only raising is the timer's.
 */
import { scopedKey, type AppContext } from '../context';
import type { PlaneProps } from './props';

export const nextDueKey = (ctx: AppContext): string => scopedKey(ctx, 'nextDue');

/** The stored next-due time (epoch ms), or null when unknown (then everything may be due). */
export function readNextDue(ctx: AppContext, props: PlaneProps): number | null {
  const n = Number(props.get(nextDueKey(ctx)) ?? NaN);
  return Number.isFinite(n) ? n : null;
}

/** Stages the next-due time lowered to `at` (no write when it is already at or before `at`). */
export function lowerNextDue(u: { ctx: AppContext; props: PlaneProps }, at: number): void {
  const cur = readNextDue(u.ctx, u.props);
  if (cur !== null && cur <= at) return;
  u.props.set(nextDueKey(u.ctx), String(Math.floor(at)));
}

/** Lowers it now, outside a unit (one property write at most): pending intake, a refusal parked for the timer. */
export function lowerNextDueNow(ctx: AppContext, at: number): void {
  const props = ctx.props();
  lowerNextDue({ ctx, props }, at);
  if (props.pending) props.flush();
}
