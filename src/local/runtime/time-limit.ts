/**
 * Apps Script's execution time limit (6 minutes), made uncatchable: the script's code runs under node:vm's
 * `timeout`, which stops synchronous code wherever it is (a plain loop that calls no service included) without
 * running its catch or finally blocks. A limit reached at a service call marks the execution as timed out
 * (ExecutionHost.checkDeadline); from then on every service call throws, and the execution fails with
 * "Exceeded maximum execution time" however the script handled the error.
 */
import vm from 'node:vm';
import { gasError, MESSAGES } from '../kernel/errors';
import type { Execution, ExecutionHost } from '../kernel/execution';

const SLOT = '__handoffLocalTimed';
const RUN_SLOT = new vm.Script(`globalThis.${SLOT}()`, { filename: 'handoff-local-timer.js' });
/** node:vm's largest timeout (a uint32 of milliseconds). */
const MAX_VM_TIMEOUT = 2 ** 32 - 1;

export function isVmTimeout(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** Runs fn (which calls into the script) inside ctx, stopped when the execution's time is used up. */
export function runWithinLimit<T>(executions: ExecutionHost, e: Execution, ctx: vm.Context, fn: () => T): T {
  const remaining = executions.remainingMs(e);
  if (!Number.isFinite(remaining)) return fn();
  if (remaining <= 0) {
    executions.markTimedOut(e);
    throw gasError(MESSAGES.executionTime);
  }
  Object.defineProperty(ctx, SLOT, { value: fn, configurable: true, enumerable: false, writable: false });
  try {
    return RUN_SLOT.runInContext(ctx, { timeout: Math.min(MAX_VM_TIMEOUT, Math.max(1, Math.ceil(remaining))) }) as T;
  } catch (err) {
    if (isVmTimeout(err)) {
      executions.markTimedOut(e);
      throw gasError(MESSAGES.executionTime);
    }
    throw err;
  } finally {
    Reflect.deleteProperty(ctx, SLOT);
  }
}
