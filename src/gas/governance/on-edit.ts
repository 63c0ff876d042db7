/**
 * The governed sheet: an installable on-edit trigger (it runs as the admin who installed it, so it may write
 * the protected tabs) watches hand edits to Requests and Audit.
 *
 *   Audit     nobody may edit it: the edit is reverted and the attempt audited.
 *   Requests  columns Handoff does not own (an operator's notes) are free. In Handoff's columns:
 *             - an operator (or admin) changing the State or Assignee of ONE cell: the cell is reverted, then the
 *               change is made through the engine (override_state / reassign) with the reason "edited by hand",
 *               so it is audited as an override and validated (unknown state, unknown person are refused);
 *             - anything else (another column, several cells, someone who is not an operator): reverted, audited.
 *
 * Reverting: a single-cell edit carries e.oldValue (Apps Script gives it only for one cell); the row is rebuilt
 * from it so dates and numbers come back typed. For several cells there is no old value: State, Assignee,
 * Revision, Workflow and Version are restored from the request's last audit event and the view columns are
 * recomputed from the JSON cells; a JSON, ID, Requester or Channel cell overwritten in a multi-cell edit
 * cannot be restored and is named in the audit entry (restore it from File > Version history).
 */
import { isOperator, normalizeEmail, requestlessEvent, type AuditEvent } from '../../core';
import { applyActionCommand } from '../commands/requests';
import type { AppContext } from '../context';
import { HandoffError } from '../errors';
import { withLock } from '../lock';
import { AUDIT, CONFIG, DIRECTORY, OUTBOX, REQUESTS } from '../sheet/tabs';
import { lowerNextDueNow } from '../plane/next-due';
import { bumpStamp } from '../plane/schema';
import { ownerEmail } from '../auth';
import { cellInt, cellText, toCell, type CellValue } from '../sheet/values';
import { AuditStore } from '../store/audit';
import { DirectoryStore } from '../store/directory';
import { recordToRequest } from '../store/request-row';
import { RequestStore, requestCells } from '../store/requests';

export const HAND_EDIT_ACTION: AuditEvent['action'] = 'hand_edit';

/** The parts of Apps Script's edit event Handoff reads. */
export interface EditEvent {
  range: GoogleAppsScript.Spreadsheet.Range;
  user?: { getEmail(): string } | null;
  oldValue?: unknown;
  value?: unknown;
}

export type EditOutcome =
  | { kind: 'ignored'; why: string }
  /** The Outbox's Status edited by hand: the timer was woken for now. */
  | { kind: 'woke_timer'; tab: string; a1: string }
  | { kind: 'reverted'; tab: string; a1: string; user: string; unrestored: string[] }
  | {
      kind: 'override';
      tab: string;
      a1: string;
      user: string;
      requestId: string;
      action: 'override_state' | 'reassign';
      ok: boolean;
      message: string;
    };

const ENGINE_COLUMNS: Record<string, 'override_state' | 'reassign'> = { state: 'override_state', assignee: 'reassign' };
const UNRESTORABLE = ['ID', 'Requester', 'Channel', 'Fields', 'Approval', 'SLA', 'History', 'Meta'];

/**
 * A hand edit of the Outbox's Status column (a dead row set back to "pending" by an admin): the timer is woken for
 * now, since the stored next-due time knows nothing of it. Anything else there is left alone (operator notes, a
 * sort). Waking early is always safe: a run that finds nothing due sets the time again.
 */
function outboxEdit(ctx: AppContext, e: EditEvent): EditOutcome {
  const r = e.range;
  const status = ctx.table(OUTBOX).col('Status');
  if (r.getRow() + r.getNumRows() - 1 < 2 || status < r.getColumn() || status > r.getColumn() + r.getNumColumns() - 1)
    return { kind: 'ignored', why: 'not the Outbox Status column' };
  lowerNextDueNow(ctx, ctx.now());
  return { kind: 'woke_timer', tab: OUTBOX.name, a1: r.getA1Notation() };
}

