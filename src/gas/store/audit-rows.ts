/**
 * The Audit tab's rows: how an event is written, and the ONE parser every reader uses (views, metrics, the status
 * page, verification, archives, the CLI). Two layouts exist:
 *
 *   compact (this version): Seq | At | Request | Action | Details | Hash. "Details" is one JSON object holding the
 *     rest of the event, the row's key (`requestId:revision:index`, so replays never write a row twice) and the
 *     previous row's hash ("prev"). It starts with "{", so Sheets never reads it as a formula, a number or a date.
 *   wide (earlier versions): 22 columns, one per event field, with "Key" and "Prev hash" columns.
 *
 * A row is wide when it has a non-empty "Prev hash" cell, else compact: so a tab mid-upgrade (src/gas/setup/
 * audit-upgrade.ts), an archive made by an earlier version that now receives compact rows, and an export of either
 * all read row by row. The hash chain does not depend on the layout: Hash = SHA-256(prev + canonical JSON of the
 * event as read back), and both layouts read back to the same event, so a row rewritten from wide to compact keeps
 * its hash.
 *
 * A cell holds at most 50,000 characters. When the Details JSON would be longer, the longest texts of the event
 * (comment, reason, the changes' values, the details' strings) are cut, each ending with a note of how many
 * characters were cut, until it fits; the event is hashed as stored, so the chain still verifies (fitDetails).
 */
import type { AuditEvent } from '../../core';
import { GENESIS_HASH, hashEvent } from '../../core/audit/chain';
import { DamagedRowError } from '../errors';
import { headerKey } from '../sheet/table';
import { cellInt, cellText, cellTime, dateCell, MAX_CELL_CHARS, readBack, toCell, type CellValue } from '../sheet/values';

export { AUDIT_COLUMNS, WIDE_AUDIT_ONLY } from '../sheet/tabs';

/** One Audit row, whatever its layout. */
export interface AuditEntry {
  seq: number;
  /** The row key: `requestId:revision:index` (or the writer's own, e.g. `config:<uuid>`). */
  key: string;
  event: AuditEvent;
  prevHash: string;
  hash: string;
}

export type AuditLayout = 'compact' | 'wide';

/** A row's cells under a header row → { normalized header: value } (every header, not only the spec's). */
function byHeader(headers: readonly string[], cells: readonly CellValue[]): Map<string, CellValue> {
  const m = new Map<string, CellValue>();
  headers.forEach((h, i) => {
    const k = headerKey(h);
    if (k !== '' && !m.has(k)) m.set(k, (cells[i] ?? '') as CellValue);
  });
  return m;
}

const recordMap = (rec: Readonly<Record<string, unknown>>): Map<string, CellValue> =>
  byHeader(Object.keys(rec), Object.values(rec) as CellValue[]);

/** Which layout a row is in (a non-empty "Prev hash" cell: wide). */
export function rowLayout(rec: Readonly<Record<string, unknown>>): AuditLayout {
  return cellText(recordMap(rec).get('prev hash')) !== '' ? 'wide' : 'compact';
}

/** Whether a header row is the wide layout's (set-up upgrades such a tab). */
export const isWideHeader = (headers: readonly string[]): boolean => headers.some((h) => headerKey(h) === 'prev hash');

/** THE parser: a row under its tab's header row → its entry. Throws DamagedRowError for a cell it cannot read. */
export function parseAuditCells(headers: readonly string[], cells: readonly CellValue[], row: number, tab = 'Audit'): AuditEntry {
  return parseMap(byHeader(headers, cells), row, tab);
}

/** The same for a row already keyed by header text (an export's row, the CLI's values). */
export function parseAuditRecord(rec: Readonly<Record<string, unknown>>, row: number, tab = 'Audit'): AuditEntry {
  return parseMap(recordMap(rec), row, tab);
}

