/**
 * A pool of long-lived worker threads that run executions as they come, at the same time, as Apps Script
 * runs them: the playground's runtime. Each worker compiles the script once and runs its top level once;
 * every execution then starts with fresh globals (pool-worker-source.ts). The workspace state stays in this
 * thread; service calls are synchronous RPC from the worker, answered here between other work, so this
 * thread (the playground's HTTP server) never waits for a script.
 *
 *   const pool = script.pool({ size: 2 });
 *   const r = await pool.run({ fn: 'doPost', args: [e], activeUser: 'max@acme.test', kind: 'web-app' });
 *
 * A service call may answer later (Response.later: UrlFetchApp waiting for a nested web-app execution, a
 * dialog answered in a page); the worker stays blocked meanwhile. A nested execution never waits for a free
 * worker: the pool grows for it, so a chain of executions cannot deadlock.
 *
 * The time limit, as in concurrent.ts: each job carries its time budget, under which the worker's vm timeout
 * stops plain script code; a limit reached at a service call ends the worker there (it never gets the answer,
 * so no catch or finally of the script runs). Either way the execution fails with "Exceeded maximum
 * execution time", is recorded TIMED_OUT, and its worker is replaced by a new one.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { gasError, MESSAGES } from '../kernel/errors';
import type { Execution } from '../kernel/execution';
import { CLIENT_SOURCE } from './client-source';
import {
  hostError,
  type JobResult,
  POOL_HISTORY,
  type PoolExecution,
  type PoolJob,
  type PoolOptions,
  type PoolPending as Pending,
  type PoolResult,
  type PoolSource,
  type PoolStats,
} from './pool-types';
import { POOL_WORKER_SOURCE } from './pool-worker-source';
import { ObjectServer, type Request, type Response } from './server';

export { PoolInvoker } from './pool-invoker';
export * from './pool-types';

interface Lane {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
  job: { execution: Execution; server: ObjectServer; record: PoolExecution; done(r: JobResult): void } | null;
  dead: boolean;
}

export class ExecutionPool {
  private readonly lanes: Lane[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<number, Lane>();
  private readonly size: number;
  private readonly max: number;
  private completed = 0;
  private peak = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly recent: PoolExecution[] = [];

  constructor(
    private readonly src: PoolSource,
    opts: PoolOptions = {},
  ) {
    this.size = Math.max(1, opts.size ?? 2);
    this.max = Math.max(this.size, opts.max ?? 4);
    for (let i = 0; i < this.size; i++) this.lanes.push(this.spawn());
  }

  /** Runs one execution on a worker; resolves with its value or error (never rejects for a script error). */
  run(job: PoolJob, opts: { nested?: boolean; onStart?: (executionId: number) => void } = {}): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new Error('local Workspace: the execution pool is closed'));
    return new Promise<PoolResult>((resolve) => {
      this.queue.push({ job, nested: opts.nested === true, ...(opts.onStart ? { onStart: opts.onStart } : {}), resolve });
      this.pump();
    });
  }

  /** True while an execution runs or waits for a worker. */
  get busy(): boolean {
    return this.running.size > 0 || this.queue.length > 0;
  }

  /** Resolves when no execution runs or waits. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The executions running and the last POOL_HISTORY that finished, oldest first. */
  history(): PoolExecution[] {
    const running = [...this.running.values()].map((l) => l.job?.record).filter((r): r is PoolExecution => !!r);
    return [...this.recent, ...running].map((r) => ({ ...r }));
  }

  stats(): PoolStats {
    return {
      workers: this.lanes.length,
      running: this.running.size,
      queued: this.queue.length,
      completed: this.completed,
      peak: this.peak,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.map((l) => this.stop(l)));
    this.lanes.length = 0;
  }

  // ---- workers ------------------------------------------------------------------------------------

  private spawn(): Lane {
    const { port1, port2 } = new MessageChannel();
    const sab = new SharedArrayBuffer(4);
    const worker = new Worker(POOL_WORKER_SOURCE, {
      eval: true,
      workerData: { clientSource: CLIENT_SOURCE, code: this.src.code, filename: this.src.filename, port: port1, sab },
      transferList: [port1],
    });
    const lane: Lane = { worker, port: port2, flag: new Int32Array(sab), job: null, dead: false };
    port2.on('message', (msg: { execId: number; req: Request }) => this.serve(lane, msg.req));
    worker.on('message', (m: { jobId: number; result: JobResult }) => {
      if (m.result.timedOut) this.retire(lane, m.result);
      else lane.job?.done(m.result);
    });
    worker.on('error', (e: Error) => this.lost(lane, e));
    worker.on('exit', () => this.lost(lane, new Error('local Workspace: an execution worker stopped')));
    // Workers do not keep the process alive: the pool's owner decides when to stop.
    worker.unref();
    port2.unref();
    return lane;
  }

  private async stop(lane: Lane): Promise<void> {
    lane.dead = true;
    lane.port.close();
    await lane.worker.terminate();
  }

  /** A service call from a worker: answered now, or later (Response.later) while this thread serves others. */
  private serve(lane: Lane, req: Request): void {
    const j = lane.job;
    const kernel = this.src.kernel;
    let resp: Response;
    if (!j) resp = { err: { name: 'Error', message: 'local Workspace: a service call arrived with no execution running' } };
    else {
      resp = kernel.executions.enter(j.execution, () => j.server.handle(req));
      // The limit was reached at this call: the worker is ended and never gets the answer.
      if (kernel.executions.hasTimedOut(j.execution)) {
        this.retire(lane, { timedOut: true });
        return;
      }
      if (resp.retry) j.record.lockWaits++;
    }
    const reply = (r: Response): void => {
      // A late answer for an execution that has ended (its worker stopped at the time limit) goes nowhere.
      if (lane.dead || lane.job !== j) return;
      r.now = kernel.clock.now();
      lane.port.postMessage(r);
      Atomics.store(lane.flag, 0, 1);
      Atomics.notify(lane.flag, 0);
    };
    if (resp.later) {
      void resp.later.then(reply, (e: unknown) => reply({ err: { name: 'Error', message: e instanceof Error ? e.message : String(e) } }));
      return;
    }
    reply(resp);
  }

  private lost(lane: Lane, e: Error): void {
    this.retire(lane, { err: { name: e.name || 'Error', message: e.message } });
  }

  /**
   * Ends a worker (stopped, or gone) and what it was running, and puts a new worker in its place. A worker
   * whose execution reached its time limit is ended too: a service call's late answer could otherwise reach
   * the worker's next execution.
   */
  private retire(lane: Lane, result: JobResult): void {
    if (lane.dead) return;
    lane.dead = true;
    const i = this.lanes.indexOf(lane);
    if (i >= 0) this.lanes.splice(i, 1);
    lane.port.close();
    void lane.worker.terminate();
    lane.job?.done(result);
    if (!this.closed && this.lanes.length < this.size) this.lanes.push(this.spawn());
    this.pump();
  }

  // ---- scheduling ---------------------------------------------------------------------------------

  private pump(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      let lane = this.lanes.find((l) => !l.job && !l.dead);
      if (!lane && (next.nested || this.lanes.length < this.max)) {
        lane = this.spawn();
        this.lanes.push(lane);
      }
      if (!lane) break;
      this.queue.shift();
      this.start(lane, next);
    }
    this.checkIdle();
  }

  private start(lane: Lane, p: Pending): void {
    const kernel = this.src.kernel;
    const execution = kernel.executions.start({ functionName: p.job.fn, ...this.src.defaults(p.job) });
    const server = new ObjectServer(true);
    this.running.set(execution.id, lane);
    this.peak = Math.max(this.peak, this.running.size);
    p.onStart?.(execution.id);
    // A worker keeps the process alive only while it runs an execution.
    lane.worker.ref();
    lane.port.ref();
    const record: PoolExecution = {
      id: execution.id,
      fn: p.job.fn,
      kind: execution.kind,
      activeUser: execution.activeUser,
      startedAt: performance.now(),
      endedAt: null,
      ok: null,
      lockWaits: 0,
    };
    const finish = (result: PoolResult): void => {
      record.endedAt = performance.now();
      record.ok = result.ok;
      if (!result.ok) record.error = result.error.message;
      this.recent.push(record);
      if (this.recent.length > POOL_HISTORY) this.recent.splice(0, this.recent.length - POOL_HISTORY);
      lane.job = null;
      if (!lane.dead) {
        lane.worker.unref();
        lane.port.unref();
      }
      this.running.delete(execution.id);
      kernel.executions.settle(execution, result.ok ? undefined : result.error);
      kernel.executions.finish(execution);
      this.completed++;
      p.resolve(result);
      this.pump();
    };
    lane.job = {
      execution,
      server,
      record,
      done: (r) => {
        try {
          if (r.timedOut || kernel.executions.hasTimedOut(execution)) {
            kernel.executions.markTimedOut(execution);
            finish({ ok: false, error: gasError(MESSAGES.executionTime), executionId: execution.id });
          } else
            finish(
              r.err
                ? { ok: false, error: hostError(r.err), executionId: execution.id }
                : { ok: true, value: server.decode(r.ok), executionId: execution.id },
            );
        } catch (e) {
          finish({ ok: false, error: e instanceof Error ? e : new Error(String(e)), executionId: execution.id });
        }
      },
    };
    const limit = this.src.timeoutMs?.(execution) ?? Number.POSITIVE_INFINITY;
    let args: unknown[];
    let roots: Array<{ name: string; value: unknown }>;
    try {
      args = (p.job.args ?? []).map((a) => server.encode(a));
      roots = this.src.roots(server);
    } catch (e) {
      lane.job.done({ err: { name: 'TypeError', message: e instanceof Error ? e.message : String(e) } });
      return;
    }
    lane.worker.postMessage({
      jobId: execution.id,
      execId: execution.id,
      fn: p.job.fn,
      args,
      roots,
      now: kernel.clock.now(),
      timeoutMs: Number.isFinite(limit) ? Math.max(1, Math.ceil(limit)) : 0,
    });
  }

  private checkIdle(): void {
    if (this.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
