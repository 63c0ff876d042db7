/**
 * Workflows as code, end to end: the handoff command (the real googleapis client, in-process) against the
 * playground's HTTP server (the real dist/Code.js on the local Workspace) on a free port. No mocks:
 * login (OAuth for installed apps with PKCE, the browser's part played here) → pull → edit → validate → diff →
 * publish (a new version appears, audited) → export → verify; a non-admin's publish is refused and audited;
 * the REST surface answers 401/403/404 in Google's shapes.
 */
import { alteredDetails, auditRecords } from '../support/audit-view';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/exit-codes';
import { Playground } from '../../src/local/server/playground';
import { tempDir } from '../unit/cli/helpers';
import { runHandoff } from './handoff-process';
import { serve, type Running } from '../unit/server/helpers';

const DIST = join(__dirname, '../../dist');
jest.setTimeout(180_000);

/** The browser's part of the sign-in: open the consent page, pick the person, press Allow, follow back to the CLI. */
function browserAs(person: string, seen: string[]): (chunk: string) => void {
  return (chunk) => {
    const url = /Sign in in your browser: (\S+)/.exec(chunk)?.[1];
    if (!url) return;
    seen.push(url);
    void (async () => {
      const page = await (await fetch(url)).text();
      const fields = new URLSearchParams();
      for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
        fields.set(
          m[1]!,
          m[2]!
            .replace(/&amp;/g, '&')
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'"),
        );
      fields.set('as', person);
      fields.set('decision', 'allow');
      const r = await fetch(new URL('/o/oauth2/v2/auth', url), {
        method: 'POST',
        body: fields,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      await fetch(r.headers.get('location')!);
    })();
  };
}

async function pageToken(base: string, as: string): Promise<string> {
  const html = await (await fetch(`${base}/tokens`, { method: 'POST', body: new URLSearchParams({ as }) })).text();
  const m = /<pre id="token">([^<]+)<\/pre>/.exec(html);
  if (!m) throw new Error(`no token on the page: ${html.slice(0, 300)}`);
  return m[1]!;
}

function tabRows(p: Playground, tab: string): Array<Record<string, string>> {
  if (tab === 'Audit') return auditRecords(p.tab(tab).rows) as Array<Record<string, string>>; // through the one parser
  const [head, ...body] = p.tab(tab).rows;
  return body.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ''])));
}

