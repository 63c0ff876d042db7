/**
 * Every change to the governed Sheet runs inside withLock: the script lock (waitLock with a bounded wait),
 * then replay of any journal a crashed operation left, then the change, then SpreadsheetApp.flush() before the
 * lock is released so the next holder sees the writes. Nested calls in one execution reuse the held lock.
 */
import type { AppContext } from './context';
import { LockTimeoutError } from './errors';
import { recoverJournal } from './store/journal';

const depth = new WeakMap<AppContext, number>();

export function isLocked(ctx: AppContext): boolean {
  return (depth.get(ctx) ?? 0) > 0;
}

export interface LockOptions {
  /** Replay a pending journal first (default true). Set-up turns it off to repair the tabs first. */
  recover?: boolean;
}

export function withLock<T>(ctx: AppContext, fn: () => T, opts: LockOptions = {}): T {
  const held = depth.get(ctx) ?? 0;
  if (held > 0) {
    depth.set(ctx, held + 1);
    try {
      return fn();
    } finally {
      depth.set(ctx, held);
    }
  }
  const lock = ctx.services.LockService.getScriptLock();
  try {
    lock.waitLock(ctx.settings.lockWaitMs);
  } catch {
    throw new LockTimeoutError(ctx.settings.lockWaitMs);
  }
  depth.set(ctx, 1);
  try {
    if (opts.recover !== false) recoverJournal(ctx);
    return fn();
  } finally {
    depth.set(ctx, 0);
    try {
      ctx.services.SpreadsheetApp.flush();
    } finally {
      lock.releaseLock();
    }
  }
}
