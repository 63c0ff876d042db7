/**
 * Whether this execution holds the script lock through withLock (lock.ts), for the stores: every write to the
 * governed Sheet checks it at run time (requireLock), as commit() does, so a write path that forgot the lock fails
 * at once instead of racing another execution. No run-time imports, so any store may import it.
 */
import type { AppContext } from './context';
import { HandoffError } from './errors';

const depth = new WeakMap<AppContext, number>();

export function lockDepth(ctx: AppContext): number {
  return depth.get(ctx) ?? 0;
}

export function setLockDepth(ctx: AppContext, n: number): void {
  depth.set(ctx, n);
}

export function isLocked(ctx: AppContext): boolean {
  return lockDepth(ctx) > 0;
}

/** Throws unless the script lock is held: `what` names the write (a programming error, never a user's). */
export function requireLock(ctx: AppContext, what: string): void {
  if (!isLocked(ctx)) throw new HandoffError('conflict', `internal: ${what} outside the lock`);
}