function parseMap(m: Map<string, CellValue>, row: number, tab: string): AuditEntry {
  const get = (h: string): CellValue => m.get(headerKey(h)) ?? '';
  if (cellText(get('Prev hash')) !== '') return parseWide(get, row, tab);
  const text = cellText(get('Details'));
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new DamagedRowError(tab, row, 'the "Details" cell is not valid JSON');
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw new DamagedRowError(tab, row, 'the "Details" cell is not a JSON object');
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const opt = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const int = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : 0);
  const event: AuditEvent = {
    requestId: cellText(get('Request')),
    workflowId: str(o.workflow),
    version: int(o.version),
    revision: int(o.revision),
    at: cellTime(get('At')) ?? 0,
    actor: str(o.actor),
    onBehalfOf: opt(o.onBehalfOf),
    method: str(o.method) as AuditEvent['method'],
    action: cellText(get('Action')) as AuditEvent['action'],
    name: opt(o.name),
    fromState: opt(o.from),
    toState: opt(o.to),
    assigneeBefore: opt(o.assigneeBefore),
    assigneeAfter: opt(o.assigneeAfter),
    changes: (o.changes ?? []) as AuditEvent['changes'],
    comment: opt(o.comment),
    reason: opt(o.reason),
    details: (o.details ?? {}) as AuditEvent['details'],
  };
  return { seq: cellInt(get('Seq')) ?? 0, key: str(o.key), event, prevHash: str(o.prev), hash: cellText(get('Hash')) };
}

/** Earlier versions' rows: one column per field. */
function parseWide(get: (h: string) => CellValue, row: number, tab: string): AuditEntry {
  const json = <T>(col: string): T => {
    try {
      return JSON.parse(cellText(get(col)) || 'null') as T;
    } catch {
      throw new DamagedRowError(tab, row, `the "${col}" cell is not valid JSON`);
    }
  };
  const opt = (col: string): string | null => cellText(get(col)) || null;
  const event: AuditEvent = {
    requestId: cellText(get('Request')),
    workflowId: cellText(get('Workflow')),
    version: cellInt(get('Version')) ?? 0,
    revision: cellInt(get('Revision')) ?? 0,
    at: cellTime(get('At')) ?? 0,
    actor: cellText(get('Actor')),
    onBehalfOf: opt('On behalf of'),
    method: cellText(get('Method')) as AuditEvent['method'],
    action: cellText(get('Action')) as AuditEvent['action'],
    name: opt('Name'),
    fromState: opt('From'),
    toState: opt('To'),
    assigneeBefore: opt('Assignee before'),
    assigneeAfter: opt('Assignee after'),
    changes: json<AuditEvent['changes']>('Changes') ?? [],
    comment: opt('Comment'),
    reason: opt('Reason'),
    details: json<AuditEvent['details']>('Details') ?? {},
  };
  return {
    seq: cellInt(get('Seq')) ?? 0,
    key: cellText(get('Key')),
    event,
    prevHash: cellText(get('Prev hash')),
    hash: cellText(get('Hash')),
  };
}

const isEmptyObject = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0;

/** The Details object of an event (nulls, no changes and no details left out: the parser puts them back). */
function detailsObject(key: string, e: AuditEvent, prev: string): Record<string, unknown> {
  const o: Record<string, unknown> = { actor: e.actor, method: e.method, workflow: e.workflowId, version: e.version, revision: e.revision };
  const put = (k: string, v: unknown) => {
    if (v !== null && v !== undefined) o[k] = v;
  };
  put('onBehalfOf', e.onBehalfOf);
  put('name', e.name);
  put('from', e.fromState);
  put('to', e.toState);
  put('assigneeBefore', e.assigneeBefore);
  put('assigneeAfter', e.assigneeAfter);
  put('comment', e.comment);
  put('reason', e.reason);
  if (!(Array.isArray(e.changes) && e.changes.length === 0)) put('changes', e.changes);
  if (!isEmptyObject(e.details)) put('details', e.details);
  o.key = key;
  o.prev = prev;
  return o;
}

