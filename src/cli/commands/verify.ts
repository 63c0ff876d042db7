/**
 * `handoff verify [FILE]`: recomputes the Audit tab's hash chain offline, with core's chain code and the add-on's
 * own row decoding (AuditStore.toEvent), and names the first bad row. FILE is an export (jsonl or csv, from
 * `handoff export --tab Audit [--archives]`), checked in its order from genesis. Without one, the Audit tab is read
 * through the Sheets API with the Audit tab of every yearly archive the Config tab links, and checked as one chain
 * across them (core's verifySegments, as the panel's Verify audit log); the first bad row is named with its
 * spreadsheet, and an archive that cannot be read is named.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { sheets_v4 } from '@googleapis/sheets';
import { verifyChain } from '../../core';
import { type ChainSegment, verifySegments } from '../../core/archive/verify';
import { type AuditEntry, parseAuditRecord } from '../../gas/store/audit-rows';
import { clients, type Ctx, spreadsheetId } from '../context';
import { parseCsv } from '../csv';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { progressBar } from '../progress';
import { archivesOf } from '../sheet/archives';
import { readTab, records, tabInfo, type TabRecord } from '../sheet/reader';
import { DATE_COLUMNS } from '../sheet/tabs';
import { pageOptions } from './export';

type Sheets = sheets_v4.Sheets;

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
      return parseAuditRecord(r.values, r.row);
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
    ? 'it does not follow the row before it (a row was removed, inserted or re-ordered, or its previous hash was changed)'
    : 'its content does not match its hash (it was altered)';
  const where = bad.where ? `${bad.where} (Audit row ${bad.row}, Seq ${seq})` : `row ${bad.row} of the Audit tab (Seq ${seq})`;
  return { ok: false, message: `The audit log was altered at ${where}: ${why}. Rows before it are intact.` };
}

/**
 * An export file's rows, checked in file order from genesis. An export of the live tab alone (without --archives)
 * misses the Seqs that moved to the archives: the first gap is named as such instead of as a broken link.
 */
export function checkFile(recs: Array<TabRecord & { where: string }>): { ok: boolean; message: string } {
  let want = 1;
  for (const r of recs) {
    if (!('Seq' in r.values)) break;
    const seq = Number(r.values.Seq);
    if (!Number.isInteger(seq) || seq < want) break; // re-ordered or doubled: the chain check names it
    if (seq > want)
      return {
        ok: false,
        message: `${r.where} holds Seq ${seq}, but Seq ${want}${seq - 1 > want ? ` to ${seq - 1} are` : ' is'} not in the file: removed, or moved to a yearly archive with their requests; export with --archives to check the whole chain.`,
      };
    want = seq + 1;
  }
  return checkAudit(recs);
}

const plural = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/** One chain across the live Audit tab and every archive's (core's verifySegments, as the panel's Verify audit log). */
export function checkSegments(segments: ReadonlyArray<{ name: string; recs: TabRecord[] }>): { ok: boolean; message: string } {
  const chain: ChainSegment[] = segments.map((s) => ({
    name: s.name,
    rows: s.recs.map((r) => {
      let e: AuditEntry;
      try {
        e = parseAuditRecord(r.values, r.row);
      } catch (err) {
        throw new CliError(
          `Row ${r.row} of the Audit tab in "${s.name}": ${err instanceof Error ? err.message : String(err)}`,
          EXIT.PROBLEMS,
        );
      }
      return { row: r.row, seq: e.seq, requestId: e.event.requestId, prevHash: e.prevHash, hash: e.hash, event: e.event };
    }),
  }));
  const check = verifySegments(chain);
  const archives = segments.length - 1;
  if (check.ok)
    return {
      ok: true,
      message: `The audit log is intact: ${plural(check.count, 'row')} checked in the live workbook and ${plural(archives, 'archive')}, every hash matches.`,
    };
  return {
    ok: false,
    message: `The audit log was altered at row ${check.row} of the Audit tab in "${check.segment}" (Seq ${check.seq}): ${check.reason}. Rows before it in the chain are intact.`,
  };
}

async function readAudit(c: Ctx, sheets: Sheets, id: string, label: string): Promise<{ name: string; recs: TabRecord[] }> {
  const info = await tabInfo(sheets, id, 'Audit');
  const bar = progressBar(c.io, label);
  const rows = await readTab(sheets, id, info, { ...pageOptions(c.env), progress: (d, t) => bar.update(d, t) });
  bar.done();
  return { name: info.spreadsheet, recs: records(rows, DATE_COLUMNS.Audit, info.timeZone) };
}

export async function verify(c: Ctx): Promise<ExitCode> {
  let r: { ok: boolean; message: string };
  const file = c.args[0];
  if (file) {
    let text: string;
    try {
      text = readFileSync(resolve(c.cwd, file), 'utf8');
    } catch (e) {
      throw new CliError(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, EXIT.USAGE);
    }
    r = checkFile(fileRecords(text, file));
  } else {
    const { sheets } = await clients(c);
    const id = spreadsheetId(c);
    const archives = await archivesOf(sheets, id, pageOptions(c.env));
    const segments: Array<{ name: string; recs: TabRecord[] }> = [];
    for (const a of archives) {
      try {
        segments.push(await readAudit(c, sheets, a.id, `Audit (${a.name})`));
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new CliError(
          `The audit log cannot be verified: the archive "${a.name}" (${a.id}) cannot be read. ${why}`,
          e instanceof CliError ? e.exitCode : EXIT.PROBLEMS,
        );
      }
    }
    const live = await readAudit(c, sheets, id, 'Audit');
    r = archives.length === 0 ? checkAudit(live.recs) : checkSegments([...segments, live]);
  }
  (r.ok ? c.io.out : c.io.err)(r.message);
  return r.ok ? EXIT.OK : EXIT.PROBLEMS;
}
