/**
 * Compile once, run the top level once (LoadOptions.reuseContext): executions reuse a context, yet each starts
 * with the globals the top level left, as every Apps Script execution does.
 */
import { createWorkspace } from '../../../src/local/workspace';
import { loadScript } from '../../../src/local/runtime';

const CODE = `
console.log('top level ran');
var counter = 0;
var config = 'from the top level';
function bump() { counter++; return counter; }
function leak() { globalThis.leaked = 'yes'; undeclared = 'also'; config = 'changed'; return [typeof leaked, config]; }
function look() { return [typeof leaked, typeof undeclared, config, counter]; }
function replaceService() { SpreadsheetApp = null; Date = null; return 'replaced'; }
function useServices() { return [typeof SpreadsheetApp.getActiveSpreadsheet, new Date().getTime()]; }
function sheetName() { return SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getName(); }
function viaWebApp() { return UrlFetchApp.fetch(ScriptApp.getService().getUrl()).getContentText() + ' / outer counter ' + bump(); }
function doGet() { bump(); bump(); return ContentService.createTextOutput('inner counter ' + counter); }
function boom() { counter = 99; globalThis.leaked = 'before the error'; throw new Error('script failed'); }
`;

function setup(reuseContext: boolean) {
  const ws = createWorkspace({ owner: 'owner@acme.test' });
  ws.sheets.create('Data', { bind: true });
  const script = loadScript(ws, CODE, 'Code.js', { reuseContext });
  return { ws, script };
}

describe('reused contexts give every execution fresh globals', () => {
  test('a counter in a global starts again at every execution', () => {
    const { script } = setup(true);
    expect([script.call('bump'), script.call('bump'), script.call('bump')]).toEqual([1, 1, 1]);
  });

  test('globals added or reassigned by one execution are gone in the next', () => {
    const { script } = setup(true);
    expect(script.call('leak')).toEqual(['string', 'changed']);
    expect(script.call('look')).toEqual(['undefined', 'undefined', 'from the top level', 0]);
  });

  test('the top level runs once for all executions (compile once, run the top level once)', () => {
    const { ws, script } = setup(true);
    for (let i = 0; i < 3; i++) script.call('bump');
    expect(ws.logs.messages().filter((m) => m === 'top level ran')).toHaveLength(1);
  });

  test('a script that replaces a service global or Date does not break the next execution', () => {
    const { ws, script } = setup(true);
    expect(script.call('replaceService')).toBe('replaced');
    expect(script.call('useServices')).toEqual(['function', ws.kernel.clock.now()]);
  });

  test('an execution that throws leaves nothing behind either', () => {
    const { script } = setup(true);
    expect(() => script.call('boom')).toThrow('script failed');
    expect(script.call('look')).toEqual(['undefined', 'undefined', 'from the top level', 0]);
  });

  test('service objects of one execution are not confused with the next execution’s', () => {
    const { ws, script } = setup(true);
    expect(script.call('sheetName')).toBe('Sheet1');
    ws.sheets.get(ws.sheets.activeId!).object().insertSheet('First', 0);
    expect(script.call('sheetName')).toBe('First');
  });

  test('a nested execution (the web app through UrlFetchApp) gets its own context and globals', () => {
    const { ws, script } = setup(true);
    ws.webapp.deploy({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' });
    expect(script.call('viaWebApp')).toBe('inner counter 2 / outer counter 1');
    expect(script.call('bump')).toBe(1);
  });

  test('per-execution contexts (the default) behave the same, running the top level every time', () => {
    const { ws, script } = setup(false);
    expect([script.call('bump'), script.call('bump')]).toEqual([1, 1]);
    expect(script.call('leak')).toEqual(['string', 'changed']);
    expect(script.call('look')).toEqual(['undefined', 'undefined', 'from the top level', 0]);
    expect(ws.logs.messages().filter((m) => m === 'top level ran')).toHaveLength(4);
  });
});
