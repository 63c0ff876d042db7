/**
 * What an operation writes, as data: columns added (on-demand continuation columns, with their headers), rows
 * rewritten by row number and rows appended by tab. One function turns it into one Spreadsheets.batchUpdate
 * (insertDimension/appendDimension and the header cells first, then updateCells for each rewrite, appendCells
 * for each tab's appends), which the API applies atomically: all of it or nothing. A test can assert a ChangeSet without any Sheet.
 * Rows hold values as they are (text is the text: build them from a record with `unquoted()`).
 */
import type { CellValue } from '../sheet/values';
import { cellData, type Codec } from './codec';
import type { PlaneSchema } from './schema';

export interface RowUpdate {
  tab: string;
  /** 1-based row number. */
  row: number;
  /** The whole row, from column A. */
  cells: CellValue[];
}

/** A tab the write creates first (the plane's own hidden Index tab, on first use). */
export interface NewTab {
  title: string;
  sheetId: number;
  rows: number;
  columns: number;
  hidden: boolean;
}

export class ChangeSet {
  readonly updates: RowUpdate[] = [];
  readonly appends = new Map<string, CellValue[][]>();
  readonly newTabs: NewTab[] = [];
  /** Rows deleted by number (as read, before this batch's other changes), by tab. */
  readonly removals = new Map<string, Set<number>>();
  /** Columns added to the right of a tab's header row (with their headers), before its rows are written. */
  readonly columns = new Map<string, string[]>();

  /** Adds columns (a name already staged is not added twice). The rows staged after it may fill them. */
  addColumns(tab: string, names: readonly string[]): void {
    const have = this.columns.get(tab) ?? [];
    const add = names.filter((n) => !have.includes(n));
    if (add.length) this.columns.set(tab, [...have, ...add]);
  }

  update(tab: string, row: number, cells: CellValue[]): void {
    const i = this.updates.findIndex((u) => u.tab === tab && u.row === row);
    if (i >= 0) this.updates[i] = { tab, row, cells };
    else this.updates.push({ tab, row, cells });
  }

  append(tab: string, rows: CellValue[][]): void {
    if (!rows.length) return;
    this.appends.set(tab, [...(this.appends.get(tab) ?? []), ...rows]);
  }

  /** Deletes rows (numbers as read). Deletions run last in the batch, the lowest row last, so numbers stay valid. */
  remove(tab: string, rows: Iterable<number>): void {
    const set = this.removals.get(tab) ?? new Set<number>();
    for (const r of rows) if (Number.isInteger(r) && r >= 2) set.add(r);
    if (set.size) this.removals.set(tab, set);
  }

  clear(): void {
    this.updates.length = 0;
    this.appends.clear();
    this.newTabs.length = 0;
    this.removals.clear();
    this.columns.clear();
  }

  get empty(): boolean {
    return (
      this.updates.length === 0 &&
      this.newTabs.length === 0 &&
      this.columns.size === 0 &&
      [...this.appends.values()].every((r) => r.length === 0) &&
      [...this.removals.values()].every((r) => r.size === 0)
    );
  }

  /** Cells written, for the record. */
  get cells(): number {
    return (
      this.updates.reduce((n, u) => n + u.cells.length, 0) +
      [...this.appends.values()].reduce((n, rs) => n + rs.reduce((m, r) => m + r.length, 0), 0)
    );
  }
}

const VALUE_AND_FORMAT = 'userEnteredValue,userEnteredFormat.numberFormat';

/**
 * The batchUpdate requests. A rewrite sends values only (an operator's formats stay), except its date columns,
 * which also get the date format; appended rows carry values and date formats. Rewrites come first, then appends,
 * in tab order.
 */
/** The order of tabs in a batch: the log first, so a refusal names the tab it always named (Audit). */
const TAB_ORDER = ['Audit', 'Outbox', 'Requests'];
const rank = (tab: string): number => {
  const i = TAB_ORDER.indexOf(tab);
  return i < 0 ? TAB_ORDER.length : i;
};

export function toRequests(changes: ChangeSet, schema: PlaneSchema, codec: Codec): Array<Record<string, unknown>> {
  return toRequestsWithTabs(changes, schema, codec).map((r) => r.request);
}

