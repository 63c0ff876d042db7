/**
 * Every change to the governed Sheet runs inside withLock: the script lock (waitLock with a bounded wait),
 * then replay of any journal a crashed operation left, then the change, then SpreadsheetApp.flush() before the
 * lock is released so the next holder sees the writes. Nested calls in one execution reuse the held lock.
 * A command whose last write is commit() (which flushes before clearing its journal) asks for no second flush.
 */
import { scopedKey, type AppContext } from './context';
import { LockTimeoutError } from './errors';
import { lockDepth as depthOf, setLockDepth } from './lock-state';
import { recoverJournal } from './store/journal';

export { isLocked, requireLock } from './lock-state';
const depth = { get: depthOf, set: setLockDepth };
const flushedByCommit = new WeakMap<AppContext, boolean>();

/** commit() calls this right after its flush: the sheet has no pending writes of this operation. */
export function markFlushed(ctx: AppContext): void {
  flushedByCommit.set(ctx, true);
}

export interface LockOptions {
  /** Replay a pending journal first (default true). Set-up turns it off to repair the tabs first. */
  recover?: boolean;
  /**
   * fn writes nothing after its commit() (createRequestCommand, applyActionCommand): when commit ran and fn
   * returned, commit's flush is the last one needed and the lock's own flush is skipped. Only the outermost
   * lock honours it; a nested call leaves flushing to the outer lock as usual.
   */
  endsWithCommit?: boolean;
}

/** Executions whose outer lock is a unit's (withUnitLock) and that wrote through SpreadsheetApp under it. */
const wroteThroughSheetApp = new WeakSet<AppContext>();

/**
 * The lock of work that writes through the Sheets API (the plane's units): the script lock, the properties read
 * afresh (one getProperties, when the body first needs them), a journal left by an older version replayed, the
 * body, and the release, without SpreadsheetApp.flush (a batchUpdate has nothing pending). When the body falls back
 * to a store that writes through SpreadsheetApp (a nested withLock), the flush is made before the release, as
 * withLock makes it.
 */
export function withUnitLock<T>(ctx: AppContext, fn: () => T, waitMs = ctx.settings.lockWaitMs, fresh = true): T {
  if ((depth.get(ctx) ?? 0) > 0) return fn(); // inside withLock: the lock is already ours
  const lock = ctx.services.LockService.getScriptLock();
  try {
    lock.waitLock(waitMs);
  } catch {
    throw new LockTimeoutError(waitMs);
  }
  depth.set(ctx, 1); // the stores' writes (a journal replay) check that the lock is held
  wroteThroughSheetApp.delete(ctx);
  try {
    // Other executions may have changed the properties (sequences, hints) before we got the lock.
    const props = ctx.props();
    if (fresh) props.refresh();
    if (props.get(scopedKey(ctx, 'journal'))) {
      recoverJournal(ctx);
      ctx.services.SpreadsheetApp.flush();
      props.refresh();
    }
    return fn();
  } finally {
    depth.set(ctx, 0);
    try {
      if (wroteThroughSheetApp.has(ctx)) ctx.services.SpreadsheetApp.flush();
    } finally {
      wroteThroughSheetApp.delete(ctx);
      lock.releaseLock();
    }
  }
}

export function withLock<T>(ctx: AppContext, fn: () => T, opts: LockOptions = {}): T {
  const held = depth.get(ctx) ?? 0;
  if (held > 0) {
    wroteThroughSheetApp.add(ctx); // under a unit's lock: its release flushes
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
  flushedByCommit.set(ctx, false);
  // Other executions may have changed the script properties (journal, sequences) before this one got the lock.
  ctx.props().refresh();
  let returned = false;
  try {
    if (opts.recover !== false) recoverJournal(ctx);
    const result = fn();
    returned = true;
    return result;
  } finally {
    depth.set(ctx, 0);
    try {
      if (!(returned && opts.endsWithCommit && flushedByCommit.get(ctx))) ctx.services.SpreadsheetApp.flush();
    } finally {
      flushedByCommit.set(ctx, false);
      lock.releaseLock();
    }
  }
}
