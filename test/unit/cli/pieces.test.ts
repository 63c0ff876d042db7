/** Small parts of the handoff command: CSV both ways, serial numbers, the login scopes, the exit codes and usage errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine, parseCsv } from '../../../src/cli/csv';
import { EXIT } from '../../../src/cli/exit-codes';
import { LOGIN_SCOPES } from '../../../src/cli/scopes';
import { epochToSerial, serialToEpoch } from '../../../src/cli/sheet/serial';
import { handoff, tempDir } from './helpers';

describe('CSV', () => {
  it('round-trips commas, quotes, line breaks and formula-looking text (neutralised with an apostrophe)', () => {
    const row = ['a,b', 'say "hi"', 'two\nlines', '=HYPERLINK("x")', "'quoted", '-5', 7, ''];
    const line = csvLine(row);
    expect(line).toBe('"a,b","say ""hi""","two\nlines","\'=HYPERLINK(""x"")",\'\'quoted,\'-5,7,');
    expect(parseCsv(`h1,h2\n${line}\n`)).toEqual([
      ['h1', 'h2'],
      ['a,b', 'say "hi"', 'two\nlines', '=HYPERLINK("x")', "'quoted", '-5', '7', ''],
    ]);
  });
});

describe('serial numbers', () => {
  it('are wall-clock days since 1899-12-30 in the spreadsheet zone', () => {
    expect(epochToSerial(Date.UTC(2016, 2, 1), 'Etc/UTC')).toBe(42430);
    const t = Date.UTC(2026, 6, 1, 12, 30, 15, 123);
    expect(serialToEpoch(epochToSerial(t, 'America/New_York'), 'America/New_York')).toBe(t);
    expect(serialToEpoch(epochToSerial(t, 'Etc/UTC'), 'Etc/UTC')).toBe(t);
    // New York is 4 hours behind UTC in July: the same serial read as UTC is 4 hours earlier.
    expect(serialToEpoch(epochToSerial(t, 'America/New_York'), 'Etc/UTC')).toBe(t - 4 * 3600_000);
  });
});

describe('login scopes', () => {
  it("are exactly the manifest's scopes (scripts.run needs every scope the script uses)", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../appsscript/appsscript.json'), 'utf8'));
    expect([...LOGIN_SCOPES].sort()).toEqual([...manifest.oauthScopes].sort());
    expect(manifest.executionApi).toEqual({ access: 'DOMAIN' });
  });
});

describe('usage errors (exit 2)', () => {
  it('an unknown command, an unknown option, a missing --spreadsheet, a bad --tab', async () => {
    const cwd = tempDir();
    const env = { HANDOFF_TOKEN: 't' };
    const unknown = await handoff(['frobnicate'], { cwd });
    expect([unknown.code, unknown.err[0]]).toEqual([EXIT.USAGE, expect.stringMatching(/^Unknown command "frobnicate"/)]);
    const opt = await handoff(['validate', '--colour'], { cwd });
    expect(opt.code).toBe(EXIT.USAGE);
    expect(opt.err[0]).toMatch(/--colour/);
    const ss = await handoff(['export', '--tab', 'Audit', '--format', 'csv'], { cwd, env });
    expect([ss.code, ss.err[0]]).toEqual([EXIT.USAGE, 'Name the spreadsheet: --spreadsheet ID (or set HANDOFF_SPREADSHEET_ID).']);
    const tab = await handoff(['export', '--tab', 'Outbox', '--format', 'csv', '--spreadsheet', 'x'], { cwd, env });
    expect([tab.code, tab.err[0]]).toEqual([EXIT.USAGE, '--tab must be Requests or Audit.']);
  });

  it('a command that needs Google without any sign-in says to log in (exit 3)', async () => {
    const r = await handoff(['pull', '--script', 'abc'], { cwd: tempDir() });
    expect(r.code).toBe(EXIT.AUTH);
    expect(r.err[0]).toBe('You are not signed in: run `handoff login` (or pass --token / set HANDOFF_TOKEN).');
  });
});
