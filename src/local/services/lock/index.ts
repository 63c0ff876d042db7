/**
 * LockService with real mutual exclusion between executions. A lock is held by an execution (its id) and is
 * released by releaseLock() or when the execution ends. In single-thread mode nobody else can run while a
 * script waits, so a lock held by another execution times out at once (tryLock -> false, waitLock throws),
 * advancing simulated time by the timeout. In worker mode (ws.runtime.concurrent) a waiting worker retries
 * with short real sleeps until its timeout, while the holder keeps running in its own thread.
 */
import { gasError, MESSAGES } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';
import { NOT_HANDLED, RETRY, RPC_ATTEMPT, type AttemptInfo, type RpcAttemptable } from '../../runtime/rpc-hooks';

/** Holder id used by `holdScriptLock()` & co.: "someone else" that no execution is. */
export const EXTERNAL_HOLDER = -1;

export class LockRegistry {
  readonly holders = new Map<string, number>();
  private nextExternal = EXTERNAL_HOLDER;

  constructor(kernel: Kernel) {
    kernel.executions.onEnd((e) => this.releaseAll(e.id));
  }

  tryAcquire(key: string, holder: number): boolean {
    const h = this.holders.get(key);
    if (h === undefined || h === holder) {
      this.holders.set(key, holder);
      return true;
    }
    return false;
  }

  release(key: string, holder: number): void {
    if (this.holders.get(key) === holder) this.holders.delete(key);
  }

  releaseAll(holder: number): void {
    for (const [k, h] of this.holders) if (h === holder) this.holders.delete(k);
  }

  holderOf(key: string): number | undefined {
    return this.holders.get(key);
  }

  /** Test helper: someone else holds the script lock until release() is called. */
  holdScriptLock(): { release(): void } {
    return this.hold('script');
  }

  holdUserLock(email: string): { release(): void } {
    return this.hold('user:' + email.toLowerCase());
  }

  holdDocumentLock(documentId: string): { release(): void } {
    return this.hold('document:' + documentId);
  }

  private hold(key: string): { release(): void } {
    const holder = this.nextExternal--;
    if (!this.tryAcquire(key, holder)) throw new Error(`Lock ${key} is already held by execution ${this.holders.get(key)}`);
    return { release: () => this.release(key, holder) };
  }
}

type GLock = GoogleAppsScript.Lock.Lock;

export class LocalLock implements Implements<GLock, 'tryLock' | 'waitLock' | 'releaseLock' | 'hasLock'>, RpcAttemptable {
  private acquired = false;

  constructor(
    private readonly kernel: Kernel,
    private readonly registry: LockRegistry,
    readonly key: string,
  ) {}

  private holder(): number {
    return this.kernel.executions.current().id;
  }

  private checkTimeout(ms: unknown): number {
    const n = Number(ms);
    if (!Number.isFinite(n) || n < 0) throw gasError(`Invalid argument: timeoutInMillis`);
    return n;
  }

  /** One attempt of tryLock/waitLock; see rpc-hooks.ts. */
  [RPC_ATTEMPT](method: string, args: unknown[], info: AttemptInfo): unknown {
    if (method !== 'tryLock' && method !== 'waitLock') return NOT_HANDLED;
    if (info.first) this.kernel.call('Lock', method);
    else this.kernel.executions.checkDeadline();
    const timeout = this.checkTimeout(args[0]);
    if (this.registry.tryAcquire(this.key, this.holder())) {
      this.acquired = true;
      return method === 'tryLock' ? true : undefined;
    }
    if (info.canWait && info.elapsedMs < timeout) return RETRY;
    if (!info.canWait) this.kernel.clock.drift(timeout);
    if (method === 'tryLock') return false;
    throw gasError(MESSAGES.lockTimeout);
  }

  tryLock(timeoutInMillis: number): boolean {
    return this[RPC_ATTEMPT]('tryLock', [timeoutInMillis], { first: true, elapsedMs: 0, canWait: false }) as boolean;
  }

  waitLock(timeoutInMillis: number): void {
    this[RPC_ATTEMPT]('waitLock', [timeoutInMillis], { first: true, elapsedMs: 0, canWait: false });
  }

  releaseLock(): void {
    this.kernel.call('Lock', 'releaseLock');
    if (this.acquired) this.registry.release(this.key, this.holder());
    this.acquired = false;
  }

  hasLock(): boolean {
    this.kernel.call('Lock', 'hasLock');
    return this.acquired && this.registry.holderOf(this.key) === this.holder();
  }

  toString(): string {
    return 'Lock';
  }
}

type GService = GoogleAppsScript.Lock.LockService;

export class LocalLockService implements Implements<GService, 'getScriptLock' | 'getUserLock' | 'getDocumentLock'> {
  constructor(
    private readonly kernel: Kernel,
    readonly registry: LockRegistry,
    private readonly boundDocumentId: () => string | null,
  ) {}

  getScriptLock(): LocalLock {
    this.kernel.call('LockService', 'getScriptLock');
    return new LocalLock(this.kernel, this.registry, 'script');
  }

  getUserLock(): LocalLock {
    this.kernel.call('LockService', 'getUserLock');
    const e = this.kernel.executions.current();
    return new LocalLock(this.kernel, this.registry, 'user:' + (e.activeUser || e.effectiveUser).toLowerCase());
  }

  /** null outside a bound document (standalone script, web app), as in Apps Script. */
  getDocumentLock(): LocalLock | null {
    this.kernel.call('LockService', 'getDocumentLock');
    const id = this.boundDocumentId();
    return id ? new LocalLock(this.kernel, this.registry, 'document:' + id) : null;
  }

  toString(): string {
    return 'LockService';
  }
}
