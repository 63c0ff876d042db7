/** The spreadsheets as plain JSON (the workspace's persistence): Dates tagged, cells compact. */
import type { SpreadsheetEnv } from './env';
import { SheetData, SpreadsheetData, type MetadataData, type ProtectionData, type StyleRecord } from './model';
import { isDate, type Cell } from './values';

export function sheetsToJson(env: SpreadsheetEnv): SheetsState {
  return {
    counter: env.counter,
    activeId: env.activeId,
    spreadsheets: [...env.spreadsheets.values()].map((ss) => ({
      id: ss.id,
      name: ss.name,
      owner: ss.owner,
      timeZone: ss.timeZone,
      editors: [...ss.editors],
      viewers: [...ss.viewers],
      formUrl: ss.formUrl,
      activeSheetId: ss.activeSheetId,
      nextSheetId: ss.nextSheetId,
      nextObjectId: ss.nextObjectId,
      protections: JSON.parse(JSON.stringify(ss.protections)) as ProtectionData[],
      metadata: JSON.parse(JSON.stringify(ss.metadata)) as MetadataData[],
      sheets: ss.sheets.map((s) => ({
        sheetId: s.sheetId,
        name: s.name,
        hidden: s.hidden,
        frozenRows: s.frozenRows,
        frozenColumns: s.frozenColumns,
        formUrl: s.formUrl,
        maxRows: s.maxRows,
        maxColumns: s.maxColumns,
        tabColor: s.tabColor,
        styles: JSON.parse(JSON.stringify(s.styles)) as StyleRecord[],
        rows: s.rows.map((r) => (r ? r.map(cellToJson) : null)),
      })),
    })),
  };
}

export function restoreSheets(env: SpreadsheetEnv, state: SheetsState): void {
  env.spreadsheets.clear();
  env.counter = state.counter;
  for (const j of state.spreadsheets) {
    const ss = new SpreadsheetData(j.id, j.name, j.owner, j.timeZone);
    Object.assign(ss, {
      editors: j.editors,
      viewers: j.viewers,
      formUrl: j.formUrl,
      activeSheetId: j.activeSheetId,
      nextSheetId: j.nextSheetId,
      nextObjectId: j.nextObjectId,
      protections: j.protections,
      metadata: j.metadata,
    });
    ss.sheets = j.sheets.map((sj) => {
      const d = new SheetData(sj.sheetId, sj.name, sj.maxRows, sj.maxColumns);
      Object.assign(d, {
        hidden: sj.hidden,
        frozenRows: sj.frozenRows,
        frozenColumns: sj.frozenColumns,
        formUrl: sj.formUrl,
        tabColor: sj.tabColor,
        styles: sj.styles,
      });
      d.rows = sj.rows.map((r) => (r ? r.map(cellFromJson) : undefined));
      return d;
    });
    env.spreadsheets.set(ss.id, ss);
  }
  env.activeId = state.activeId;
}

type CellJson = { v?: string | number | boolean | { $date: number }; f?: string; nf?: string; q?: boolean; dv?: Cell['dv'] } | null;

function cellToJson(c: Cell | undefined): CellJson {
  if (!c) return null;
  const out: NonNullable<CellJson> = {};
  if (c.v !== undefined) out.v = isDate(c.v) ? { $date: c.v.getTime() } : c.v;
  if (c.f !== undefined) out.f = c.f;
  if (c.nf !== undefined) out.nf = c.nf;
  if (c.q) out.q = true;
  if (c.dv) out.dv = c.dv;
  return out;
}

function cellFromJson(j: CellJson): Cell | undefined {
  if (!j) return undefined;
  const c: Cell = {};
  if (j.v !== undefined) c.v = typeof j.v === 'object' ? new Date(j.v.$date) : j.v;
  if (j.f !== undefined) c.f = j.f;
  if (j.nf !== undefined) c.nf = j.nf;
  if (j.q) c.q = true;
  if (j.dv) c.dv = j.dv;
  return c;
}

export interface SheetsState {
  counter: number;
  activeId: string | null;
  spreadsheets: Array<{
    id: string;
    name: string;
    owner: string;
    timeZone: string;
    editors: string[];
    viewers: string[];
    formUrl: string | null;
    activeSheetId: number;
    nextSheetId: number;
    nextObjectId: number;
    protections: ProtectionData[];
    metadata: MetadataData[];
    sheets: Array<{
      sheetId: number;
      name: string;
      hidden: boolean;
      frozenRows: number;
      frozenColumns: number;
      formUrl: string | null;
      maxRows: number;
      maxColumns: number;
      tabColor: string | null;
      styles: StyleRecord[];
      rows: Array<CellJson[] | null>;
    }>;
  }>;
}
