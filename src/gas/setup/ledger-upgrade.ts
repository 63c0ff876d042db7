/**
 * Set up / repair shortens an Intake log written by an earlier version (Response ID, Form, Request, Received,
 * Updated, Status, Edit link, Note) to this version's (Response ID, Request, Edit link, Note), in place and with
 * nothing lost: what a row held in the columns that go (they repeat its Requests row: the request's times and state;
 * and the form, which its link knows) is kept as text at the end of its Note, then those cells are emptied (one write
 * per chunk of rows) and the columns deleted. Emptied cells are never folded twice, so a repair stopped between its
 * writes continues where it stopped.
 */
import { OLD_INTAKE_LOG_ONLY } from '../intake/tabs';
import { headerKey, readHeaders } from '../sheet/table';
import { cellText, MAX_CELL_CHARS, textCell, type CellValue } from '../sheet/values';
import { deleteColumnRuns, UPGRADE_CHUNK } from './audit-upgrade';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Shortens the tab when it has an earlier version's columns: rows whose Note took their cells, columns removed. */
export function upgradeIntakeLog(sheet: Sheet): { rows: number; columns: number } | null {
  const headers = readHeaders(sheet);
  const col = (h: string) => headers.findIndex((x) => headerKey(x) === headerKey(h));
  const old = OLD_INTAKE_LOG_ONLY.map((h) => ({ h, i: col(h) })).filter((c) => c.i >= 0);
  const noteCol = col('Note');
  if (old.length === 0 || noteCol < 0) return null;
  const last = sheet.getLastRow();
  const values = last >= 2 ? (sheet.getSheetValues(2, 1, last - 1, headers.length) as CellValue[][]) : [];
  let folded = 0;
  const out = values.map((cells) => {
    const row = headers.map((_, j) => {
      const v = (cells[j] ?? '') as CellValue;
      return typeof v === 'string' ? textCell(v) : v;
    });
    const parts = old.map(({ h, i }) => [h, cellText(cells[i])]).filter(([, v]) => v !== '');
    if (parts.length === 0) return row;
    const note = cellText(cells[noteCol]);
    const kept = `(earlier columns: ${parts.map(([h, v]) => `${h} ${v}`).join(', ')})`;
    row[noteCol] = textCell((note ? `${note} ${kept}` : kept).slice(0, MAX_CELL_CHARS - 2));
    for (const { i } of old) row[i] = '';
    folded += 1;
    return row;
  });
  for (let start = 0; start < out.length; start += UPGRADE_CHUNK) {
    const chunk = out.slice(start, start + UPGRADE_CHUNK);
    if (chunk.length) sheet.getRange(start + 2, 1, chunk.length, headers.length).setValues(chunk);
  }
  deleteColumnRuns(
    sheet,
    old.map((c) => c.i),
  );
  return { rows: folded, columns: old.length };
}
