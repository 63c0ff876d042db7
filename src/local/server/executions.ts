/**
 * How the playground runs the add-on's functions. Everything a page or the API asks for runs on the execution
 * pool (worker threads), at the same time as other executions, as Apps Script runs them: two approvers who press
 * at the same moment are two executions contending for the lock, and the server goes on answering meanwhile.
 *
 * Seeding runs `alone`: once no other execution is in flight, in this thread, with every execution it causes run
 * synchronously (nothing else is running yet, and there are no thread hops for service calls). Each step of the
 * clock moves time `whenQuiet`: once no execution is in flight, so simulated time never jumps in the middle of one;
 * the trigger runs it fires go to the pool like any execution, and the server goes on answering meanwhile.
 */
import type { ExecutionKind } from '../kernel/execution';
import type { ExecutionPool, LoadedScript } from '../runtime';
import { type InvokeOptions, MissingFunctionError, type ScriptInvoker } from '../services/script/invoker';
import type { Workspace } from '../workspace';

export interface RunAs {
  /** The person at the keyboard (Session.getActiveUser). */
  activeUser: string;
  /** Whose authority the code runs with (Session.getEffectiveUser); default the active user. */
  effectiveUser?: string;
  kind: ExecutionKind;
}

export class Executions implements ScriptInvoker {
  private exclusive = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly script: LoadedScript,
    readonly pool: ExecutionPool,
  ) {}

  /** True while `alone` runs: executions happen in this thread. */
  get inline(): boolean {
    return this.exclusive > 0;
  }

  has(fnName: string): boolean {
    return this.script.hasFunction(fnName);
  }

  /**
   * ScriptInvoker, for executions other services start (triggers, the web app, form submissions, Gmail cards):
   * synchronous inside `alone`, else a promise of the pool's execution. One started from inside another
   * execution's service call (UrlFetchApp to the web app) is nested: the pool grows for it.
   */
  invoke(fnName: string, event: unknown, opts: InvokeOptions): unknown {
    if (!this.has(fnName)) throw new MissingFunctionError(fnName);
    const as = { activeUser: opts.activeUser, effectiveUser: opts.effectiveUser ?? opts.activeUser, kind: opts.kind };
    if (this.inline) return this.script.call(fnName, [event], { ...as, authMode: opts.authMode ?? 'FULL' });
    return this.onPool(fnName, [event], as, opts.authMode);
  }

  /**
   * One execution of a top-level function, as a person: its value, or its error thrown. `onStart` learns the
   * execution's id when it starts on the pool (not inside `alone`).
   */
  run(fnName: string, args: unknown[], as: RunAs, onStart?: (executionId: number) => void): Promise<unknown> {
    if (!this.has(fnName)) return Promise.reject(new MissingFunctionError(fnName));
    if (this.inline) {
      try {
        return Promise.resolve(this.script.call(fnName, args, { ...as, effectiveUser: as.effectiveUser ?? as.activeUser }));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return this.onPool(fnName, args, as, undefined, onStart);
  }

  private async onPool(
    fnName: string,
    args: unknown[],
    as: RunAs,
    authMode?: InvokeOptions['authMode'],
    onStart?: (executionId: number) => void,
  ): Promise<unknown> {
    const nested = this.ws.kernel.executions.current().id !== 0;
    const r = await this.pool.run(
      {
        fn: fnName,
        args,
        activeUser: as.activeUser,
        effectiveUser: as.effectiveUser ?? as.activeUser,
        kind: as.kind,
        authMode: authMode ?? 'FULL',
      },
      { nested, ...(onStart ? { onStart } : {}) },
    );
    if (!r.ok) throw r.error;
    return r.value;
  }

  /**
   * Runs fn (synchronous) once no execution runs or waits for a worker; the executions it causes go to the pool.
   * Resolves with fn's value.
   */
  async whenQuiet<T>(fn: () => T): Promise<T> {
    while (this.pool.busy) await this.pool.idle();
    return fn();
  }

  /**
   * Runs fn once no execution is in flight, with every execution it causes run in this thread (see above).
   * fn may be async only if everything it awaits is already settled (seeding): nothing else runs meanwhile.
   */
  async alone<T>(fn: () => T): Promise<Awaited<T>> {
    while (this.pool.busy) await this.pool.idle();
    this.exclusive++;
    try {
      return await fn();
    } finally {
      this.exclusive--;
    }
  }
}