/** The requests with the tab each one writes (to name the tab of a refused request). */
export function toRequestsWithTabs(
  changes: ChangeSet,
  schema: PlaneSchema,
  codec: Codec,
): Array<{ tab: string; request: Record<string, unknown> }> {
  const out: Array<{ tab: string; request: Record<string, unknown> }> = [];
  for (const t of changes.newTabs) {
    out.push({
      tab: t.title,
      request: {
        addSheet: {
          properties: {
            sheetId: t.sheetId,
            title: t.title,
            hidden: t.hidden,
            gridProperties: { rowCount: t.rows, columnCount: t.columns },
          },
        },
      },
    });
  }
  for (const [tab, names] of changes.columns) for (const r of columnRequests(schema, tab, names)) out.push({ tab, request: r });
  const tabs = [...new Set([...changes.appends.keys(), ...changes.updates.map((u) => u.tab)])].sort((a, b) => rank(a) - rank(b));
  for (const tab of tabs) {
    for (const r of appendRequests(changes, schema, codec, tab)) out.push({ tab, request: r });
    for (const r of updateRequests(changes, schema, codec, tab)) out.push({ tab, request: r });
  }
  for (const [tab, rows] of changes.removals) for (const r of deleteRequests(schema, tab, rows)) out.push({ tab, request: r });
  return out;
}

/**
 * New columns right after the tab's header row: insertDimension there when the grid has columns further right (an
 * operator's, or spare ones: none of their cells is written over), appendDimension when the header row fills the
 * grid; then the header cells. Rows written after them in the same batch may fill the new columns.
 */
function columnRequests(schema: PlaneSchema, tab: string, names: readonly string[]): Array<Record<string, unknown>> {
  const t = schema.tabs[tab];
  if (!t) throw new Error(`internal: no schema for tab ${tab}`);
  const at = t.headers.length;
  const n = names.length;
  const grow =
    at < t.columnCount
      ? {
          insertDimension: {
            range: { sheetId: t.sheetId, dimension: 'COLUMNS', startIndex: at, endIndex: at + n },
            inheritFromBefore: at > 0,
          },
        }
      : { appendDimension: { sheetId: t.sheetId, dimension: 'COLUMNS', length: n } };
  return [
    grow,
    {
      updateCells: {
        start: { sheetId: t.sheetId, rowIndex: 0, columnIndex: at },
        rows: [{ values: names.map((h) => ({ userEnteredValue: { stringValue: h } })) }],
        fields: 'userEnteredValue',
      },
    },
  ];
}

/** deleteDimension per run of consecutive rows, the lowest run last (a deletion never moves a row still to delete). */
function deleteRequests(schema: PlaneSchema, tab: string, rows: ReadonlySet<number>): Array<Record<string, unknown>> {
  const t = schema.tabs[tab];
  if (!t) throw new Error(`internal: no schema for tab ${tab}`);
  const sorted = [...rows].sort((a, b) => b - a);
  const out: Array<Record<string, unknown>> = [];
  let i = 0;
  while (i < sorted.length) {
    let end = sorted[i] as number;
    let start = end;
    while (i + 1 < sorted.length && sorted[i + 1] === start - 1) start = sorted[++i] as number;
    i++;
    out.push({ deleteDimension: { range: { sheetId: t.sheetId, dimension: 'ROWS', startIndex: start - 1, endIndex: end } } });
    end = start;
  }
  return out;
}

function updateRequests(changes: ChangeSet, schema: PlaneSchema, codec: Codec, tab: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const u of changes.updates.filter((x) => x.tab === tab)) {
    const t = schema.tabs[u.tab];
    if (!t) throw new Error(`internal: no schema for tab ${u.tab}`);
    // Runs of columns with the same kind (date or not), each one updateCells.
    let start = 0;
    while (start < u.cells.length) {
      const date = t.dates[start] === true;
      let end = start;
      while (end + 1 < u.cells.length && (t.dates[end + 1] === true) === date) end++;
      out.push({
        updateCells: {
          start: { sheetId: t.sheetId, rowIndex: u.row - 1, columnIndex: start },
          rows: [{ values: u.cells.slice(start, end + 1).map((v) => cellData(v, codec)) }],
          fields: date ? VALUE_AND_FORMAT : 'userEnteredValue',
        },
      });
      start = end + 1;
    }
  }
  return out;
}

function appendRequests(changes: ChangeSet, schema: PlaneSchema, codec: Codec, tab: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const rows = changes.appends.get(tab) ?? [];
  if (rows.length) {
    const t = schema.tabs[tab];
    if (!t) throw new Error(`internal: no schema for tab ${tab}`);
    out.push({
      appendCells: {
        sheetId: t.sheetId,
        rows: rows.map((r) => ({ values: r.map((v) => cellData(v, codec)) })),
        fields: VALUE_AND_FORMAT,
      },
    });
  }
  return out;
}
