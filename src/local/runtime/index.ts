/**
 * Running Apps Script code on the local Workspace.
 *
 *   const script = loadScript(ws, fs.readFileSync('dist/Code.js', 'utf8'), 'Code.js');
 *   script.call('onOpen', [e], { activeUser: 'ada@acme.test', kind: 'simple-trigger', authMode: 'LIMITED' });
 *   await ws.runtime.concurrent([{ fn: 'onFormSubmit', args: [e1], activeUser: 'a@x' }, ...]);
 *
 * Each call is one execution (ExecutionHost) in a fresh node:vm context whose globals are only the
 * workspace's services (as proxies: see client-source.ts) and the ECMAScript built-ins, with Date on the
 * SimClock. `concurrent` runs executions at the same time in worker_threads.
 */
import vm from 'node:vm';
import type { Execution, ExecutionOptions } from '../kernel/execution';
import type { Kernel } from '../kernel/kernel';
import { CLIENT_SOURCE } from './client-source';
import { type ConcurrentJob, type ConcurrentResult, hostError, runConcurrent } from './concurrent';
import { ExecutionPool, type PoolOptions } from './pool';
import { ObjectServer, type Request, type Response } from './server';
import { runWithinLimit } from './time-limit';

/**
 * The process's CPU time in ms (user + system), the clock of scriptTimeMs: on a machine busy with other work the
 * wall clock counts the time this process waited for a core, which the script did not spend. (Run with
 * --single-threaded-gc, as `npm run bench` does, so helper threads' garbage collection is not counted twice.)
 */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export type { ConcurrentJob, ConcurrentResult } from './concurrent';

export interface RuntimeWorkspace {
  readonly kernel: Kernel;
  readonly globals: Record<string, unknown>;
  readonly runtime: ScriptRuntime;
}

export type RunOptions = Partial<ExecutionOptions>;
export { ExecutionPool, PoolInvoker, type PoolExecution, type PoolJob, type PoolOptions, type PoolResult, type PoolStats } from './pool';

interface ClientApi {
  hasFunction(name: string): boolean;
  functionNames(): string[];
  invoke(name: string, args: unknown[]): { ok?: unknown; err?: { name: string; message: string; stack?: string } };
  begin(roots: unknown): void;
  baseline(): void;
  restore(): void;
}

export interface LoadOptions {
  /**
   * Compile once, run the top level once: executions reuse a vm context in which the script's top level has
   * already run, and the global object is put back as the top level left it after every execution (globals
   * added are deleted, globals reassigned get their value back), so each execution starts with fresh globals
   * as in Apps Script. What the top level created and the script mutates in place (an object reachable from a
   * global, module state inside a closure, a built-in prototype) is not reset: see src/local/README.md.
   * A nested execution (the web app reached through UrlFetchApp) takes another context.
   */
  reuseContext?: boolean;
}

/** A vm context with the membrane installed; `link.server` is the running execution's object server. */
interface ScriptContext {
  api: ClientApi;
  ctx: vm.Context;
  link: { server: ObjectServer };
}

export class LoadedScript {
  private readonly script: vm.Script;
  private readonly client = new vm.Script(CLIENT_SOURCE, { filename: 'handoff-local-client.js' });
  /** Contexts whose top level has run, free for the next execution (reuseContext). */
  private readonly idle: ScriptContext[] = [];
  private names: string[] | null = null;
  /** The vm contexts of the executions running in this thread, innermost last (HtmlService scriptlets run in the top one). */
  private readonly active: vm.Context[] = [];
  /** Host time (service calls) of the executions running in this thread, innermost last. */
  private readonly hostMs: number[] = [];
  private scriptMs = 0;

  constructor(
    private readonly ws: RuntimeWorkspace,
    readonly code: string,
    readonly filename: string,
    private readonly opts: LoadOptions = {},
  ) {
    this.script = new vm.Script(code, { filename });
  }

  private defaults(opts: RunOptions): ExecutionOptions {
    return { ...opts, activeUser: opts.activeUser ?? this.ws.kernel.owner };
  }

  private roots(server: ObjectServer): Array<{ name: string; value: unknown }> {
    return Object.keys(this.ws.globals).map((name) => ({ name, value: server.encode(this.ws.globals[name]) }));
  }

  /** A new context with the services installed and the script's top level run (within the execution's time limit). */
  private create(e?: Execution): ScriptContext {
    const link = { server: new ObjectServer(false) };
    const clock = this.ws.kernel.clock;
    const ctx = vm.createContext({}, { name: this.filename });
    const factory = this.client.runInContext(ctx) as (t: unknown, roots: unknown) => ClientApi;
    const api = factory(
      {
        request: (req: Request): Response => {
          const t0 = cpuNow();
          try {
            return { ...link.server.handle(req), now: clock.now() };
          } finally {
            const top = this.hostMs.length - 1;
            if (top >= 0) this.hostMs[top]! += cpuNow() - t0;
          }
        },
        sleep: () => undefined,
        now: () => clock.now(),
      },
      this.roots(link.server),
    );
    if (e) runWithinLimit(this.ws.kernel.executions, e, ctx, () => this.script.runInContext(ctx));
    else this.script.runInContext(ctx);
    if (this.opts.reuseContext) api.baseline();
    return { api, ctx, link };
  }

  /** The context for one execution: a new one, or (reuseContext) an idle one with fresh service globals. */
  private acquire(e?: Execution): ScriptContext {
    const reused = this.opts.reuseContext ? this.idle.pop() : undefined;
    if (!reused) return this.create(e);
    reused.link.server = new ObjectServer(false);
    reused.api.begin(this.roots(reused.link.server));
    return reused;
  }

