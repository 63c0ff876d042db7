/**
 * Set up / repair upgrades an Audit tab written by an earlier version (the wide layout: one column per event
 * field, 22 in all) to the compact one (Seq, At, Request, Action, Details, Hash: src/gas/store/audit-rows.ts), in
 * place, under set-up's lock, with nothing lost:
 *   1. one read of the tab; every wide row is parsed and re-encoded compact with its own Seq, At, Request, Action,
 *      key, previous hash and Hash. Before anything is written, each new row must read back to exactly the event the
 *      old one held (canonical JSON), so every hash stays what it was: an intact chain stays intact, and a row that
 *      was altered before the upgrade still fails verification. A row that cannot be carried over (damaged JSON, or
 *      an event too long for one cell) stops the upgrade with nothing written, and set-up names it;
 *   2. the rows are written back in chunks (the wide-only cells blanked in the same write; operators' own columns
 *      keep their cells). A row is read as wide or compact by its own "Prev hash" cell, so a repair stopped between
 *      chunks leaves a readable tab, and the next one continues;
 *   3. when no wide row is left, the wide-only columns are deleted (one call per run of adjacent columns).
 */
import { canonicalJson } from '../../core/util/canonical-json';
import { headerKey, readHeaders } from '../sheet/table';
import { AUDIT, WIDE_AUDIT_ONLY } from '../sheet/tabs';
import { cellText, readBack, textCell, type CellValue } from '../sheet/values';
import { compactRecord, isWideHeader, parseAuditCells, parseAuditRecord } from '../store/audit-rows';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Rows per write. */
export const UPGRADE_CHUNK = 2_000;

export interface AuditUpgrade {
  /** Rows rewritten in the compact layout. */
  rows: number;
  /** Wide-only columns removed. */
  columns: number;
  /** Why nothing was written (a row that cannot be carried over), else null. */
  problem: string | null;
}

const quote = (v: CellValue): CellValue => (typeof v === 'string' ? textCell(v) : v);

/** Upgrades the sheet when its header is the wide layout's; null when there is nothing to do. */
export function upgradeAudit(sheet: Sheet): AuditUpgrade | null {
  const headers = readHeaders(sheet);
  if (!isWideHeader(headers)) return null;
  const col = (h: string) => headers.findIndex((x) => headerKey(x) === headerKey(h));
  const wideOnly = WIDE_AUDIT_ONLY.map(col).filter((i) => i >= 0);
  const prevCol = col('Prev hash');
  const detailsCol = col('Details');
  const last = sheet.getLastRow();
  const values = last >= 2 ? (sheet.getSheetValues(2, 1, last - 1, headers.length) as CellValue[][]) : [];

  const out: CellValue[][] = [];
  let rewritten = 0;
  for (let i = 0; i < values.length; i++) {
    const cells = values[i] as CellValue[];
    const row = i + 2;
    const copy = headers.map((_, j) => quote((cells[j] ?? '') as CellValue));
    if (cellText(cells[prevCol]) === '') {
      out.push(copy); // already compact (an earlier, interrupted upgrade, or a row this version appended)
      continue;
    }
    let entry: ReturnType<typeof parseAuditCells>;
    try {
      entry = parseAuditCells(headers, cells, row);
    } catch (e) {
      return {
        rows: 0,
        columns: 0,
        problem: `${e instanceof Error ? e.message : String(e)} The Audit tab keeps its earlier layout until that row is fixed; nothing was changed.`,
      };
    }
    const rec = compactRecord(entry.seq, entry.key, entry.event, entry.prevHash);
    const back = parseAuditRecord(
      { ...Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, readBack(v)])), At: cells[col('At')] ?? '' },
      row,
    );
    if (canonicalJson(back.event) !== canonicalJson(entry.event) || back.key !== entry.key || back.prevHash !== entry.prevHash)
      return {
        rows: 0,
        columns: 0,
        problem: `Audit: row ${row} (Seq ${entry.seq}) holds more than one cell of the new layout can (its event is over 50,000 characters), so the tab keeps its earlier layout; nothing was changed.`,
      };
    for (const j of wideOnly) copy[j] = '';
    copy[detailsCol] = rec.Details as CellValue;
    out.push(copy);
    rewritten += 1;
  }
  for (let start = 0; start < out.length; start += UPGRADE_CHUNK) {
    const chunk = out.slice(start, start + UPGRADE_CHUNK);
    sheet.getRange(start + 2, 1, chunk.length, headers.length).setValues(chunk);
  }
  deleteColumnRuns(sheet, wideOnly);
  return { rows: rewritten, columns: wideOnly.length, problem: null };
}

/** Set-up's lines for an upgrade. */
export function upgradeLines(u: AuditUpgrade): string[] {
  return [
    `${AUDIT.name}: ${u.rows.toLocaleString('en-US')} row${u.rows === 1 ? '' : 's'} rewritten in the compact layout (Seq, At, Request, Action, Details, Hash); every hash is unchanged`,
    `${AUDIT.name}: removed the earlier layout's ${u.columns} columns`,
  ];
}

/** Deletes columns (0-based indexes), right to left, one call per run of adjacent ones. */
export function deleteColumnRuns(sheet: Sheet, indexes: readonly number[]): void {
  const cols = [...new Set(indexes)].sort((a, b) => b - a);
  let k = 0;
  while (k < cols.length) {
    let n = 1;
    while (k + n < cols.length && cols[k + n] === (cols[k] as number) - n) n++;
    sheet.deleteColumns((cols[k + n - 1] as number) + 1, n);
    k += n;
  }
}
