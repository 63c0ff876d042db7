/**
 * Executions at the same time, in worker_threads: each job runs in its own vm context in a worker, with the
 * workspace state in this thread; service calls are synchronous RPC (see worker-source.ts). An execution that
 * reaches its time limit is stopped: at a service call the worker is terminated (it never gets the answer), in
 * plain script code the worker's vm timeout stops it; either way it fails with "Exceeded maximum execution time".
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { gasError, MESSAGES } from '../kernel/errors';
import type { Execution, ExecutionOptions } from '../kernel/execution';
import type { Kernel } from '../kernel/kernel';
import { CLIENT_SOURCE } from './client-source';
import { ObjectServer, type Request, type Response } from './server';
import { WORKER_SOURCE } from './worker-source';

export interface ConcurrentJob extends Partial<ExecutionOptions> {
  fn: string;
  args?: unknown[];
}

export type ConcurrentResult = { ok: true; value: unknown; executionId: number } | { ok: false; error: Error; executionId: number };

type WireError = { name: string; message: string; stack?: string };
type JobResult = { ok?: unknown; err?: WireError; timedOut?: boolean };

export function hostError(err: WireError): Error {
  const e = new Error(err.message);
  e.name = err.name;
  if (err.stack) e.stack = err.stack;
  return e;
}

export interface ConcurrentSource {
  kernel: Kernel;
  code: string;
  filename: string;
  defaults(job: ConcurrentJob): ExecutionOptions;
  roots(server: ObjectServer): Array<{ name: string; value: unknown }>;
}

interface Lane {
  worker: Worker;
  port: MessagePort;
  failed: Promise<never>;
}

export async function runConcurrent(
  src: ConcurrentSource,
  jobs: ConcurrentJob[],
  opts: { threads?: number } = {},
): Promise<ConcurrentResult[]> {
  const threads = Math.max(1, Math.min(jobs.length, opts.threads ?? jobs.length));
  const results: ConcurrentResult[] = new Array(jobs.length);
  const kernel = src.kernel;
  const running = new Map<number, { server: ObjectServer; execution: Execution; kill: () => void }>();
  let nextJob = 0;

  const spawn = (): Lane => {
    const { port1, port2 } = new MessageChannel();
    const sab = new SharedArrayBuffer(4);
    const flag = new Int32Array(sab);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { clientSource: CLIENT_SOURCE, code: src.code, filename: src.filename, port: port1, sab },
      transferList: [port1],
    });
    port2.on('message', (msg: { execId: number; req: Request }) => {
      const r = running.get(msg.execId);
      let resp: Response;
      if (!r) resp = { err: { name: 'Error', message: `No running execution ${msg.execId}` } };
      else {
        resp = kernel.executions.enter(r.execution, () => r.server.handle(msg.req));
        // The limit was reached at this call: the worker is terminated and never gets the answer.
        if (kernel.executions.hasTimedOut(r.execution)) return r.kill();
      }
      const reply = (x: Response): void => {
        x.now = kernel.clock.now();
        port2.postMessage(x);
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
      };
      if (resp.later) void resp.later.then(reply);
      else reply(resp);
    });
    const failed = new Promise<never>((_, reject) => worker.once('error', reject));
    failed.catch(() => undefined);
    return { worker, port: port2, failed };
  };

  const stop = async (lane: Lane): Promise<void> => {
    lane.port.close();
    await lane.worker.terminate();
  };

  const runLane = async (): Promise<void> => {
    let lane: Lane | null = null;
    try {
      for (;;) {
        const i = nextJob++;
        if (i >= jobs.length) break;
        lane ??= spawn();
        const job = jobs[i]!;
        const execution = kernel.executions.start({ functionName: job.fn, ...src.defaults(job) });
        const server = new ObjectServer(true);
        let kill = (): void => undefined;
        const killed = new Promise<{ killed: true }>((resolve) => (kill = () => resolve({ killed: true })));
        running.set(execution.id, { server, execution, kill });
        const worker = lane.worker;
        const done = new Promise<{ jobId: number; result: JobResult }>((resolve) => {
          const onMsg = (m: { jobId: number; result: JobResult }) => {
            if (m.jobId === i) {
              worker.off('message', onMsg);
              resolve(m);
            }
          };
          worker.on('message', onMsg);
        });
        const remaining = kernel.executions.remainingMs(execution);
        worker.postMessage({
          jobId: i,
          execId: execution.id,
          fn: job.fn,
          args: (job.args ?? []).map((a) => server.encode(a)),
          roots: src.roots(server),
          now: kernel.clock.now(),
          timeoutMs: Number.isFinite(remaining) ? Math.max(1, Math.ceil(remaining)) : 0,
        });
        const m = await Promise.race([done, killed, lane.failed]);
        try {
          if ('killed' in m) {
            await stop(lane);
            lane = null;
            results[i] = { ok: false, error: gasError(MESSAGES.executionTime), executionId: execution.id };
          } else if (m.result.timedOut || kernel.executions.hasTimedOut(execution)) {
            kernel.executions.markTimedOut(execution);
            results[i] = { ok: false, error: gasError(MESSAGES.executionTime), executionId: execution.id };
          } else if (m.result.err) {
            results[i] = { ok: false, error: hostError(m.result.err), executionId: execution.id };
          } else {
            results[i] = { ok: true, value: server.decode(m.result.ok), executionId: execution.id };
          }
          const r = results[i]!;
          kernel.executions.settle(execution, r.ok ? undefined : r.error);
        } finally {
          running.delete(execution.id);
          kernel.executions.finish(execution);
        }
      }
    } finally {
      if (lane) await stop(lane);
    }
  };

  await Promise.all(Array.from({ length: threads }, () => runLane()));
  return results;
}
