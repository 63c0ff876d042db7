/**
 * How a host object can take part in cross-thread calls without blocking the main thread: an object that
 * has a method under RPC_ATTEMPT is asked to *attempt* a call; it may answer RETRY, and the calling worker
 * sleeps a little (Atomics.wait) and attempts again. LockService uses it for tryLock/waitLock.
 * When `canWait` is true (a worker thread is calling), an attempt may also answer a Promise: the worker stays
 * blocked until it settles while the main thread serves others (UrlFetchApp waiting for a nested web-app
 * execution, a dialog answered in a page).
 */
export const RPC_ATTEMPT: unique symbol = Symbol('handoff.local.rpcAttempt');
export const RETRY: unique symbol = Symbol('handoff.local.retry');
/** Returned by an attempt hook for a method it does not handle: the server calls the method normally. */
export const NOT_HANDLED: unique symbol = Symbol('handoff.local.notHandled');

export interface AttemptInfo {
  /** True on the first attempt of one script-level call (meter it once). */
  first: boolean;
  /** Real milliseconds since the first attempt. */
  elapsedMs: number;
  /** False in single-thread mode: the attempt must decide now (no one else can run meanwhile). */
  canWait: boolean;
}

export interface RpcAttemptable {
  [RPC_ATTEMPT](method: string, args: unknown[], info: AttemptInfo): unknown;
}

export function isAttemptable(o: unknown): o is RpcAttemptable {
  return !!o && typeof (o as Partial<RpcAttemptable>)[RPC_ATTEMPT] === 'function';
}