  /** After an execution: (reuseContext) the globals are put back and the context waits for the next one. */
  private release(c: ScriptContext): void {
    if (!this.opts.reuseContext) return;
    c.api.restore();
    c.link.server = new ObjectServer(false);
    this.idle.push(c);
  }

  /** Runs a top-level function as one execution (default: as the owner, kind 'test'). Throws what the script throws. */
  call(fnName: string, args: unknown[] = [], opts: RunOptions = {}): unknown {
    const executions = this.ws.kernel.executions;
    return executions.run({ functionName: fnName, ...this.defaults(opts) }, (e) => {
      const c = this.acquire(e);
      const server = c.link.server;
      const depth = this.active.length;
      this.active.push(c.ctx);
      this.hostMs.push(0);
      const t0 = cpuNow();
      try {
        const res = runWithinLimit(executions, e, c.ctx, () =>
          c.api.invoke(
            fnName,
            args.map((a) => server.encode(a)),
          ),
        );
        if (res.err) throw hostError(res.err);
        return server.decode(res.ok);
      } finally {
        // Cut back rather than pop: a script stopped at its time limit may leave nested executions behind.
        const host = this.hostMs[depth] ?? 0;
        this.active.length = depth;
        this.hostMs.length = depth;
        this.scriptMs += cpuNow() - t0 - host;
        // A context stopped at the time limit is not used again.
        if (!executions.hasTimedOut(e)) this.release(c);
      }
    });
  }

  /**
   * Milliseconds of CPU the script's own JavaScript took (inside its functions, outside service calls), summed over
   * every single-thread execution so far: the cost model's "plain JavaScript" (× 3). CPU time, not wall time, so a
   * busy machine does not inflate it (the process's: a worker thread running meanwhile would count too). Includes
   * the membrane's script-side marshalling, which real Apps Script does differently.
   */
  scriptTimeMs(): number {
    return this.scriptMs;
  }

  /** The script's top-level functions (declared with `function` or assigned with `var`). */
  functionNames(): string[] {
    if (!this.names) {
      this.names = this.ws.kernel.meter.unmetered(() =>
        this.ws.kernel.executions.run({ activeUser: this.ws.kernel.owner, kind: 'test' }, () => {
          const c = this.acquire();
          try {
            return c.api.functionNames();
          } finally {
            this.release(c);
          }
        }),
      );
    }
    return this.names;
  }

  hasFunction(name: string): boolean {
    return this.functionNames().includes(name);
  }

  /**
   * A fresh vm context exactly as an execution gets one (the services installed, the script's top level run),
   * for tests that inspect the script's global scope or call its functions inside an execution they started.
   * Not metered.
   */
  inspect(): vm.Context {
    return this.ws.kernel.meter.unmetered(() =>
      this.ws.kernel.executions.run({ activeUser: this.ws.kernel.owner, kind: 'test' }, () => this.create().ctx),
    );
  }

  /** The vm context of the innermost execution running in this thread, if any. */
  currentContext(): vm.Context | undefined {
    return this.active[this.active.length - 1];
  }

  /** A pool of long-lived workers that run executions as they come (compile once, fresh globals each time). */
  pool(opts: PoolOptions = {}): ExecutionPool {
    return new ExecutionPool(
      {
        kernel: this.ws.kernel,
        code: this.code,
        filename: this.filename,
        defaults: (job) => this.defaults(job),
        roots: (server) => this.roots(server),
        timeoutMs: (e) => this.ws.kernel.executions.remainingMs(e),
      },
      opts,
    );
  }

  /**
   * Runs the jobs at the same time in worker threads (each in its own vm context), with the workspace state
   * in this thread. Resolves with each execution's result or error, in job order.
   */
  concurrent(jobs: ConcurrentJob[], opts: { threads?: number } = {}): Promise<ConcurrentResult[]> {
    return runConcurrent(
      {
        kernel: this.ws.kernel,
        code: this.code,
        filename: this.filename,
        defaults: (job) => this.defaults(job),
        roots: (server) => this.roots(server),
      },
      jobs,
      opts,
    );
  }
}

/**
 * `ws.runtime`: how other services (ScriptApp triggers, the web-app simulation, google.script.run) invoke a
 * handler of the loaded script by name, as one execution.
 */
export class ScriptRuntime {
  script: LoadedScript | null = null;

  private require(): LoadedScript {
    if (!this.script) throw new Error('No script is loaded on this workspace (loadScript).');
    return this.script;
  }

  get loaded(): boolean {
    return this.script !== null;
  }

  /** Calls a top-level function of the loaded script as one execution; throws 'Script function not found: name' if absent. */
  invoke(name: string, args: unknown[] = [], opts: RunOptions = {}): unknown {
    return this.require().call(name, args, opts);
  }

  hasFunction(name: string): boolean {
    return this.script?.hasFunction(name) ?? false;
  }

  /** The vm context of the execution running now in this thread: where HtmlService template scriptlets run. */
  currentContext(): vm.Context | undefined {
    return this.script?.currentContext();
  }

  concurrent(jobs: ConcurrentJob[], opts?: { threads?: number }): Promise<ConcurrentResult[]> {
    return this.require().concurrent(jobs, opts);
  }
}

/** Loads a script (e.g. dist/Code.js) into the workspace; it becomes `ws.runtime.script`. */
export function loadScript(ws: RuntimeWorkspace, code: string, filename = 'Code.js', opts?: LoadOptions): LoadedScript {
  const s = new LoadedScript(ws, code, filename, opts);
  ws.runtime.script = s;
  return s;
}