describe('handoff against the playground', () => {
  let data: string;
  let work: string;
  let p: Playground;
  let srv: Running;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'Code.js'))) throw new Error('dist/Code.js is missing: run `npm run build` first');
    data = tempDir('handoff-cli-data-');
    work = tempDir('handoff-cli-work-');
    p = await Playground.open({ distDir: DIST, dataDir: data });
    srv = await serve(p);
    env = { HANDOFF_GOOGLE_ENDPOINT: srv.base, HANDOFF_SCRIPT_ID: p.ws.script.scriptId, HANDOFF_SPREADSHEET_ID: p.spreadsheetId };
  });
  afterAll(async () => {
    await srv.close();
    await p.close();
    rmSync(data, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('logs in through the OAuth flow for installed apps and saves the token in the config folder', async () => {
    const seen: string[] = [];
    const r = await runHandoff(['login', '--no-browser'], { cwd: work, env, onErr: browserAs('ada@acme.test', seen) });
    expect(r.err.filter((l) => !l.startsWith('Sign in in your browser'))).toEqual([]);
    expect(r.code).toBe(EXIT.OK);
    const url = new URL(seen[0]!);
    expect(url.origin + url.pathname).toBe(`${srv.base}/o/oauth2/v2/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const saved = JSON.parse(readFileSync(join(work, '.config-handoff', 'credentials.json'), 'utf8'));
    expect(saved[new URL(srv.base).origin]).toEqual(
      expect.objectContaining({ type: 'oauth', refreshToken: expect.stringMatching(/^pg-rt\./) }),
    );
  });

  it('pull → edit → validate → diff → publish: a new version appears in Config, audited as the admin', async () => {
    const pulled = await runHandoff(['pull'], { cwd: work, env });
    expect(pulled.code).toBe(EXIT.OK);
    const file = join(work, 'workflows', 'purchase-approval.json');
    const def = JSON.parse(readFileSync(file, 'utf8'));
    expect(def.$schema).toBe('./workflow.schema.json');
    expect(existsSync(join(work, 'workflows', 'workflow.schema.json'))).toBe(true);
    const versionsBefore = tabRows(p, 'Config').filter((r) => r.Workflow === 'purchase-approval').length;

    def.fields.push({ id: 'po_number', label: 'PO number', type: 'text' });
    writeFileSync(file, JSON.stringify(def, null, 2));
    expect((await runHandoff(['validate'], { cwd: work, env })).code).toBe(EXIT.OK);

    const d = await runHandoff(['diff'], { cwd: work, env });
    expect(d.code).toBe(EXIT.OK);
    expect(d.out).toEqual([`purchase-approval: version ${versionsBefore} → ${versionsBefore + 1}`, '  Fields', '    + po_number']);

    const auditBefore = tabRows(p, 'Audit').length;
    const pub = await runHandoff(['publish'], { cwd: work, env });
    expect(pub.err).toEqual([]);
    expect(pub.out).toEqual([`purchase-approval: published version ${versionsBefore + 1}`]);
    const versions = tabRows(p, 'Config').filter((r) => r.Workflow === 'purchase-approval');
    expect(versions).toHaveLength(versionsBefore + 1);
    expect(versions[versions.length - 1]).toEqual(
      expect.objectContaining({ Version: String(versionsBefore + 1), 'Published by': 'ada@acme.test' }),
    );
    const audit = tabRows(p, 'Audit').slice(auditBefore);
    expect(audit).toEqual([
      expect.objectContaining({ Actor: 'ada@acme.test', Action: 'config_change', Name: 'publish_workflow', Workflow: 'purchase-approval' }),
    ]);

    // Publishing the same file again changes nothing; the diff says so.
    const again = await runHandoff(['publish'], { cwd: work, env });
    expect(again.out).toEqual([`purchase-approval: no change (version ${versionsBefore + 1} is the same; nothing was published)`]);
    expect((await runHandoff(['diff'], { cwd: work, env })).out[0]).toMatch(/no change/);
  });

  it('export → verify: the Audit tab paged through batchGet (progress on stderr) verifies offline, as jsonl and csv', async () => {
    const paged = { ...env, HANDOFF_EXPORT_PAGE_ROWS: '4' };
    const audit = tabRows(p, 'Audit');
    const jsonl = await runHandoff(['export', '--tab', 'Audit', '--format', 'jsonl', '--out', 'audit.jsonl'], { cwd: work, env: paged });
    expect(jsonl.err.filter((l) => !/^Audit \[[#.]+\] [\d,]+ \/ [\d,]+ rows$/.test(l))).toEqual([
      `Exported ${audit.length} Audit rows to audit.jsonl.`,
    ]);
    // 4 rows a page, 5 pages a request: more than one progress line for more than 20 rows.
    expect(jsonl.err.length - 1).toBeGreaterThanOrEqual(Math.ceil(audit.length / 20));
    const lines = readFileSync(join(work, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(audit.length);
    expect(lines[lines.length - 1]).toEqual(
      expect.objectContaining({ Hash: audit[audit.length - 1]!.Hash, At: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) }),
    );
    const ok = await runHandoff(['verify', 'audit.jsonl'], { cwd: work, env });
    expect([ok.code, ok.out]).toEqual([EXIT.OK, [`The audit log is intact: ${audit.length} rows checked, every hash matches.`]]);

    expect((await runHandoff(['export', '--tab', 'Audit', '--format', 'csv', '--out', 'audit.csv'], { cwd: work, env })).code).toBe(
      EXIT.OK,
    );
    expect((await runHandoff(['verify', 'audit.csv'], { cwd: work, env })).code).toBe(EXIT.OK);
    const requests = await runHandoff(['export', '--tab', 'Requests', '--format', 'csv'], { cwd: work, env });
    expect(requests.out[0]).toMatch(/^ID,Workflow,Version,Revision,State/);
    expect(requests.out).toHaveLength(tabRows(p, 'Requests').length + 1);

    // An altered export file: verify names its line and the Audit row, and exits 1.
    lines[2].Details = alteredDetails(lines[2].Details, 'comment', 'changed afterwards');
    writeFileSync(join(work, 'tampered.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const bad = await runHandoff(['verify', 'tampered.jsonl'], { cwd: work, env });
    expect(bad.code).toBe(EXIT.PROBLEMS);
    expect(bad.err).toEqual([
      'The audit log was altered at line 3 of tampered.jsonl (Audit row 4, Seq 3): its content does not match its hash (it was altered). Rows before it are intact.',
    ]);
  });

  it('verify without a file reads the Audit tab through the Sheets API and names the first altered row', async () => {
    const live = await runHandoff(['verify'], { cwd: work, env });
    expect(live.code).toBe(EXIT.OK);
    const ss = p.ws.sheets.get(p.spreadsheetId);
    const head = ss.values('Audit')[0]!.map(String);
    const col = String.fromCharCode(65 + head.indexOf('Details'));
    ss.write('Audit', `${col}5`, [[alteredDetails(ss.values('Audit')[4]![head.indexOf('Details')], 'comment', 'edited by hand')]]);
    const bad = await runHandoff(['verify'], { cwd: work, env });
    expect(bad.code).toBe(EXIT.PROBLEMS);
    expect(bad.err.filter((l) => !l.startsWith('Audit ['))).toEqual([
      'The audit log was altered at row 5 of the Audit tab (Seq 4): its content does not match its hash (it was altered). Rows before it are intact.',
    ]);
  });

  it("a non-admin's publish is refused by the add-on (exit 4) and nothing is published; an operator's refusal is audited", async () => {
    const configBefore = tabRows(p, 'Config').length;
    const def = JSON.parse(readFileSync(join(work, 'workflows', 'purchase-approval.json'), 'utf8'));
    def.name = 'Someone else was here';
    writeFileSync(join(work, 'workflows', 'purchase-approval.json'), JSON.stringify(def));
    for (const who of ['rita@acme.test', 'olivia@acme.test']) {
      const auditBefore = tabRows(p, 'Audit').length;
      const r = await runHandoff(['publish', '--token', await pageToken(srv.base, who)], { cwd: work, env });
      expect(r.code).toBe(EXIT.FORBIDDEN);
      expect(r.err).toEqual([`The add-on refused: Only Handoff admins can do this (handoffPanelPublishWorkflow); ${who} is not an admin.`]);
      expect(tabRows(p, 'Config')).toHaveLength(configBefore);
      const audited = tabRows(p, 'Audit').slice(auditBefore);
      // The refusal is audited as the caller, as in the sidebar: an operator may write the Audit tab at once; a
      // requester may not, so theirs is parked and written by the timer's next run (src/gas/refusals.ts).
      if (who === 'olivia@acme.test')
        expect(audited).toEqual([expect.objectContaining({ Actor: who, Action: 'refused', Name: 'handoffPanelPublishWorkflow' })]);
      else expect(audited).toEqual([]);
    }
  });

  it('a bad token is a 401 the command explains (exit 3); an unknown script id is a 404 (exit 5)', async () => {
    const bad = await runHandoff(['pull', '--token', 'nonsense'], { cwd: work, env });
    expect(bad.code).toBe(EXIT.AUTH);
    expect(bad.err[0]).toMatch(/^Your sign-in was not accepted while running handoffPanelWorkflows \(401\): run `handoff login` again/);
    const missing = await runHandoff(['pull', '--script', 'no-such-script'], { cwd: work, env });
    expect(missing.code).toBe(EXIT.NOT_FOUND);
    expect(missing.err[0]).toMatch(/^Not found while running handoffPanelWorkflows \(404\): check --script/);
  });

  it('a new required field the linked form lacks: not published (exit 1, one sentence) until --update-forms adds the question', async () => {
    const file = join(work, 'workflows', 'purchase-approval.json');
    const def = JSON.parse(readFileSync(file, 'utf8'));
    def.name = 'Purchase approval';
    def.fields.push({ id: 'budgetCode', label: 'Budget code', type: 'text', required: true });
    writeFileSync(file, JSON.stringify(def, null, 2));
    const configBefore = tabRows(p, 'Config').length;
    const versionsBefore = tabRows(p, 'Config').filter((r) => r.Workflow === 'purchase-approval').length;
    const refused = await runHandoff(['publish'], { cwd: work, env });
    expect(refused.code).toBe(EXIT.PROBLEMS);
    expect(refused.err).toEqual([
      expect.stringMatching(
        /purchase-approval\.json: not published\. The linked form ".+" has no question for "Budget code", which this version requires\. Run again with --update-forms/,
      ),
    ]);
    expect(tabRows(p, 'Config')).toHaveLength(configBefore);
    const done = await runHandoff(['publish', '--update-forms'], { cwd: work, env });
    expect(done.err).toEqual([]);
    expect(done.code).toBe(EXIT.OK);
    expect(done.out).toEqual([
      `purchase-approval: published version ${versionsBefore + 1}`,
      expect.stringMatching(/^purchase-approval: "Budget code" added to the form ".+"\.$/),
    ]);
    expect(p.forms().some((f) => f.items.some((i) => i.title === 'Budget code' && i.required))).toBe(true);
  });
});
