/**
 * `handoff export --tab Requests|Audit --format csv|jsonl [--archives] [--out FILE]`: every row of the tab, read in
 * pages through values.batchGet with a progress bar on stderr, written to stdout or FILE. Dates are ISO instants.
 * --archives first exports the same tab of each yearly archive spreadsheet, oldest first. The archives are found
 * through the add-on's handoffCapacity() (its `archives: [{ id, name }]`, from the links Config holds), so
 * --archives needs --script too, and a build of Handoff that has archives.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { clients, type Ctx, scriptId, spreadsheetId } from '../context';
import { csvLine } from '../csv';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { progressBar } from '../progress';
import { runFunction } from '../remote';
import { readTab, records, tabInfo } from '../sheet/reader';
import { DATE_COLUMNS, EXPORT_TABS, type ExportTab } from '../sheet/tabs';

export interface Archive {
  id: string;
  name: string;
}

export function pageOptions(env: NodeJS.ProcessEnv): { pageRows: number; pagesPerCall: number } {
  const rows = Number(env.HANDOFF_EXPORT_PAGE_ROWS ?? '');
  return { pageRows: Number.isInteger(rows) && rows > 0 ? rows : 1000, pagesPerCall: 5 };
}

export async function archivesOf(c: Ctx): Promise<Archive[]> {
  const { script } = await clients(c);
  let cap: { archives?: Archive[] };
  try {
    cap = await runFunction<{ archives?: Archive[] }>(script, scriptId(c), 'handoffCapacity', []);
  } catch (e) {
    if (e instanceof CliError && e.exitCode === EXIT.NOT_FOUND && /not found: handoffCapacity/.test(e.message))
      throw new CliError('--archives needs a Handoff build with yearly archives (handoffCapacity); this script has none.', EXIT.USAGE);
    throw e;
  }
  return [...(cap?.archives ?? [])].sort((a, b) => a.name.localeCompare(b.name));
}

export async function exportTab(c: Ctx): Promise<ExitCode> {
  const tab = c.opts.tab as ExportTab | undefined;
  if (!tab || !EXPORT_TABS.includes(tab)) throw new CliError(`--tab must be ${EXPORT_TABS.join(' or ')}.`, EXIT.USAGE);
  const format = c.opts.format;
  if (format !== 'csv' && format !== 'jsonl') throw new CliError('--format must be csv or jsonl.', EXIT.USAGE);
  const live = spreadsheetId(c);
  const sources: Array<{ id: string; name: string }> = [];
  if (c.opts.archives) sources.push(...(await archivesOf(c)));
  sources.push({ id: live, name: 'live' });

  const { sheets } = await clients(c);
  let file: WriteStream | null = null;
  const write = (line: string) => (file ? file.write(`${line}\n`) : c.io.out(line));
  if (c.opts.out) file = createWriteStream(resolve(c.cwd, c.opts.out));
  let header: string[] | null = null;
  let total = 0;
  try {
    for (const src of sources) {
      const info = await tabInfo(sheets, src.id, tab);
      const bar = progressBar(c.io, `${tab}${src.name === 'live' ? '' : ` (${src.name})`}`);
      const rows = await readTab(sheets, src.id, info, { ...pageOptions(c.env), progress: (d, t) => bar.update(d, t) });
      bar.done();
      const recs = records(rows, DATE_COLUMNS[tab], info.timeZone);
      if (!header) {
        header = (rows[0] ?? []).map((h) => String(h).trim()).filter(Boolean);
        if (format === 'csv') write(csvLine(header));
      }
      for (const r of recs) write(format === 'csv' ? csvLine(header.map((h) => r.values[h] ?? '')) : JSON.stringify(r.values));
      total += recs.length;
    }
  } finally {
    if (file) await new Promise<void>((done) => file!.end(done));
  }
  c.io.err(`Exported ${total.toLocaleString('en-US')} ${tab} row${total === 1 ? '' : 's'}${c.opts.out ? ` to ${c.opts.out}` : ''}.`);
  return EXIT.OK;
}
