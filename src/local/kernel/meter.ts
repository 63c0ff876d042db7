import { estimateMs, type MeteredCall } from './cost-model';

/**
 * Counts every service call by "Service.method", with cells read and written for ranges.
 * Tests and `npm run bench` read it to prove that an operation's cost does not grow with the sheet.
 */
export class Meter {
  private counts = new Map<string, number>();
  private cellsRead = 0;
  private cellsWritten = 0;
  private estimated = 0;
  private paused = 0;
  private readonly listeners: Array<(call: MeteredCall, ms: number) => void> = [];

  record(call: MeteredCall): void {
    if (this.paused > 0) return;
    const key = `${call.service}.${call.method}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.cellsRead += call.cellsRead ?? 0;
    this.cellsWritten += call.cellsWritten ?? 0;
    const ms = estimateMs(call);
    this.estimated += ms;
    for (const l of this.listeners) l(call, ms);
  }

  /** Runs fn without counting: for the local Workspace's own bookkeeping (seeding, rendering the playground). */
  unmetered<T>(fn: () => T): T {
    this.paused++;
    try {
      return fn();
    } finally {
      this.paused--;
    }
  }

  onCall(listener: (call: MeteredCall, ms: number) => void): void {
    this.listeners.push(listener);
  }

  reset(): void {
    this.counts.clear();
    this.cellsRead = 0;
    this.cellsWritten = 0;
    this.estimated = 0;
  }

  snapshot(): MeterSnapshot {
    const calls: Record<string, number> = {};
    for (const [k, v] of [...this.counts.entries()].sort()) calls[k] = v;
    return { calls, cellsRead: this.cellsRead, cellsWritten: this.cellsWritten, estimatedMs: this.estimated };
  }

  /** Calls to one service family; e.g. total(['SpreadsheetApp','Spreadsheet','Sheet','Range']). */
  total(services?: string[]): number {
    let n = 0;
    for (const [k, v] of this.counts) {
      const service = k.slice(0, k.indexOf('.'));
      if (!services || services.includes(service)) n += v;
    }
    return n;
  }
}

export interface MeterSnapshot {
  calls: Record<string, number>;
  cellsRead: number;
  cellsWritten: number;
  estimatedMs: number;
}

/** The service names whose calls are "SpreadsheetApp calls" for the flat-cost tests. */
export const SHEET_SERVICES = [
  'SpreadsheetApp',
  'Spreadsheet',
  'Sheet',
  'Range',
  'RangeList',
  'Protection',
  'DeveloperMetadata',
  'DeveloperMetadataFinder',
];

/** Splits metered calls into SpreadsheetApp calls (SHEET_SERVICES) and the rest: the counts the flat-cost claims are about. */
export function splitCalls(calls: Record<string, number>): { sheet: number; other: number } {
  let sheet = 0;
  let other = 0;
  for (const [k, v] of Object.entries(calls)) {
    if (SHEET_SERVICES.includes(k.slice(0, k.indexOf('.')))) sheet += v;
    else other += v;
  }
  return { sheet, other };
}
