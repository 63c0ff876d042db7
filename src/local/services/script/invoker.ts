import type { AuthMode, ExecutionKind } from '../../kernel/execution';
import type { Kernel } from '../../kernel/kernel';

/** How one entry point is run: the person it runs for, and the kind of execution. */
export interface InvokeOptions {
  activeUser: string;
  effectiveUser?: string;
  kind: ExecutionKind;
  authMode?: AuthMode;
}

/**
 * What the services in this folder need from the runtime (src/local/runtime):
 * call a top-level function of the loaded script by name, as one execution. The result may be a value
 * or, for executions run in a worker thread, a promise of it.
 */
export interface ScriptInvoker {
  invoke(fnName: string, event: unknown, opts: InvokeOptions): unknown;
  /** True when the loaded script defines a top-level function of that name. */
  has?(fnName: string): boolean;
}

export class MissingFunctionError extends Error {
  constructor(fnName: string) {
    // Apps Script's message when a trigger or a web app names a function the script does not define.
    super(`Script function not found: ${fnName}`);
    this.name = 'Exception';
  }
}

/**
 * A late-bound slot for the invoker, shared by ScriptApp (triggers), FormApp (form-submit), the web app
 * and the card helper. The workspace wires the runtime in; tests may set a FunctionTableInvoker.
 */
export class InvokerSlot implements ScriptInvoker {
  private target: ScriptInvoker | undefined;

  set(invoker: ScriptInvoker | undefined): void {
    this.target = invoker;
  }

  get(): ScriptInvoker | undefined {
    return this.target;
  }

  invoke(fnName: string, event: unknown, opts: InvokeOptions): unknown {
    if (!this.target) throw new Error(`local Workspace: no script is loaded to run ${fnName} (set an invoker: ws.setInvoker / ws.runtime)`);
    return this.target.invoke(fnName, event, opts);
  }

  has(fnName: string): boolean {
    const t = this.target;
    if (!t) return false;
    return t.has ? t.has(fnName) : true;
  }
}

/**
 * The simplest invoker: a table of plain functions, each call run as one execution on the kernel.
 * For unit tests and for code that is not loaded through node:vm.
 */
export class FunctionTableInvoker implements ScriptInvoker {
  readonly calls: Array<{ fnName: string; event: unknown; opts: InvokeOptions }> = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly table: Record<string, (e: any) => unknown>,
  ) {}

  has(fnName: string): boolean {
    return typeof this.table[fnName] === 'function';
  }

  invoke(fnName: string, event: unknown, opts: InvokeOptions): unknown {
    const fn = this.table[fnName];
    if (typeof fn !== 'function') throw new MissingFunctionError(fnName);
    this.calls.push({ fnName, event, opts });
    return this.kernel.executions.run(
      {
        activeUser: opts.activeUser,
        effectiveUser: opts.effectiveUser ?? opts.activeUser,
        kind: opts.kind,
        authMode: opts.authMode ?? 'FULL',
      },
      () => fn(event),
    );
  }
}

/** An invoker over a node:vm context's globals (a script loaded with vm.runInContext). */
export class ContextInvoker implements ScriptInvoker {
  constructor(
    private readonly kernel: Kernel,
    private readonly context: Record<string, unknown>,
  ) {}

  has(fnName: string): boolean {
    return typeof this.context[fnName] === 'function';
  }

  invoke(fnName: string, event: unknown, opts: InvokeOptions): unknown {
    const fn = this.context[fnName];
    if (typeof fn !== 'function') throw new MissingFunctionError(fnName);
    return this.kernel.executions.run(
      {
        activeUser: opts.activeUser,
        effectiveUser: opts.effectiveUser ?? opts.activeUser,
        kind: opts.kind,
        authMode: opts.authMode ?? 'FULL',
      },
      () => (fn as (e: unknown) => unknown)(event),
    );
  }
}

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return !!v && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}
