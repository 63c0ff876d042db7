/**
 * The timers' view of the Requests tab: the columns they need (SCAN_COLUMNS), from the rows a unit's batchGet read
 * (scan-start.ts: the rows whole when they are few, else one range per run of these columns, nearby runs merged),
 * so the number of calls does not depend on the number of rows. The JSON columns other than SLA are not decoded.
 */
import type { SlaInfo } from '../../core';
import { cellInt, cellText, cellTime, type CellValue } from '../sheet/values';

export const SCAN_COLUMNS = [
  'ID',
  'Workflow',
  'Version',
  'Revision',
  'State',
  'Assignee',
  'Pending approvers',
  'SLA due',
  'Summary',
  'SLA',
] as const;
export type ScanColumn = (typeof SCAN_COLUMNS)[number];

export interface ScanRow {
  row: number;
  id: string;
  workflowId: string;
  version: number;
  revision: number;
  state: string;
  assignee: string | null;
  pending: string[];
  dueAt: number | null;
  summary: string;
  sla: SlaInfo | null;
}

/** Groups 1-based column numbers into [first, last] runs of consecutive columns. */
export function columnRuns(cols: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(cols)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const c of sorted) {
    const last = runs[runs.length - 1];
    if (last && c === last[1] + 1) last[1] = c;
    else runs.push([c, c]);
  }
  return runs;
}

/**
 * Column runs read together when the columns between them cost less than another call: a read call is about 150 ms
 * and a cell about 0.01 ms in the cost model, so runs merge while the cells skipped over stay under 15,000.
 */
export function mergeRuns(runs: ReadonlyArray<[number, number]>, rows: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of runs) {
    const last = out[out.length - 1];
    if (last && (lo - last[1] - 1) * rows < 15_000) last[1] = hi;
    else out.push([lo, hi]);
  }
  return out;
}

export interface Scan {
  rows: ScanRow[];
  /** Rows that could not be read (damaged SLA cell, empty ID): skipped, reported. */
  skipped: Array<{ row: number; reason: string }>;
  lastRow: number;
  /** The first row read (2, or where the timers' scan starts: scan-start.ts). */
  firstRow: number;
  /** The ID column from firstRow on: the ID in row r at ids[r - firstRow] ('' for a blank cell). */
  ids: string[];
}

/**
 * The scan from its columns (`col(name)`: the column's cells from row `first`, `count` of them). Shared by the
 * narrow read (the scan's columns) and the whole-row read (scan-start.ts), so both decide the same rows.
 */
export function buildScan(first: number, count: number, col: (c: ScanColumn) => readonly CellValue[]): Scan {
  const last = first + count - 1;
  const ids = col('ID'),
    wf = col('Workflow'),
    ver = col('Version'),
    rev = col('Revision'),
    st = col('State');
  const asg = col('Assignee'),
    pend = col('Pending approvers'),
    due = col('SLA due'),
    sum = col('Summary'),
    sla = col('SLA');
  const rows: ScanRow[] = [];
  const skipped: Scan['skipped'] = [];
  for (let i = 0; i < count; i++) {
    const id = cellText(ids[i]);
    if (!id) continue;
    const row = i + first;
    let info: SlaInfo | null = null;
    const text = cellText(sla[i]);
    if (text) {
      try {
        info = JSON.parse(text) as SlaInfo | null;
      } catch {
        skipped.push({ row, reason: `the SLA cell of ${id} is not valid JSON` });
        continue;
      }
    }
    const version = cellInt(ver[i]);
    const revision = cellInt(rev[i]);
    if (version === null || revision === null) {
      skipped.push({ row, reason: `the Version or Revision cell of ${id} is not a whole number` });
      continue;
    }
    const assignee = cellText(asg[i]);
    rows.push({
      row,
      id,
      workflowId: cellText(wf[i]),
      version,
      revision,
      state: cellText(st[i]),
      assignee: assignee || null,
      pending: cellText(pend[i])
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      dueAt: cellTime(due[i]),
      summary: cellText(sum[i]),
      sla: info,
    });
  }
  return { rows, skipped, lastRow: last, firstRow: first, ids: Array.from({ length: count }, (_, i) => cellText(ids[i])) };
}