/** Where the event's free text lives in the Details object (the only parts fitDetails may cut). */
const CUTTABLE = ['comment', 'reason', 'changes', 'details'];

/** Most characters a Details cell holds (a cell takes 50,000). */
export const DETAILS_MAX = MAX_CELL_CHARS - 1;

const cutNote = (n: number): string => `… [${n.toLocaleString('en-US')} characters cut: the Audit cell holds 50,000]`;

/**
 * The Details JSON, at most `max` characters: while it is longer, the longest string inside comment, reason,
 * changes or details is cut (ending with a note of how many characters went); if only short strings are left,
 * changes and then details are replaced by a note. Returns the JSON and the characters cut (0 when it fit).
 */
export function fitDetails(o: Record<string, unknown>, max = DETAILS_MAX): { json: string; cut: number } {
  let json = JSON.stringify(o);
  let cut = 0;
  if (json.length > max) o = JSON.parse(json) as Record<string, unknown>; // cut a copy, never the event itself
  for (let guard = 0; json.length > max && guard < 500; guard++) {
    let best: { parent: Record<string, unknown> | unknown[]; k: string | number; len: number } | null = null;
    const visit = (parent: Record<string, unknown> | unknown[], k: string | number) => {
      const v = (parent as Record<string | number, unknown>)[k];
      if (typeof v === 'string') {
        if (!best || v.length > best.len) best = { parent, k, len: v.length };
      } else if (Array.isArray(v)) v.forEach((_, i) => visit(v, i));
      else if (v !== null && typeof v === 'object') for (const kk of Object.keys(v)) visit(v as Record<string, unknown>, kk);
    };
    for (const k of CUTTABLE) if (k in o) visit(o, k);
    const found = best as { parent: Record<string | number, unknown>; k: string | number; len: number } | null;
    if (found && found.len > 200) {
      const v = found.parent[found.k] as string;
      const over = json.length - max;
      // Escapes make the JSON longer than the text: cut at least the excess, at least a quarter of the text.
      let keep = Math.max(0, Math.min(v.length - over - 80, Math.floor(v.length * 0.75)));
      const c = v.charCodeAt(keep - 1);
      if (keep > 0 && c >= 0xd800 && c <= 0xdbff) keep--; // never split a surrogate pair
      cut += v.length - keep;
      found.parent[found.k] = v.slice(0, keep) + cutNote(v.length - keep);
    } else if ('changes' in o) {
      cut += JSON.stringify(o.changes).length;
      o.changes = [{ field: '(cut)', before: null, after: cutNote(JSON.stringify(o.changes).length) }];
      if (JSON.stringify(o).length > max) delete o.changes;
    } else if ('details' in o) {
      cut += JSON.stringify(o.details).length;
      o.details = { cut: cutNote(JSON.stringify(o.details).length) };
    } else break;
    json = JSON.stringify(o);
  }
  return { json, cut };
}

/** An event's compact row as { header: cell } (Hash empty; auditRow fills it). */
export function compactRecord(seq: number, key: string, e: AuditEvent, prev: string): Record<string, CellValue> {
  return {
    Seq: seq,
    At: dateCell(e.at),
    Request: toCell(e.requestId),
    Action: toCell(e.action),
    Details: toCell(fitDetails(detailsObject(key, e, prev)).json),
    Hash: '',
  };
}

/**
 * The compact row of an event, hashed exactly as it will read back (so verification recomputes the same hash).
 * Cells are quoted for setValues where text needs it.
 */
export function auditRow(seq: number, key: string, e: AuditEvent, prev: string): { rec: Record<string, CellValue>; hash: string } {
  const rec = compactRecord(seq, key, e, prev);
  const stored: Record<string, CellValue> = {};
  for (const [k, v] of Object.entries(rec)) stored[k] = readBack(v);
  const hash = hashEvent(prev, parseAuditRecord(stored, 0).event);
  rec.Hash = toCell(hash);
  return { rec, hash };
}

export { GENESIS_HASH };
