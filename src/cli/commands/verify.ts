/**
 * `handoff verify [FILE]`: recomputes the Audit tab's hash chain offline, with core's chain code and the add-on's
 * own row decoding (AuditStore.toEvent), and names the first bad row. FILE is an export (jsonl or csv, from
 * `handoff export --tab Audit`); without one, the Audit tab is read through the Sheets API and checked here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { verifyChain } from '../../core';
import { AuditStore } from '../../gas/store/audit';
import type { CellValue } from '../../gas/sheet/values';
import { clients, type Ctx, spreadsheetId } from '../context';
import { parseCsv } from '../csv';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { progressBar } from '../progress';
import { readTab, records, tabInfo, type TabRecord } from '../sheet/reader';
import { DATE_COLUMNS } from '../sheet/tabs';
import { pageOptions } from './export';

/** Rows of an export file, with where each came from (`line N`). */
export function fileRecords(text: string, name: string): Array<TabRecord & { where: string }> {
  if (name.endsWith('.csv')) {
    const rows = parseCsv(text);
    const header = rows[0] ?? [];
    return rows.slice(1).map((r, i) => ({
      row: i + 2,
      where: `line ${i + 2} of ${name}`,
      values: Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])),
    }));
  }
  const out: Array<TabRecord & { where: string }> = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new CliError(`${name}:${i + 1}: not a JSON line (export with --format jsonl).`, EXIT.USAGE);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v))
      throw new CliError(`${name}:${i + 1}: each line must be a JSON object.`, EXIT.USAGE);
    out.push({ row: out.length + 2, where: `line ${i + 1} of ${name}`, values: v as TabRecord['values'] });
  });
  return out;
}

export function checkAudit(recs: Array<TabRecord & { where?: string }>): { ok: boolean; message: string } {
  if (recs.length > 0 && !('Hash' in recs[0]!.values))
    throw new CliError('These rows have no "Hash" column: verify the Audit tab (export --tab Audit).', EXIT.USAGE);
  const rows = recs.map((r) => {
    try {
      return AuditStore.toEvent(r.values as Record<string, CellValue>, r.row);
    } catch (e) {
      throw new CliError(`${r.where ?? `Row ${r.row} of the Audit tab`}: ${e instanceof Error ? e.message : String(e)}`, EXIT.PROBLEMS);
    }
  });
  const check = verifyChain(rows);
  if (check.ok)
    return { ok: true, message: `The audit log is intact: ${rows.length} row${rows.length === 1 ? '' : 's'} checked, every hash matches.` };
  const bad = recs[check.index]!;
  const seq = rows[check.index]!.seq || '?';
  const why = /previous hash/.test(check.reason)
    ? 'it does not follow the row before it (a row was removed, inserted or re-ordered, or its "Prev hash" was changed)'
    : 'its content does not match its hash (it was altered)';
  const where = bad.where ? `${bad.where} (Audit row ${bad.row}, Seq ${seq})` : `row ${bad.row} of the Audit tab (Seq ${seq})`;
  return { ok: false, message: `The audit log was altered at ${where}: ${why}. Rows before it are intact.` };
}

export async function verify(c: Ctx): Promise<ExitCode> {
  let recs: Array<TabRecord & { where?: string }>;
  const file = c.args[0];
  if (file) {
    let text: string;
    try {
      text = readFileSync(resolve(c.cwd, file), 'utf8');
    } catch (e) {
      throw new CliError(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, EXIT.USAGE);
    }
    recs = fileRecords(text, file);
  } else {
    const { sheets } = await clients(c);
    const id = spreadsheetId(c);
    const info = await tabInfo(sheets, id, 'Audit');
    const bar = progressBar(c.io, 'Audit');
    const rows = await readTab(sheets, id, info, { ...pageOptions(c.env), progress: (d, t) => bar.update(d, t) });
    bar.done();
    recs = records(rows, DATE_COLUMNS.Audit, info.timeZone);
  }
  const r = checkAudit(recs);
  (r.ok ? c.io.out : c.io.err)(r.message);
  return r.ok ? EXIT.OK : EXIT.PROBLEMS;
}
