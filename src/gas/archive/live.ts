/**
 * What the archive move reads from the live workbook: the Requests rows (to find closed requests past retention)
 * and the Audit rows' identities (request, Seq, Hash), and the full rows of a batch to copy.
 * Cost: Requests ID..Updated in one read, Audit's Seq, Request and Hash columns in three; a batch's rows in one read
 * per tab (the span from its first to its last row).
 */
import { outboxRequest, type LiveRequest } from '../../core/archive/plan';
import type { AppContext } from '../context';
import { ConfigStore } from '../store/config';
import { INTAKE_LOG } from '../intake/tabs';
import { AUDIT, OUTBOX, REQUESTS } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { cellInt, cellText, cellTime, type CellValue } from '../sheet/values';

export interface LiveAuditRef {
  row: number;
  seq: number;
  requestId: string;
  hash: string;
}

export const liveRequests = (ctx: AppContext): Table => ctx.table(REQUESTS);
export const liveAudit = (ctx: AppContext): Table => ctx.table(AUDIT);
export const liveOutbox = (ctx: AppContext): Table => ctx.table(OUTBOX);
/** The live Intake log (null until intake made it). */
export const liveLedger = (ctx: AppContext): Table | null =>
  ctx.spreadsheet().getSheetByName(INTAKE_LOG.name) ? ctx.table(INTAKE_LOG) : null;

export interface LiveLedgerRef {
  row: number;
  responseId: string;
  requestId: string;
}

/** Every live Intake log row's identity (one read of its Response ID..Request span). */
export function readLedgerRefs(ctx: AppContext): LiveLedgerRef[] {
  const t = liveLedger(ctx);
  const last = t ? t.lastRow() : 0;
  if (!t || last < 2) return [];
  return t
    .readColumns(['Response ID', 'Request'], 2, last - 1)
    .map((r, i) => ({ row: i + 2, responseId: cellText(r['Response ID']), requestId: cellText(r.Request) }));
}

export interface LiveOutboxRef {
  row: number;
  id: string;
  status: string;
  requestId: string;
}

/** Every live Outbox row's identity (three column reads): its request comes from its key (the dedupeKey). */
export function readOutboxRefs(ctx: AppContext): LiveOutboxRef[] {
  const t = liveOutbox(ctx);
  const last = t.lastRow();
  if (last < 2) return [];
  const n = last - 1;
  const id = t.readColumn('ID', 2, n);
  const status = t.readColumn('Status', 2, n);
  return t.readColumn('Key', 2, n).map((k, i) => ({
    row: i + 2,
    id: cellText(id[i]),
    status: cellText(status[i]),
    requestId: outboxRequest(cellText(k)),
  }));
}

/** Every live request with its sheet row. */
export function readLiveRequests(ctx: AppContext): Array<LiveRequest & { row: number }> {
  const t = liveRequests(ctx);
  const last = t.lastRow();
  if (last < 2) return [];
  return t.readColumns(['ID', 'Workflow', 'Version', 'State', 'Updated'], 2, last - 1).map((r, i) => ({
    row: i + 2,
    id: cellText(r.ID),
    workflowId: cellText(r.Workflow),
    version: cellInt(r.Version) ?? 0,
    state: cellText(r.State),
    updated: cellTime(r.Updated) ?? 0,
  }));
}

/** Request id → live row numbers (one read of the ID column). */
export function requestRows(ctx: AppContext, ids: ReadonlySet<string>): number[] {
  const t = liveRequests(ctx);
  const last = t.lastRow();
  if (last < 2) return [];
  const out: number[] = [];
  t.readColumn('ID', 2, last - 1).forEach((v, i) => {
    if (ids.has(cellText(v))) out.push(i + 2);
  });
  return out;
}

/** Every live Audit row's identity (three column reads). */
export function readAuditRefs(ctx: AppContext): LiveAuditRef[] {
  const t = liveAudit(ctx);
  const last = t.lastRow();
  if (last < 2) return [];
  const n = last - 1;
  const seq = t.readColumn('Seq', 2, n);
  const req = t.readColumn('Request', 2, n);
  const hash = t.readColumn('Hash', 2, n);
  return req.map((r, i) => ({ row: i + 2, seq: cellInt(seq[i]) ?? 0, requestId: cellText(r), hash: cellText(hash[i]) }));
}

/** Whether a request's pinned version says its state is terminal (closed). Unknown workflows count as open. */
export function closedTest(ctx: AppContext): (r: LiveRequest) => boolean {
  const config = new ConfigStore(ctx);
  const memo = new Map<string, Set<string>>();
  return (r) => {
    const k = `${r.workflowId}:${r.version}`;
    let terminal = memo.get(k);
    if (!terminal) {
      try {
        const def = config.get(r.workflowId, r.version).definition;
        terminal = new Set(def.states.filter((s) => s.kind === 'terminal').map((s) => s.id));
      } catch {
        terminal = new Set();
      }
      memo.set(k, terminal);
    }
    return terminal.has(r.state);
  };
}

/** The given rows of a tab, full width (one read of the span they cover). */
export function readRowsAt(t: Table, rows: readonly number[]): Array<{ row: number; cells: CellValue[] }> {
  if (rows.length === 0) return [];
  const lo = Math.min(...rows);
  const hi = Math.max(...rows);
  const span = t.readRows(lo, hi - lo + 1);
  return [...rows].sort((a, b) => a - b).map((row) => ({ row, cells: span[row - lo] ?? [] }));
}
