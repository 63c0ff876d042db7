/**
 * `handoff export --tab Requests|Audit --format csv|jsonl [--archives] [--out FILE]`: every row of the tab, read in
 * pages through values.batchGet with a progress bar on stderr, written to stdout or FILE. Dates are ISO instants.
 * Without --archives the rows come in the tab's order. --archives also reads the same tab of every yearly archive
 * the Config tab links (sheet/archives.ts) and writes the rows of all of them as one list: each request (by ID) or
 * Audit row (by Seq) once, the live copy when a batch is between its copy and its delete, in a stable order
 * (Requests by Created then ID, Audit by Seq: the chain's order, which `handoff verify FILE` checks from genesis).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { clients, type Ctx, spreadsheetId } from '../context';
import { csvLine } from '../csv';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { progressBar } from '../progress';
import { archivesOf } from '../sheet/archives';
import { type Cell, readTab, records, tabInfo, type TabRecord } from '../sheet/reader';
import { DATE_COLUMNS, EXPORT_TABS, type ExportTab } from '../sheet/tabs';

export function pageOptions(env: NodeJS.ProcessEnv): { pageRows: number; pagesPerCall: number } {
  const rows = Number(env.HANDOFF_EXPORT_PAGE_ROWS ?? '');
  return { pageRows: Number.isInteger(rows) && rows > 0 ? rows : 1000, pagesPerCall: 5 };
}

/** What identifies a row across the live tab and the archives. */
export const ROW_KEY: Record<ExportTab, string> = { Requests: 'ID', Audit: 'Seq' };

export interface Segment {
  /** The spreadsheet's name ("Handoff archive 2026", or the live workbook's). */
  name: string;
  live: boolean;
  header: string[];
  records: TabRecord[];
}

const text = (v: Cell | undefined): string => (v === undefined || v === null ? '' : String(v));

function compareRows(tab: ExportTab, a: TabRecord, b: TabRecord): number {
  if (tab === 'Audit') return (Number(a.values.Seq) || 0) - (Number(b.values.Seq) || 0);
  const created = text(a.values.Created).localeCompare(text(b.values.Created));
  return created || text(a.values.ID).localeCompare(text(b.values.ID), 'en', { numeric: true });
}

/**
 * The live tab and the archives' → one list: the live header's columns first (then any an archive alone has), each
 * key once (the live copy wins; rows without a key are kept), sorted stably. `doubled`: rows dropped as copies.
 */
export function mergeSegments(tab: ExportTab, segments: readonly Segment[]): { header: string[]; rows: TabRecord[]; doubled: number } {
  const ordered = [...segments.filter((s) => !s.live), ...segments.filter((s) => s.live)];
  const header: string[] = [];
  for (const s of [...ordered].reverse()) for (const h of s.header) if (h && !header.includes(h)) header.push(h);
  const byKey = new Map<string, TabRecord>();
  const keyless: TabRecord[] = [];
  let doubled = 0;
  for (const s of ordered)
    for (const r of s.records) {
      const key = text(r.values[ROW_KEY[tab]]).trim();
      if (!key) keyless.push(r);
      else {
        if (byKey.has(key)) doubled += 1;
        byKey.set(key, r);
      }
    }
  const rows = [...byKey.values(), ...keyless].sort((a, b) => compareRows(tab, a, b));
  return { header, rows, doubled };
}

export async function exportTab(c: Ctx): Promise<ExitCode> {
  const tab = c.opts.tab as ExportTab | undefined;
  if (!tab || !EXPORT_TABS.includes(tab)) throw new CliError(`--tab must be ${EXPORT_TABS.join(' or ')}.`, EXIT.USAGE);
  const format = c.opts.format;
  if (format !== 'csv' && format !== 'jsonl') throw new CliError('--format must be csv or jsonl.', EXIT.USAGE);
  const live = spreadsheetId(c);
  const { sheets } = await clients(c);
  const paging = pageOptions(c.env);
  const sources: Array<{ id: string; name: string; live: boolean }> = [];
  if (c.opts.archives) sources.push(...(await archivesOf(sheets, live, paging)).map((a) => ({ ...a, live: false })));
  sources.push({ id: live, name: 'live', live: true });

  const segments: Segment[] = [];
  for (const src of sources) {
    const info = await tabInfo(sheets, src.id, tab);
    const bar = progressBar(c.io, `${tab}${src.live ? '' : ` (${src.name})`}`);
    const rows = await readTab(sheets, src.id, info, { ...paging, progress: (d, t) => bar.update(d, t) });
    bar.done();
    segments.push({
      name: info.spreadsheet,
      live: src.live,
      header: (rows[0] ?? []).map((h) => String(h).trim()).filter(Boolean),
      records: records(rows, DATE_COLUMNS[tab], info.timeZone),
    });
  }
  const merged = c.opts.archives ? mergeSegments(tab, segments) : { header: segments[0]!.header, rows: segments[0]!.records, doubled: 0 };

  let file: WriteStream | null = null;
  const write = (line: string) => (file ? file.write(`${line}\n`) : c.io.out(line));
  if (c.opts.out) file = createWriteStream(resolve(c.cwd, c.opts.out));
  try {
    if (format === 'csv') write(csvLine(merged.header));
    for (const r of merged.rows) write(format === 'csv' ? csvLine(merged.header.map((h) => r.values[h] ?? '')) : JSON.stringify(r.values));
  } finally {
    if (file) await new Promise<void>((done) => file!.end(done));
  }
  const total = merged.rows.length;
  const archives = segments.length - 1;
  c.io.err(
    `Exported ${total.toLocaleString('en-US')} ${tab} row${total === 1 ? '' : 's'}${
      c.opts.archives ? ` from the live workbook and ${archives} archive${archives === 1 ? '' : 's'}` : ''
    }${c.opts.out ? ` to ${c.opts.out}` : ''}.${
      merged.doubled > 0
        ? ` ${merged.doubled} row${merged.doubled === 1 ? ' was' : 's were'} in an archive and the live tab (a move between its copy and its delete) and ${merged.doubled === 1 ? 'was' : 'were'} exported once.`
        : ''
    }`,
  );
  return EXIT.OK;
}
