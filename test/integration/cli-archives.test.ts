/**
 * `handoff export --archives` and `handoff verify` against real yearly archives: closed requests in the playground
 * (the real dist/Code.js), a retention of one day, the clock moved on so the owner's timer run archives them; then
 * the built command with the real googleapis client over the playground's REST Sheets API.
 */
import { alteredDetails } from '../support/audit-view';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../src/cli/csv';
import { EXIT } from '../../src/cli/exit-codes';
import { Playground } from '../../src/local/server/playground';
import { DEMO_OWNER } from '../../src/local/server/demo';
import { tempDir } from '../unit/cli/helpers';
import { serve, type Running } from '../unit/server/helpers';
import { runHandoff } from './handoff-process';

const DIST = join(__dirname, '../../dist');
const DAY = 86_400_000;
const RITA = 'rita@acme.test';
const MAX = 'max@acme.test';
jest.setTimeout(240_000);

type Row = Record<string, string>;
const asRecords = (values: unknown[][]): Row[] => {
  const [head, ...body] = values;
  return body
    .filter((r) => r.some((v) => v !== '' && v !== null && v !== undefined))
    .map((r) => Object.fromEntries((head ?? []).map((h, i) => [String(h), String(r[i] ?? '')])));
};
const progress = (l: string) => /^Audit|^Requests|^Config/.test(l) && /\[[#.]+\]/.test(l);

async function pageToken(base: string, as: string): Promise<string> {
  const html = await (await fetch(`${base}/tokens`, { method: 'POST', body: new URLSearchParams({ as }) })).text();
  const m = /<pre id="token">([^<]+)<\/pre>/.exec(html);
  if (!m) throw new Error(`no token on the page: ${html.slice(0, 300)}`);
  return m[1]!;
}

describe('handoff export --archives and verify across yearly archives', () => {
  let data: string;
  let work: string;
  let p: Playground;
  let srv: Running;
  let env: NodeJS.ProcessEnv;
  let archiveId: string;
  let archiveName: string;
  let closed: string[];

  const live = (tab: string): Row[] => asRecords(p.ws.sheets.get(p.spreadsheetId).values(tab));
  const archived = (tab: string): Row[] => asRecords(p.ws.sheets.get(archiveId).values(tab));

  beforeAll(async () => {
    data = tempDir('handoff-cliarch-data-');
    work = tempDir('handoff-cliarch-work-');
    p = await Playground.open({ distDir: DIST, dataDir: data });
    srv = await serve(p);
    env = {
      HANDOFF_GOOGLE_ENDPOINT: srv.base,
      HANDOFF_SPREADSHEET_ID: p.spreadsheetId,
      HANDOFF_TOKEN: await pageToken(srv.base, DEMO_OWNER),
      HANDOFF_EXPORT_PAGE_ROWS: '7',
    };
    // Four requests rejected by the manager (closed), then one left open so the live log's last row stays live.
    closed = [];
    for (const item of ['Chair', 'Monitor', 'Dock', 'Keyboard']) {
      const fields = { item, amount: 120, costCenter: 'Engineering', justification: 'desk' };
      const made = (await p.execute('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields }], RITA, 'script-run')) as {
        request: { id: string };
      };
      await p.execute(
        'handoffApplyAction',
        [{ requestId: made.request.id, expectedRevision: 1, action: { type: 'reject', comment: 'not this quarter' } }],
        MAX,
        'script-run',
      );
      closed.push(made.request.id);
    }
    const fields = { item: 'Lamp', amount: 40, costCenter: 'Engineering', justification: 'light' };
    await p.execute('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields }], RITA, 'script-run');
    await p.execute('handoffSetRetention', [1], DEMO_OWNER, 'script-run');
    await p.advance({ ms: 2 * DAY }); // the owner's timer runs send the mail, then archive what closed over a day ago
    const link = live('Config').find((r) => r.Workflow === '(archive)');
    if (!link) throw new Error(`no archive was made: ${JSON.stringify(p.ws.triggers.store.runs.slice(-3))}`);
    archiveId = link.Hash!;
    archiveName = link.Name!;
  });
  afterAll(async () => {
    await srv.close();
    await p.close();
    rmSync(data, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('the archive run moved the closed requests out of the live tabs', () => {
    expect(archiveName).toMatch(/^Handoff archive 2026$/);
    expect(archived('Requests').map((r) => r.ID)).toEqual(expect.arrayContaining(closed));
    expect(live('Requests').map((r) => r.ID)).not.toEqual(expect.arrayContaining([closed[0]]));
    expect(archived('Audit').length).toBeGreaterThanOrEqual(closed.length * 2);
  });

  it('export --archives returns every request and Audit row once, live and archived, in a stable order (jsonl and csv)', async () => {
    const ids = [...live('Requests'), ...archived('Requests')].map((r) => r.ID!);
    const j = await runHandoff(['export', '--tab', 'Requests', '--format', 'jsonl', '--archives'], { cwd: work, env });
    expect(j.err.filter((l) => !progress(l))).toEqual([`Exported ${ids.length} Requests rows from the live workbook and 1 archive.`]);
    const rows = j.out.map((l) => JSON.parse(l) as Row);
    expect(rows.map((r) => r.ID).sort()).toEqual([...ids].sort());
    expect(new Set(rows.map((r) => r.ID)).size).toBe(rows.length);
    const order = [...rows].sort((a, b) => a.Created!.localeCompare(b.Created!) || a.ID!.localeCompare(b.ID!));
    expect(rows.map((r) => r.ID)).toEqual(order.map((r) => r.ID));
    expect(rows.find((r) => r.ID === closed[0])).toEqual(
      expect.objectContaining({ State: 'rejected', Created: expect.stringMatching(/Z$/) }),
    );

    const c = await runHandoff(['export', '--tab', 'Requests', '--format', 'csv', '--archives'], { cwd: work, env });
    const [head, ...body] = parseCsv(c.out.join('\n'));
    expect(body.map((r) => r[head!.indexOf('ID')])).toEqual(rows.map((r) => r.ID));
    // Without --archives: the live tab only.
    const only = await runHandoff(['export', '--tab', 'Requests', '--format', 'jsonl'], { cwd: work, env });
    expect(only.out.map((l) => JSON.parse(l).ID)).toEqual(live('Requests').map((r) => r.ID));

    // Audit: every Seq once, 1..n, the chain's order; the same again on a second run.
    const seqs = [...live('Audit'), ...archived('Audit')].length;
    const a = await runHandoff(['export', '--tab', 'Audit', '--format', 'jsonl', '--archives', '--out', 'all.jsonl'], { cwd: work, env });
    expect(a.code).toBe(EXIT.OK);
    const text = readFileSync(join(work, 'all.jsonl'), 'utf8');
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => Number(JSON.parse(l).Seq)),
    ).toEqual(Array.from({ length: seqs }, (_, i) => i + 1));
    await runHandoff(['export', '--tab', 'Audit', '--format', 'jsonl', '--archives', '--out', 'again.jsonl'], { cwd: work, env });
    expect(readFileSync(join(work, 'again.jsonl'), 'utf8')).toBe(text);
    const csv = await runHandoff(['export', '--tab', 'Audit', '--format', 'csv', '--archives', '--out', 'all.csv'], { cwd: work, env });
    expect(csv.code).toBe(EXIT.OK);

    // The whole chain in one file verifies from genesis; the live tab's export alone says what is missing.
    expect((await runHandoff(['verify', 'all.jsonl'], { cwd: work, env })).out).toEqual([
      `The audit log is intact: ${seqs} rows checked, every hash matches.`,
    ]);
    expect((await runHandoff(['verify', 'all.csv'], { cwd: work, env })).code).toBe(EXIT.OK);
    await runHandoff(['export', '--tab', 'Audit', '--format', 'jsonl', '--out', 'live.jsonl'], { cwd: work, env });
    const part = await runHandoff(['verify', 'live.jsonl'], { cwd: work, env });
    expect(part.code).toBe(EXIT.PROBLEMS);
    const gap = archived('Audit')
      .map((r) => Number(r.Seq))
      .sort((x, y) => x - y)[0]!;
    expect(part.err).toEqual([
      expect.stringMatching(
        new RegExp(
          `^line \\d+ of live\\.jsonl holds Seq \\d+, but Seq ${gap} to \\d+ are not in the file: removed, or moved to a yearly archive with their requests; export with --archives to check the whole chain\\.$`,
        ),
      ),
    ]);
  });

  it('a request in both an archive and the live tab (a move between copy and delete) is exported once', async () => {
    const ss = p.ws.sheets.get(archiveId);
    const liveValues = p.ws.sheets.get(p.spreadsheetId).values('Requests');
    const copy = liveValues[liveValues.length - 1]!;
    const at = ss.values('Requests').length + 1;
    const sheet = ss.sheet('Requests');
    p.ws.kernel.meter.unmetered(() => sheet.insertRowsAfter(sheet.getMaxRows(), 1));
    ss.write('Requests', `A${at}`, [copy.map((v) => v as string)]);
    try {
      const r = await runHandoff(['export', '--tab', 'Requests', '--format', 'jsonl', '--archives'], { cwd: work, env });
      const ids = r.out.map((l) => JSON.parse(l).ID);
      expect(ids.filter((id) => id === copy[0])).toHaveLength(1);
      expect(r.err.filter((l) => !progress(l))[0]).toMatch(/ 1 row was in an archive and the live tab .* exported once\.$/);
    } finally {
      p.ws.kernel.meter.unmetered(() => sheet.deleteRow(at));
    }
  });

  it('verify checks one chain across the live Audit tab and the archive, and names the archive and row of an edited row', async () => {
    const total = live('Audit').length + archived('Audit').length;
    const ok = await runHandoff(['verify'], { cwd: work, env });
    expect([ok.code, ok.out]).toEqual([
      EXIT.OK,
      [`The audit log is intact: ${total} rows checked in the live workbook and 1 archive, every hash matches.`],
    ]);

    // Someone who may not open the archive is told which one.
    const rita = await runHandoff(['verify', '--token', await pageToken(srv.base, RITA)], { cwd: work, env });
    expect(rita.code).toBe(EXIT.FORBIDDEN);
    expect(rita.err.filter((l) => !progress(l))[0]).toContain(`the archive "${archiveName}" (${archiveId}) cannot be read`);

    const ss = p.ws.sheets.get(archiveId);
    const head = ss.values('Audit')[0]!.map(String);
    const seq = String(ss.values('Audit')[2]![head.indexOf('Seq')]);
    const details = head.indexOf('Details');
    ss.write('Audit', `${String.fromCharCode(65 + details)}3`, [
      [alteredDetails(ss.values('Audit')[2]![details], 'comment', 'edited in the archive')],
    ]);
    const bad = await runHandoff(['verify'], { cwd: work, env });
    expect(bad.code).toBe(EXIT.PROBLEMS);
    expect(bad.err.filter((l) => !progress(l))).toEqual([
      `The audit log was altered at row 3 of the Audit tab in "${archiveName}" (Seq ${seq}): its content does not match its hash (it was altered). Rows before it in the chain are intact.`,
    ]);
  });
});
