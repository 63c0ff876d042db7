import type { ExecutionPool } from './pool';
import { type InvokeOptions, MissingFunctionError, type ScriptInvoker } from '../services/script/invoker';

/**
 * What runs the script's functions when they are reached through other services (triggers, the web app,
 * form submissions, Gmail cards): each as one execution on the pool. invoke() returns a promise.
 */
export class PoolInvoker implements ScriptInvoker {
  constructor(
    private readonly pool: ExecutionPool,
    private readonly names: () => string[],
    /** True while the current call happens inside another execution (a service call): the pool grows for it. */
    private readonly nested: () => boolean = () => false,
  ) {}

  has(fnName: string): boolean {
    return this.names().includes(fnName);
  }

  async invoke(fnName: string, event: unknown, opts: InvokeOptions): Promise<unknown> {
    if (!this.has(fnName)) throw new MissingFunctionError(fnName);
    const r = await this.pool.run(
      {
        fn: fnName,
        args: [event],
        activeUser: opts.activeUser,
        effectiveUser: opts.effectiveUser ?? opts.activeUser,
        kind: opts.kind,
        authMode: opts.authMode ?? 'FULL',
      },
      { nested: this.nested() },
    );
    if (!r.ok) throw r.error;
    return r.value;
  }
}
