/** The pool's jobs, results, options and records (pool.ts runs them). */
import type { Execution, ExecutionOptions } from '../kernel/execution';
import type { Kernel } from '../kernel/kernel';
import type { ObjectServer } from './server';

export interface PoolJob extends Partial<ExecutionOptions> {
  fn: string;
  args?: unknown[];
}

export type PoolResult = { ok: true; value: unknown; executionId: number } | { ok: false; error: Error; executionId: number };

export interface PoolOptions {
  /** Workers kept ready (default 2). */
  size?: number;
  /** Most workers for executions that are not nested (default 4); more wait in a queue. */
  max?: number;
}

export interface PoolSource {
  kernel: Kernel;
  code: string;
  filename: string;
  defaults(job: PoolJob): ExecutionOptions;
  roots(server: ObjectServer): Array<{ name: string; value: unknown }>;
  /** Real milliseconds the execution may still run (its time limit); Infinity: no limit. */
  timeoutMs?(execution: Execution): number;
}

export type WireError = { name: string; message: string; stack?: string };
export type JobResult = { ok?: unknown; err?: WireError; timedOut?: boolean };

/** One execution the pool ran: real time in ms (performance.now()), and how often it found the lock taken. */
export interface PoolExecution {
  id: number;
  fn: string;
  kind: string;
  activeUser: string;
  /** Real time the execution started and ended on its worker. */
  startedAt: number;
  endedAt: number | null;
  ok: boolean | null;
  error?: string;
  /** Lock attempts answered "taken, try again" (the execution was waiting for another's lock). */
  lockWaits: number;
}

/** How many finished executions the pool remembers (history()). */
export const POOL_HISTORY = 200;

export interface PoolStats {
  workers: number;
  running: number;
  queued: number;
  completed: number;
  /** Most executions that ran at the same moment since the pool started. */
  peak: number;
}

export function hostError(err: WireError): Error {
  const e = new Error(err.message);
  e.name = err.name;
  if (err.stack) e.stack = err.stack;
  return e;
}

/** A job waiting for a free worker (the pool's queue). */
export interface PoolPending {
  job: PoolJob;
  nested: boolean;
  onStart?: (executionId: number) => void;
  resolve(r: PoolResult): void;
}