export function handleEdit(ctx: AppContext, e: EditEvent): EditOutcome {
  const range = e.range;
  const sheet = range.getSheet();
  const tab = sheet.getName();
  // A hand edit of Config, Directory or a header row: cached copies of them (src/gas/plane) are out of date.
  if (tab === CONFIG.name || tab === DIRECTORY.name || e.range.getRow() === 1) bumpStamp(ctx);
  if (tab === OUTBOX.name) return outboxEdit(ctx, e);
  if (tab !== REQUESTS.name && tab !== AUDIT.name) return { kind: 'ignored', why: `not a governed tab (${tab})` };
  const user = normalizeEmail(e.user?.getEmail?.() ?? '');
  const row0 = range.getRow();
  const col0 = range.getColumn();
  const nRows = range.getNumRows();
  const nCols = range.getNumColumns();
  const a1 = range.getA1Notation();
  const table = ctx.table(tab === REQUESTS.name ? REQUESTS : AUDIT);
  const owned = new Set([...table.spec.columns, ...(table.spec.optional ?? [])].map((c) => (table.has(c) ? table.col(c) : -1)));
  const touched = table.headers.map((h, i) => ({ h, c: i + 1 })).filter(({ c }) => c >= col0 && c < col0 + nCols && owned.has(c));
  if (touched.length === 0 && row0 > 1) return { kind: 'ignored', why: 'only columns Handoff does not own were edited' };
  const single = nRows === 1 && nCols === 1;

  return withLock(ctx, () => {
    const dir = new DirectoryStore(ctx).directory();
    const operator = user !== '' && (user === ownerEmail(ctx) || isOperator(dir, user));
    const engineAction =
      tab === REQUESTS.name && single && row0 > 1 && operator ? ENGINE_COLUMNS[(touched[0]?.h ?? '').trim().toLowerCase()] : undefined;
    // What the operator typed, read before the revert puts the old value back.
    const wanted = engineAction ? cellText(e.value ?? range.getValue()).trim() : '';
    const unrestored = revert(ctx, tab, e, { row0, col0, nRows, nCols, single });

    if (engineAction) {
      const requestId = cellText(table.readRow(row0)[table.col('ID') - 1]);
      const current = new RequestStore(ctx).find(requestId)?.request;
      // The edit is reverted above; re-read its revision and put the change through the engine.
      let ok = false;
      let message: string;
      try {
        if (!current) throw new HandoffError('not_found', `Request ${requestId} was not found.`);
        const reason = `Edited by hand in the Requests tab (${a1})`;
        const action =
          engineAction === 'override_state'
            ? { type: 'override_state' as const, to: wanted, reason }
            : { type: 'reassign' as const, to: wanted, reason };
        applyActionCommand(ctx, { requestId, expectedRevision: current.revision, action, actor: { email: user, method: 'session' } });
        ok = true;
        message = `${engineAction === 'override_state' ? 'State' : 'Assignee'} of ${requestId} changed to ${wanted} (audited as an override).`;
      } catch (err) {
        if (!(err instanceof HandoffError)) throw err;
        message = `Your edit of ${a1} was undone: ${err.message}`;
        auditHandEdit(ctx, user, tab, a1, requestId, 'refused_override', message, []);
      }
      return { kind: 'override', tab, a1, user, requestId, action: engineAction, ok, message };
    }
    const why =
      tab === AUDIT.name
        ? 'the Audit tab is append-only'
        : !operator
          ? `${user || 'an unknown user'} is not an operator`
          : 'edit it through the Handoff panel (only one State or Assignee cell at a time may be edited by hand)';
    const requestId = tab === REQUESTS.name && row0 > 1 && nRows === 1 ? cellText(table.readRow(row0)[table.col('ID') - 1]) : '';
    auditHandEdit(ctx, user, tab, a1, requestId, 'reverted', `Hand edit of ${tab}!${a1} reverted: ${why}.`, unrestored);
    return { kind: 'reverted', tab, a1, user, unrestored };
  });
}

