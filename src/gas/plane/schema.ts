/**
 * What the plane knows about the governed spreadsheet without reading it: each tab's sheet id, header row and a
 * hint of its last row, and the spreadsheet's time zone. Kept in one script property, valid for one version
 * stamp. The stamp (another script property) is bumped by every write to Config, Directory, the tabs or their
 * headers (set-up, publishing, people, the on-edit trigger), so a schema or a cached Config/Directory built
 * under an older stamp is never used: the next operation rebuilds it (two extra calls, once).
 */
import { scopedKey, type AppContext } from '../context';
import { headerKey } from '../sheet/table';
import { cellText } from '../sheet/values';
import { isDateHeader } from './codec';
import { quoteTab } from './ranges';
import type { PlaneProps } from './props';

export interface TabSchema {
  sheetId: number;
  headers: string[];
  /** Which columns hold dates (by header). */
  dates: boolean[];
  /** The grid's size (rows), for open-ended reads. */
  rowCount: number;
  columnCount: number;
}

export interface PlaneSchema {
  stamp: string;
  tz: string;
  tabs: Record<string, TabSchema>;
}

/** The governed tabs and intake's tabs: the ones the plane reads and writes. */
export const PLANE_TABS: readonly string[] = ['Requests', 'Audit', 'Config', 'Directory', 'Outbox', 'Intake log', 'Intake errors', 'Index'];

export const stampKey = (ctx: AppContext): string => scopedKey(ctx, 'stamp');
export const schemaKey = (ctx: AppContext): string => scopedKey(ctx, 'plane');

/** Bumps the version stamp: cached schema, Config and Directory are rebuilt on next use. One property write. */
export function bumpStamp(ctx: AppContext): void {
  ctx.services.PropertiesService.getScriptProperties().setProperty(stampKey(ctx), newStamp(ctx));
}

export function newStamp(ctx: AppContext): string {
  return `${ctx.now().toString(36)}.${Math.floor(Math.random() * 1e9).toString(36)}`;
}

/** The schema for the current stamp, from the script property; null when it must be rebuilt. */
export function cachedSchema(ctx: AppContext, props: PlaneProps): PlaneSchema | null {
  const stamp = props.get(stampKey(ctx)) ?? '';
  const s = props.json<PlaneSchema>(schemaKey(ctx));
  return s && stamp && s.stamp === stamp ? s : null;
}

/** Rebuilds the schema: Spreadsheets.get (ids, sizes, zone) and one batchGet of every header row. */
export function buildSchema(ctx: AppContext, props: PlaneProps): PlaneSchema {
  let stamp = props.get(stampKey(ctx)) ?? '';
  if (!stamp) {
    stamp = newStamp(ctx);
    props.set(stampKey(ctx), stamp);
  }
  const id = ctx.spreadsheetId();
  const meta = ctx.services.Sheets.Spreadsheets.get(id, {
    fields: 'properties.timeZone,sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))',
  }) as unknown as {
    properties: { timeZone: string };
    sheets: Array<{ properties: { sheetId?: number; title: string; gridProperties?: { rowCount?: number; columnCount?: number } } }>;
  };
  // Only the tabs Handoff reads or writes: the property must stay under Apps Script's 9 KB per value.
  const sheets = meta.sheets.map((s) => s.properties).filter((s) => PLANE_TABS.includes(s.title));
  const heads = ctx.services.Sheets.Spreadsheets.Values.batchGet(id, {
    ranges: sheets.map((s) => `${quoteTab(s.title)}!1:1`),
    valueRenderOption: 'UNFORMATTED_VALUE',
  }) as unknown as { valueRanges?: Array<{ values?: unknown[][] }> };
  const tabs: Record<string, TabSchema> = {};
  sheets.forEach((s, i) => {
    const row = (heads.valueRanges?.[i]?.values?.[0] ?? []).map((v) => cellText(v).trim());
    while (row.length && row[row.length - 1] === '') row.pop();
    tabs[s.title] = {
      sheetId: s.sheetId ?? 0,
      headers: row,
      dates: row.map(isDateHeader),
      rowCount: s.gridProperties?.rowCount ?? 1000,
      columnCount: s.gridProperties?.columnCount ?? 26,
    };
  });
  const schema: PlaneSchema = { stamp, tz: meta.properties.timeZone, tabs };
  props.set(schemaKey(ctx), JSON.stringify(schema));
  return schema;
}

/**
 * The schema with columns added to the right of tabs' header rows (staged in a ChangeSet, or just written): a
 * copy, the cached one is left as it is. Each added column widens the grid by one (changeset.ts columnRequests).
 */
export function withColumns(schema: PlaneSchema, columns: ReadonlyMap<string, readonly string[]>): PlaneSchema {
  if (columns.size === 0) return schema;
  const tabs = { ...schema.tabs };
  for (const [tab, names] of columns) {
    const t = tabs[tab];
    if (!t || names.length === 0) continue;
    const headers = [...t.headers, ...names];
    tabs[tab] = { ...t, headers, dates: headers.map(isDateHeader), columnCount: t.columnCount + names.length };
  }
  return { ...schema, tabs };
}

/** 1-based column of a header in a tab (case- and space-insensitive), or 0. */
export function columnOf(tab: TabSchema, header: string): number {
  const k = headerKey(header);
  return tab.headers.findIndex((h) => headerKey(h) === k) + 1;
}

/**
 * The simple onEdit trigger's part: a hand edit of Config, Directory or any header row bumps the stamp, so no
 * cached copy of them is used again. Runs in a simple trigger (limited authorization): properties only. Edits made
 * by scripts (ours bump the stamp themselves) and through other APIs do not fire it; the header rows are also
 * checked on every read (snapshot.ts), and cached copies expire within 6 hours.
 */
export function stampOnEdit(ctx: AppContext, e: { range?: { getRow(): number; getSheet(): { getName(): string } } } | undefined): boolean {
  const range = e?.range;
  if (!range) return false;
  const tab = range.getSheet().getName();
  if (tab !== 'Config' && tab !== 'Directory' && range.getRow() !== 1) return false;
  bumpStamp(ctx);
  return true;
}
