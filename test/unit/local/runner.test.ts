/**
 * The runner for any Apps Script project (src/local/runner), on the small projects in test/fixtures/projects:
 * each uses services added in round two, runs through `runProject` (what `npx handoff-local run` calls), keeps its
 * state in a folder between runs, and reports logs, mail, executions and the meter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../../src/local/runner/cli';
import { loadProject } from '../../../src/local/runner/project';
import { type RunnerOptions, runProject } from '../../../src/local/runner/run';

const FIXTURES = join(__dirname, '../../fixtures/projects');
let state: string;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'handoff-local-'));
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

const run = (project: string, opts: Partial<RunnerOptions>) => runProject({ folder: join(FIXTURES, project), state, ...opts });

describe('loading a project', () => {
  test('files run in clasp order: filePushOrder first, then alphabetical; the manifest sets the time zone', () => {
    const p = loadProject(join(FIXTURES, 'sheet-edges'));
    expect(p.scripts.map((f) => f.name)).toEqual(['Setup', 'Code']);
    expect(p.manifest.timeZone).toBe('Europe/Paris');
  });

  test('arguments: run <folder> --fn --as --trigger (repeatable) --bound --max-runtime', () => {
    expect(
      parseArgs(['run', 'p', '--fn', 'go', '--as', 'a@x.test', '--trigger', 'open', '--trigger', 'clock:2h', '--max-runtime', '2s']),
    ).toEqual({
      folder: 'p',
      fn: 'go',
      as: 'a@x.test',
      triggers: ['open', 'clock:2h'],
      maxRuntimeMs: 2000,
    });
    expect(() => parseArgs(['run', 'p'])).toThrow('nothing to run: give --fn NAME or --trigger SPEC');
    expect(() => parseArgs(['run', 'p', '--bound', 'doc'])).toThrow('--bound takes spreadsheet, form or none, not "doc"');
  });
});

describe('sheet-edges: data validation, formulas, open ranges, formatDate, Browser, onEdit', () => {
  test('runs setUp and prints logs, executions and the meter table; state carries over to the next run', () => {
    const r = run('sheet-edges', { fn: 'setUp', owner: 'ada@acme.test' });
    expect(r.ok).toBe(true);
    expect(r.output).toContain('setUp returned 1000');
    expect(r.output).toContain('sizes [["big"],["big"],["small"]]');
    expect(r.output).toContain('desk 300');
    expect(r.output).toContain('rule VALUE_IN_LIST');
    expect(r.output).toContain('date 5 Jan 2026 at 00:00 CET');
    expect(r.output).toContain('row 1 from B: Owner|Cost|Status');
    expect(r.output).toMatch(/#\d+ setUp script-run as ada@acme.test: COMPLETED/);
    expect(r.output).toMatch(/Range\.setDataValidation\s+1/);
    // The next run finds the sheet as setUp left it, and an edit fires onEdit as a simple trigger.
    const next = run('sheet-edges', { triggers: ['edit:D2=Done'], fn: 'confirmReset' });
    expect(next.output).toContain('edit: D2 set to Done; onEdit ran as ada@acme.test');
    expect(next.output).toContain('confirmReset returned "ok"'); // Browser.msgBox: nobody is there to click, OK
    const sheet = next.ws.globals.SpreadsheetApp.getActiveSpreadsheet()!.getActiveSheet();
    expect(next.ws.kernel.meter.unmetered(() => sheet.getRange('A2:E2').getValues())).toEqual([
      ['Chair', 'pat', 120, 'Done', 'edited by ada@acme.test'],
    ]);
  });

  test('says which service or method is missing when the script reaches one', () => {
    const drive = run('sheet-edges', { fn: 'useDrive' });
    expect(drive.ok).toBe(false);
    expect(drive.output).toContain('missing: DriveApp is an Apps Script service the local Workspace does not have');
    const rich = run('sheet-edges', { fn: 'useMissingMethod' });
    expect(rich.output).toContain('missing: Range.getRichTextValue is not implemented by the local Workspace');
  });
});

describe('gmail-drafts: drafts and search across two runs', () => {
  test('a draft made in one run is sent in the next; the mail sent is listed', () => {
    expect(run('gmail-drafts', { fn: 'prepare', owner: 'ada@acme.test' }).output).toContain('prepare returned 1');
    const r = run('gmail-drafts', { fn: 'sendPrepared' });
    expect(r.output).toContain('sent Weekly report; drafts left: 0');
    expect(r.output).toContain('sendPrepared returned 1');
    expect(r.output).toContain('ada@acme.test → bea@acme.test, cal@acme.test: Weekly report');
  });
});

describe('form-bound: a script bound to a form, its submit trigger, a grid item, and a missing duration item', () => {
  test('setUp, then a submission fires the form trigger with the unanswered date listed as ""', () => {
    expect(run('form-bound', { fn: 'setUp', bound: 'form', triggers: ['open'] }).output).toContain('setUp returned 2');
    const r = run('form-bound', { triggers: ['submit:{"Name":"Ann"}'], as: 'ann@acme.test' });
    expect(r.output).toMatch(/submit: response \S+ by ann@acme.test; 1 trigger run/);
    expect(r.output).toContain('[log] Name: "Ann"');
    expect(r.output).toContain('[log] Visited: ""');
    expect(r.output).toContain('owner@example.com → owner@example.com: New answer from ');
    expect(run('form-bound', { fn: 'addRating' }).output).toContain('addRating returned 2');
    const rated = run('form-bound', { triggers: ['submit:{"Name":"Bo","Rate":{"Service":"Good"}}'], as: 'bo@acme.test' });
    expect(rated.output).toContain('[log] Rate: ["","Good"]');
    const missing = run('form-bound', { fn: 'addDuration' });
    expect(missing.output).toContain('missing: Form.addDurationItem is not implemented by the local Workspace');
  });
});

describe('runaway: the time limit and the cache cap', () => {
  test('a loop is stopped at --max-runtime and recorded TIMED_OUT; its finally never ran', () => {
    const r = run('runaway', { fn: 'spin', maxRuntimeMs: 200 });
    expect(r.ok).toBe(false);
    expect(r.output).toContain('spin failed: Exceeded maximum execution time');
    expect(r.output).toMatch(/#\d+ spin script-run as owner@example.com: TIMED_OUT/);
    expect(r.ws.globals.PropertiesService.getScriptProperties().getProperty('finally')).toBeNull();
  });

  test('past 1,000 items the cache keeps the 900 farthest from expiring', () => {
    expect(run('runaway', { fn: 'fill' }).output).toContain('fill returned "k0,k499,k1000"');
  });

  test('clock: time-driven triggers installed in one run fire in the next', () => {
    run('runaway', { fn: 'install' });
    const r = run('runaway', { triggers: ['clock:3h'] });
    expect(r.output).toMatch(/clock: now \S+; 3 trigger run/);
    expect(r.ws.globals.PropertiesService.getScriptProperties().getProperty('ticks')).toBe('3');
  });
});