/** Puts the edited cells back. Returns the cells that could not be restored (A1 notes). */
function revert(
  ctx: AppContext,
  tab: string,
  e: EditEvent,
  r: { row0: number; col0: number; nRows: number; nCols: number; single: boolean },
): string[] {
  const table = ctx.table(tab === REQUESTS.name ? REQUESTS : AUDIT);
  const sheet = table.sheet;
  const unrestored: string[] = [];
  if (r.row0 === 1) {
    // A header was edited: put every header back as set-up wrote it (columns are found by header).
    const spec = table.spec;
    const headers = sheet.getRange(1, 1, 1, Math.max(sheet.getLastColumn(), 1)).getValues()[0] as CellValue[];
    if (r.single) headers[r.col0 - 1] = toCell(String(e.oldValue ?? ''));
    else unrestored.push(`${spec.name} headers (run Set up / repair)`);
    sheet.getRange(1, 1, 1, headers.length).setValues([headers]);
    if (r.nRows === 1) return unrestored;
  }
  const first = Math.max(2, r.row0);
  const count = r.row0 + r.nRows - first;
  if (count <= 0) return unrestored;
  if (tab === AUDIT.name) {
    if (!r.single) {
      unrestored.push(
        `Audit rows ${first}-${first + count - 1} (no old values for a multi-cell edit; Verify audit log names the first altered row)`,
      );
      return unrestored;
    }
    // Only the edited cell: rewriting the whole row would re-type text that reads back like a number (hashes).
    sheet.getRange(first, r.col0, 1, 1).setValues([[auditCell(table.headers[r.col0 - 1] ?? '', e.oldValue)]]);
    return unrestored;
  }
  // Requests: rebuild each row from what is authoritative.
  const rows = table.readRows(first, count);
  const lastEvents = r.single
    ? new Map<string, AuditEvent>()
    : lastEventsFor(
        ctx,
        rows.map((c) => cellText(c[table.col('ID') - 1])),
      );
  const out: CellValue[][] = [];
  rows.forEach((cells, i) => {
    const rowNo = first + i;
    const fixed = cells.slice();
    if (r.single) fixed[r.col0 - 1] = restoreText(e.oldValue);
    const rec = table.record(fixed);
    if (!r.single) {
      const last = lastEvents.get(cellText(rec.ID));
      for (const c of UNRESTORABLE)
        if (table.has(c) && table.col(c) >= r.col0 && table.col(c) < r.col0 + r.nCols) unrestored.push(`${c}${rowNo}`);
      if (last) {
        rec.Workflow = last.workflowId;
        rec.Version = last.version;
        rec.Revision = last.revision;
        rec.State = toCell(lastState(ctx, last) ?? cellText(rec.State));
        rec.Assignee = toCell(last.assigneeAfter ?? '');
      }
    }
    try {
      const request = recordToRequest(rec, rowNo);
      out.push(requestCells(ctx, table, request, fixed));
    } catch (err) {
      unrestored.push(`row ${rowNo}: ${err instanceof Error ? err.message : String(err)}`);
      out.push(fixed.map((v) => (typeof v === 'string' ? toCell(v) : v)));
    }
  });
  table.writeRows(first, out);
  return unrestored;
}

function restoreText(old: unknown): CellValue {
  if (old === undefined || old === null) return '';
  if (typeof old === 'number' || typeof old === 'boolean') return old;
  const s = String(old);
  const n = cellInt(s);
  return n !== null ? n : s;
}

/** Sheets' serial day number (days since 1899-12-30) → Date; e.oldValue of a date cell is such a number. */
function auditCell(header: string, old: unknown): CellValue {
  if (old === undefined || old === null || old === '') return '';
  if (header === 'At') {
    const n = Number(old);
    if (Number.isFinite(n)) return new Date(Math.round((n - 25569) * 86_400_000));
    const t = Date.parse(String(old));
    return Number.isNaN(t) ? toCell(String(old)) : new Date(t);
  }
  if (header === 'Seq' || header === 'Version' || header === 'Revision') return cellInt(String(old)) ?? toCell(String(old));
  return toCell(String(old));
}

/** The last audit event of each request (one read of the Audit log's Request column and the matching rows' tail). */
function lastEventsFor(ctx: AppContext, ids: string[]): Map<string, AuditEvent> {
  const want = new Set(ids.filter((x) => x !== ''));
  const out = new Map<string, AuditEvent>();
  if (want.size === 0) return out;
  for (const r of new AuditStore(ctx).readAll()) {
    if (want.has(r.event.requestId) && (r.event.action as string) !== 'refused' && (r.event.action as string) !== 'hand_edit')
      out.set(r.event.requestId, r.event);
  }
  return out;
}

function lastState(_ctx: AppContext, e: AuditEvent): string | null {
  return e.toState ?? e.fromState;
}

function auditHandEdit(
  ctx: AppContext,
  user: string,
  tab: string,
  a1: string,
  requestId: string,
  name: string,
  reason: string,
  unrestored: string[],
): void {
  const event = requestlessEvent({
    requestId,
    at: ctx.now(),
    actor: user || 'unknown',
    method: 'session',
    action: HAND_EDIT_ACTION,
    name,
    reason: reason.slice(0, 1000),
    details: { tab, range: a1, unrestored },
  });
  new AuditStore(ctx).appendOnce([{ key: `hand-edit:${ctx.services.Utilities.getUuid()}`, event }]);
}
