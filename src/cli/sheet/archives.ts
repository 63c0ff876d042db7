/**
 * The yearly archives of a governed spreadsheet, found where the add-on links them: the Config tab's rows with
 * Workflow "(archive)" and Status "archive", the archive's spreadsheet id in "Hash" and its year and part in the
 * JSON "Definition" (docs/archives.md; the add-on's own reader is src/gas/archive/registry.ts). Reading Config
 * through the Sheets API needs only read access to the spreadsheet, not the script: `export --archives` and `verify`
 * work for anyone who may read the workbook and its archives.
 */
import type { sheets_v4 } from '@googleapis/sheets';
import { type PageOptions, readTab, records, tabInfo, type Cell } from './reader';

export const ARCHIVE_WORKFLOW = '(archive)';

export interface ArchiveRef {
  id: string;
  name: string;
  year: number;
  /** 1 for "Handoff archive 2026", 2 for "Handoff archive 2026 (2)", ... */
  part: number;
}

const text = (v: Cell | undefined): string => (v === undefined || v === null ? '' : String(v)).trim();

function definition(v: Cell | undefined): Record<string, unknown> {
  try {
    const j = JSON.parse(text(v) || '{}') as unknown;
    return j && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Config rows (as records) → the archives they link, oldest first (year, then part, then name). */
export function archiveRefs(config: ReadonlyArray<{ values: Record<string, Cell> }>): ArchiveRef[] {
  const out: ArchiveRef[] = [];
  const seen = new Set<string>();
  for (const r of config) {
    if (text(r.values.Workflow) !== ARCHIVE_WORKFLOW || text(r.values.Status) !== 'archive') continue;
    const id = text(r.values.Hash);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const d = definition(r.values.Definition);
    out.push({ id, name: text(r.values.Name) || id, year: count(d.year), part: count(d.part) || 1 });
  }
  return out.sort((a, b) => a.year - b.year || a.part - b.part || a.name.localeCompare(b.name));
}

/** The archives the live spreadsheet's Config tab links (one spreadsheets.get and one batchGet of Config). */
export async function archivesOf(sheets: sheets_v4.Sheets, spreadsheetId: string, o: PageOptions): Promise<ArchiveRef[]> {
  const info = await tabInfo(sheets, spreadsheetId, 'Config');
  return archiveRefs(records(await readTab(sheets, spreadsheetId, info, o), [], info.timeZone));
}
