/**
 * The timer run's lease (one run at a time): taken in the run's first unit, under the lock, and released by its last
 * write (marked expired). Its own module, importing only the context: the data plane's next-due time asks whether a
 * run holds it (src/gas/plane/next-due.ts) without reaching the timers' state.
 */
import { scopedKey, type AppContext } from '../context';

export interface Lease {
  run: string;
  until: number;
}

export const leaseKey = (ctx: AppContext): string => scopedKey(ctx, 'timers', 'lease');

/** Whether a lease as stored is held at `now` (a run is working, or was killed and its lease has not run out). */
export function leaseHeld(lease: Partial<Lease> | null | undefined, now: number): boolean {
  return !!lease && typeof lease.until === 'number' && lease.until > now;
}
