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
}

export interface Execution {
  readonly id: number;
  readonly activeUser: string;
  readonly effectiveUser: string;
  readonly kind: ExecutionKind;
  readonly authMode: AuthMode;
  readonly startedAt: number;
  readonly maxRuntimeMs: number;
}

export const MAX_RUNTIME_MS = 6 * 60 * 1000;

/**
 * Tracks which execution is running. Every entry point (trigger, doGet, google.script.run call, menu item)
 * runs as one execution with its own active user and a runtime limit enforced against the SimClock.
 */
export class ExecutionHost {
  private stack: Execution[] = [];
  private nextId = 1;
  private readonly endListeners: Array<(e: Execution) => void> = [];

  constructor(
    private readonly clock: SimClock,
    readonly owner: string,
  ) {}

  run<T>(opts: ExecutionOptions, fn: (e: Execution) => T): T {
    const e = this.start(opts);
    this.stack.push(e);
    try {
      return fn(e);
    } finally {
      this.stack.pop();
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
    };
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
    };
  }

  /** Throws Apps Script's error once the current execution has run past its limit. Called on every service call. */
  checkDeadline(): void {
    const e = this.current();
    if (this.clock.now() - e.startedAt > e.maxRuntimeMs) throw gasError(MESSAGES.executionTime);
  }

  onEnd(listener: (e: Execution) => void): void {
    this.endListeners.push(listener);
  }
}
