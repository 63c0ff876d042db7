/**
 * A hand edit on the Sheet page, as in Sheets: the person types into a cell (or pastes a block); Sheets refuses
 * what their sharing or a protected range does not allow, and nothing else happens; otherwise the cells change and
 * the edit triggers fire: the simple onEdit (as the person, AuthMode.LIMITED) when the script has one, and every
 * installable on-edit trigger of the spreadsheet (as its owner). The event is Apps Script's: authMode, range,
 * source, user, triggerUid, and value / oldValue for a single cell only. The page then shows what the triggers did.
 */
import { parseAuditCells } from '../../gas/store/audit-rows';
import { LocalUser } from '../services/session/user';
import type { Scalar } from '../services/spreadsheet/values';
import { runView, type TriggerRunView } from './clock';
import { BadRequest } from './errors';
import type { Playground } from './playground';

export interface HandEditResult {
  tab: string;
  a1: string;
  /** Sheets refused the edit (nothing changed, no trigger ran): its message. */
  refused: string | null;
  runs: Array<TriggerRunView & { outcome?: unknown }>;
  /** What the cells show now, after the triggers ran. */
  now: string[][];
  /** Audit rows the triggers appended (header names to values). */
  audit: Array<Record<string, string>>;
}

const A1 = /^\$?[A-Z]{1,3}\$?\d{1,7}$/;

/** Sheets' serial day number for a date (e.oldValue of a date cell). */
function serial(d: Date): number {
  return (d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** An old value as the edit event carries it: text (numbers and dates as Sheets writes them), undefined when empty. */
export function eventValue(v: Scalar | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (v instanceof Date) return String(serial(v));
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function letters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The block a paste covers: tab-separated columns, one line per row. */
export function pasted(text: string): string[][] {
  const rows = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const grid = rows.map((r) => r.split('\t'));
  const width = Math.max(...grid.map((r) => r.length));
  return grid.map((r) => [...r, ...Array(width - r.length).fill('')]);
}

export async function handEdit(p: Playground, as: unknown, tab: unknown, cell: unknown, text: unknown): Promise<HandEditResult> {
  const person = p.person(as).email;
  if (typeof tab !== 'string' || !p.tabs().includes(tab)) throw new BadRequest(`"tab" must be one of ${p.tabs().join(', ')}`);
  if (typeof cell !== 'string' || !A1.test(cell.trim().toUpperCase()))
    throw new BadRequest('"cell" must be one cell in A1 notation, e.g. "D5"');
  if (typeof text !== 'string') throw new BadRequest('"value" must be the text typed (or pasted: tab-separated, one line per row)');
  const start = p.ws.sheets.get(p.spreadsheetId).sheet(tab).rangeByA1(cell.trim().toUpperCase().replace(/\$/g, ''));
  const values = pasted(text);
  const row0 = start.getRow();
  const col0 = start.getColumn();
  const a1 =
    values.length === 1 && values[0]!.length === 1
      ? `${letters(col0)}${row0}`
      : `${letters(col0)}${row0}:${letters(col0 + values[0]!.length - 1)}${row0 + values.length - 1}`;
  const ss = p.ws.sheets.get(p.spreadsheetId);
  const auditBefore = p.tabs().includes('Audit') ? ss.values('Audit').length : 0;
  let edited: ReturnType<typeof ss.editAs>;
  try {
    edited = ss.editAs(person, tab, a1, values);
  } catch (e) {
    // Sheets shows its refusal in a dialog; the cells do not change and no trigger runs.
    if (e instanceof Error && e.name === 'Exception') return { tab, a1, refused: e.message, runs: [], now: [], audit: [] };
    throw e;
  }
  p.changed();
  const single = values.length === 1 && values[0]!.length === 1;
  const base = {
    range: edited.range,
    source: ss.object(),
    user: new LocalUser(p.ws.kernel, person),
    ...(single ? { value: text, oldValue: eventValue(edited.before[0]?.[0]) } : {}),
  };
  const runs: HandEditResult['runs'] = [];
  try {
    if (p.script.hasFunction('onEdit')) {
      try {
        const out = await p.executions.run('onEdit', [{ ...base, authMode: 'LIMITED' }], { activeUser: person, kind: 'simple-trigger' });
        runs.push({ handler: 'onEdit', at: new Date(p.now()).toISOString(), ok: true, outcome: out });
      } catch (e) {
        runs.push({ handler: 'onEdit', at: new Date(p.now()).toISOString(), ok: false, error: e instanceof Error ? e.message : String(e) });
      }
    }
    const store = p.ws.triggers.store;
    const fired = store.fireForSpreadsheet(p.spreadsheetId, 'ON_EDIT', (t) => ({ ...base, authMode: 'FULL', triggerUid: t.uid }));
    await Promise.all(fired.map((r) => store.whenDone(r)));
    for (const r of fired)
      runs.push({ ...runView(r), ...(r.result !== undefined ? { outcome: JSON.parse(JSON.stringify(r.result)) } : {}) });
  } finally {
    p.changed();
  }
  const shown = p.tab(tab).rows;
  const now = values.map((r, i) => r.map((_, j) => shown[row0 - 1 + i]?.[col0 - 1 + j] ?? ''));
  const auditRows = p.tabs().includes('Audit') ? p.tab('Audit').rows : [];
  const head = auditRows[0] ?? [];
  // Through the one parser: the event's actor, name, comment… are fields of the row's Details JSON.
  const audit = auditRows.slice(Math.max(1, auditBefore)).map((r, i) => {
    const { seq, event: e } = parseAuditCells(head, r, Math.max(1, auditBefore) + i + 1);
    const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
    return {
      Seq: String(seq),
      Request: e.requestId,
      Action: e.action,
      Name: text(e.name),
      Actor: e.actor,
      Method: e.method,
      Comment: text(e.comment),
      Reason: text(e.reason),
      Details: text(e.details),
    };
  });
  return { tab, a1, refused: null, runs, now, audit };
}
