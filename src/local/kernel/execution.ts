import type { SimClock } from './clock';
import { gasError, MESSAGES } from './errors';

export type AuthMode = 'NONE' | 'CUSTOM_FUNCTION' | 'LIMITED' | 'FULL';
export type ExecutionKind =
  | 'simple-trigger'
  | 'installable-trigger'
  | 'time-trigger'
  | 'web-app'
  | 'script-run'
  | 'menu'
  | 'addon-card'
  | 'test';

export interface ExecutionOptions {
  /** The person the code runs for: Session.getActiveUser(). '' models an anonymous/outside-domain web app visitor. */
  activeUser: string;
  /** Session.getEffectiveUser(): the deployer for web apps run as USER_DEPLOYING, the trigger owner for triggers. */
  effectiveUser?: string;
  kind?: ExecutionKind;
  authMode?: AuthMode;
  /** Apps Script's limit: 6 minutes. */
  maxRuntimeMs?: number;
  /** The function the execution started with (recorded in `history`). */
  functionName?: string;
}

export interface Execution {
  readonly id: number;
  readonly activeUser: string;
  readonly effectiveUser: string;
  readonly kind: ExecutionKind;
  readonly authMode: AuthMode;
  readonly startedAt: number;
  readonly maxRuntimeMs: number;
  /** Real time (performance.now) at the start: script code that calls no service uses real time, not the SimClock. */
  readonly realStartedAt: number;
  readonly functionName?: string;
}

/** One finished execution, as the Apps Script API's Process resource reports it (processStatus values). */
export interface ExecutionRecord {
  id: number;
  functionName: string;
  kind: ExecutionKind;
  activeUser: string;
  effectiveUser: string;
  startedAt: number;
  /** Elapsed time: SimClock time plus the real time the script ran. */
  durationMs: number;
  status: 'COMPLETED' | 'FAILED' | 'TIMED_OUT';
  error?: string;
}

/** How many finished executions `history` keeps (the oldest are dropped). */
const HISTORY_LIMIT = 1000;

export const MAX_RUNTIME_MS = 6 * 60 * 1000;

/**
 * Tracks which execution is running. Every entry point (trigger, doGet, google.script.run call, menu item)
 * runs as one execution with its own active user and a runtime limit enforced against the SimClock.
 */
export class ExecutionHost {
  private stack: Execution[] = [];
  private nextId = 1;
  private readonly endListeners: Array<(e: Execution) => void> = [];
  private readonly timedOut = new WeakSet<Execution>();
  private readonly outcomes = new WeakMap<Execution, { status: ExecutionRecord['status']; error?: string }>();
  /** Finished executions, oldest first (at most 1,000). */
  readonly history: ExecutionRecord[] = [];

  constructor(
    private readonly clock: SimClock,
    readonly owner: string,
  ) {}

  run<T>(opts: ExecutionOptions, fn: (e: Execution) => T): T {
    const e = this.start(opts);
    this.stack.push(e);
    try {
      const value = fn(e);
      // Code that caught the time-limit error and returned normally was stopped in Apps Script: it fails.
      if (this.hasTimedOut(e)) throw gasError(MESSAGES.executionTime);
      this.settle(e);
      return value;
    } catch (err) {
      this.settle(e, err);
      throw this.hasTimedOut(e) ? gasError(MESSAGES.executionTime) : err;
    } finally {
      // Truncate rather than pop: a script stopped at its limit may leave nested executions (its web app calls) behind.
      const i = this.stack.lastIndexOf(e);
      this.stack.length = i >= 0 ? i : this.stack.length;
      this.finish(e);
    }
  }

  /**
   * Begins an execution without making it current: for executions that run in a worker thread and whose
   * service calls arrive one by one (see `enter`). Pair with `finish`.
   */
  start(opts: ExecutionOptions): Execution {
    return {
      id: this.nextId++,
      activeUser: opts.activeUser,
      effectiveUser: opts.effectiveUser ?? opts.activeUser ?? this.owner,
      kind: opts.kind ?? 'test',
      authMode: opts.authMode ?? 'FULL',
      startedAt: this.clock.now(),
      maxRuntimeMs: opts.maxRuntimeMs ?? MAX_RUNTIME_MS,
      realStartedAt: performance.now(),
      ...(opts.functionName ? { functionName: opts.functionName } : {}),
    };
  }

  /** Records how an execution ended (the first outcome given wins; a timed-out execution stays TIMED_OUT). */
  settle(e: Execution, error?: unknown): void {
    if (this.outcomes.has(e)) return;
    if (this.hasTimedOut(e)) this.outcomes.set(e, { status: 'TIMED_OUT', error: MESSAGES.executionTime });
    else if (error === undefined) this.outcomes.set(e, { status: 'COMPLETED' });
    else this.outcomes.set(e, { status: 'FAILED', error: error instanceof Error ? error.message : String(error) });
  }

  /** Runs fn with an already started execution as the current one (a service call from a worker thread). */
  enter<T>(e: Execution, fn: () => T): T {
    this.stack.push(e);
    try {
      return fn();
    } finally {
      const i = this.stack.lastIndexOf(e);
      if (i >= 0) this.stack.splice(i, 1);
    }
  }

  /** Ends an execution begun with `start`: end listeners run (locks are released, logs closed). */
  finish(e: Execution): void {
    if (e.id > 0) {
      const outcome = this.outcomes.get(e) ?? { status: this.hasTimedOut(e) ? 'TIMED_OUT' : 'COMPLETED' };
      this.history.push({
        id: e.id,
        functionName: e.functionName ?? '',
        kind: e.kind,
        activeUser: e.activeUser,
        effectiveUser: e.effectiveUser,
        startedAt: e.startedAt,
        durationMs: this.elapsedMs(e),
        ...outcome,
      });
      if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    }
    for (const l of this.endListeners) l(e);
  }

  /** The running execution; outside any, an implicit one for the owner (handy in unit tests). */
  current(): Execution {
    const top = this.stack[this.stack.length - 1];
    if (top) return top;
    return {
      id: 0,
      activeUser: this.owner,
      effectiveUser: this.owner,
      kind: 'test',
      authMode: 'FULL',
      startedAt: this.clock.now(),
      maxRuntimeMs: Infinity,
      realStartedAt: performance.now(),
    };
  }

  /** Time used so far: simulated time (service calls, sleep, lock waits) plus the real time the code has run. */
  elapsedMs(e: Execution): number {
    return this.clock.now() - e.startedAt + (performance.now() - e.realStartedAt);
  }

  /** What is left of the execution's limit (0 when it is used up). */
  remainingMs(e: Execution): number {
    return Math.max(0, e.maxRuntimeMs - this.elapsedMs(e));
  }

  /**
   * Apps Script stops an execution at its limit: nothing after it runs. The runtime stops the script's code
   * (vm timeout, worker terminate); from here on every service call of the execution throws, so a catch or
   * finally block that still runs cannot change anything.
   */
  markTimedOut(e: Execution): void {
    this.timedOut.add(e);
  }

  hasTimedOut(e: Execution): boolean {
    return this.timedOut.has(e);
  }

  /** Throws Apps Script's error once the current execution has run past its limit. Called on every service call. */
  checkDeadline(): void {
    const e = this.current();
    if (this.timedOut.has(e)) throw gasError(MESSAGES.executionTime);
    if (this.elapsedMs(e) > e.maxRuntimeMs) {
      this.timedOut.add(e);
      throw gasError(MESSAGES.executionTime);
    }
  }

  onEnd(listener: (e: Execution) => void): void {
    this.endListeners.push(listener);
  }
}
