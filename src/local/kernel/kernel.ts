import { SimClock } from './clock';
import { ExecutionHost } from './execution';
import { Meter, type MeterSnapshot } from './meter';
import type { MeteredCall } from './cost-model';

export type AccountType = 'consumer' | 'workspace';

export interface KernelOptions {
  /** The script owner / spreadsheet owner / deployer. */
  owner?: string;
  /** The Workspace domain; users outside it are invisible to a web app run as the deployer. */
  domain?: string;
  /** Quotas differ: consumer (gmail.com) or Google Workspace. */
  accountType?: AccountType;
  /** Start of simulated time. */
  start?: number | Date;
  /** When true, every metered call advances simulated time by the cost model's estimate. */
  simulateLatency?: boolean;
}

/**
 * What every local service shares: the clock, the meter and the execution host.
 * Services call `kernel.call(...)` at the top of every public method.
 */
export class Kernel {
  readonly clock: SimClock;
  readonly meter = new Meter();
  readonly executions: ExecutionHost;
  readonly owner: string;
  readonly domain: string;
  readonly accountType: AccountType;
  simulateLatency: boolean;

  constructor(opts: KernelOptions = {}) {
    this.owner = opts.owner ?? 'owner@example.com';
    this.domain = opts.domain ?? this.owner.split('@')[1] ?? 'example.com';
    this.accountType = opts.accountType ?? 'workspace';
    this.clock = new SimClock(opts.start);
    this.executions = new ExecutionHost(this.clock, this.owner);
    this.simulateLatency = opts.simulateLatency ?? false;
    this.meter.onCall((_call, ms) => {
      if (this.simulateLatency) this.clock.drift(ms);
    });
  }

  /** Meter one service call and enforce the execution time limit. */
  call(service: string, method: string, extra?: Omit<MeteredCall, 'service' | 'method'>): void {
    this.executions.checkDeadline();
    this.meter.record({ service, method, ...extra });
  }

  /** Measure what fn costs in service calls. */
  measure<T>(fn: () => T): { result: T; cost: MeterSnapshot } {
    const before = this.meter.snapshot();
    const result = fn();
    const after = this.meter.snapshot();
    const calls: Record<string, number> = {};
    for (const [k, v] of Object.entries(after.calls)) {
      const d = v - (before.calls[k] ?? 0);
      if (d) calls[k] = d;
    }
    return {
      result,
      cost: {
        calls,
        cellsRead: after.cellsRead - before.cellsRead,
        cellsWritten: after.cellsWritten - before.cellsWritten,
        estimatedMs: after.estimatedMs - before.estimatedMs,
      },
    };
  }

  isInDomain(email: string): boolean {
    return email.toLowerCase().endsWith('@' + this.domain.toLowerCase());
  }
}
