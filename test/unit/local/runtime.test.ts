import { createWorkspace } from '../../../src/local/workspace';
import { loadScript } from '../../../src/local/runtime';

const CODE = `
var loadedAt = new Date();
function onOpen() { SpreadsheetApp.getUi().createMenu('Handoff').addItem('Set up', 'setUp').addToUi(); }
function globalsSeen() {
  return { require: typeof require, process: typeof process, module: typeof module, Buffer: typeof Buffer,
           setTimeout: typeof setTimeout, SpreadsheetApp: typeof SpreadsheetApp, JSON: typeof JSON };
}
function now() { return [new Date().getTime(), Date.now(), loadedAt.getTime()]; }
function realm() {
  var v = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1:B1').getValues();
  var d = v[0][1];
  var err = null;
  try { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1:B1').setValues([[1]]); } catch (e) { err = e; }
  return { arrayInstance: v instanceof Array, dateInstance: d instanceof Date, errorInstance: err instanceof Error,
           errorName: err.name, errorText: String(err), sheetName: String(SpreadsheetApp.getActiveSpreadsheet().getSheets()[0]) };
}
function echo(x) { return x; }
function setProp(target) { target.answer = { n: 42, when: new Date(0) }; return target.answer.n; }
function boom() { throw new Error('script failed'); }
function bump() {
  var lock = LockService.getScriptLock();
  lock.waitLock(30000);
  try {
    var cell = SpreadsheetApp.openById(globalThis.ID || PropertiesService.getScriptProperties().getProperty('id')).getSheets()[0].getRange('A1');
    var v = cell.getValue();
    Utilities.sleep(1);
    cell.setValue((v === '' ? 0 : v) + 1);
    SpreadsheetApp.flush();
  } finally { lock.releaseLock(); }
  return Session.getActiveUser().getEmail();
}
function bumpUnlocked(n, me) {
  var props = PropertiesService.getScriptProperties();
  var cell = SpreadsheetApp.openById(props.getProperty('id')).getSheets()[0].getRange('A1');
  var v = cell.getValue();
  // A barrier: wait (a bounded number of polls) until every execution has read the cell, then write.
  props.setProperty('read-' + me, 'yes');
  for (var i = 0; i < 200000 && props.getKeys().length < n + 1; i++) {}
  cell.setValue((v === '' ? 0 : v) + 1);
}
function tryWithoutWaiting() { return LockService.getScriptLock().tryLock(0); }
function waitBriefly() { LockService.getScriptLock().waitLock(50); return 'got it'; }
`;

function setup() {
  const ws = createWorkspace({ owner: 'owner@acme.test' });
  const id = ws.sheets.create('Data', { bind: true });
  ws.globals.PropertiesService.getScriptProperties().setProperty('id', id);
  const script = loadScript(ws, CODE, 'Code.js');
  return { ws, id, script };
}

describe('loadScript: a fresh vm context with only the workspace globals', () => {
  test('no require, process, module, Buffer or setTimeout; services are there', () => {
    const { script } = setup();
    expect(script.call('globalsSeen')).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      setTimeout: 'undefined',
      SpreadsheetApp: 'object',
      JSON: 'object',
    });
  });

  test('a top-level function onOpen is callable and builds the menu', () => {
    const { ws, script } = setup();
    expect(script.hasFunction('onOpen')).toBe(true);
    expect(script.hasFunction('nope')).toBe(false);
    script.call('onOpen', [], { kind: 'simple-trigger', authMode: 'LIMITED' });
    expect(ws.ui.menu('Handoff')?.entries).toEqual([{ kind: 'item', caption: 'Set up', functionName: 'setUp' }]);
  });

  test('new Date() and Date.now() in the script are SimClock time', () => {
    const { ws, script } = setup();
    ws.kernel.clock.advance(3_600_000);
    const [a, b, c] = script.call('now') as number[];
    expect(a).toBe(ws.kernel.clock.now());
    expect(b).toBe(ws.kernel.clock.now());
    expect(c).toBe(ws.kernel.clock.now());
    expect(a).not.toBe(Date.now());
  });

  test('values and errors belong to the script realm (instanceof works), service objects print their class', () => {
    const { ws, id, script } = setup();
    ws.sheets.get(id).write('Sheet1', 'A1', [[1, new Date(Date.UTC(2026, 0, 1))]]);
    expect(script.call('realm')).toEqual({
      arrayInstance: true,
      dateInstance: true,
      errorInstance: true,
      errorName: 'Exception',
      errorText:
        'Exception: The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
      sheetName: 'Sheet',
    });
  });

  test('arguments and results cross by value; Dates survive; service objects come back as themselves', () => {
    const { ws, script } = setup();
    const d = new Date(Date.UTC(2026, 4, 1));
    const out = script.call('echo', [{ a: [1, 'x', d], n: null }]) as { a: unknown[] };
    expect(out).toEqual({ a: [1, 'x', d], n: null });
    expect(out.a[2]).toBeInstanceOf(Date);
    const ss = ws.sheets.get(ws.sheets.activeId!).object();
    expect(script.call('echo', [ss])).toBe(ss);
  });

  test('setting a property on a host object reaches the host object (HtmlTemplate variables)', () => {
    const { script } = setup();
    class Template {
      answer: unknown = null;
      evaluate(): unknown {
        return this.answer;
      }
    }
    const t = new Template();
    expect(script.call('setProp', [t])).toBe(42);
    expect(t.answer).toEqual({ n: 42, when: new Date(0) });
  });

  test('script errors come out with their message; unknown functions say so', () => {
    const { script, ws } = setup();
    expect(() => script.call('boom')).toThrow('script failed');
    expect(() => ws.runtime.invoke('missing')).toThrow('Script function not found: missing');
  });

  test('each call is one execution with its own active user (ws.runtime.invoke)', () => {
    const { ws } = setup();
    ws.sheets.get(ws.sheets.activeId!).share('bea@acme.test');
    expect(ws.runtime.invoke('bump', [], { activeUser: 'bea@acme.test' })).toBe('bea@acme.test');
    expect(ws.sheets.get(ws.sheets.activeId!).values()).toEqual([[1]]);
  });

  test('service calls from the script are metered', () => {
    const { ws, script } = setup();
    const { cost } = ws.kernel.measure(() => script.call('bump'));
    expect(cost.calls['Range.getValue']).toBe(1);
    expect(cost.calls['Range.setValue']).toBe(1);
    expect(cost.calls['Lock.waitLock']).toBe(1);
    expect(cost.calls['SpreadsheetApp.openById']).toBe(1);
  });

  test('single-thread: a lock held by someone else times out at once (tryLock false, waitLock throws)', () => {
    const { ws, script } = setup();
    const held = ws.locks.holdScriptLock();
    const t0 = ws.kernel.clock.now();
    expect(script.call('tryWithoutWaiting')).toBe(false);
    expect(() => script.call('waitBriefly')).toThrow('Lock timeout: another process was holding the lock for too long.');
    expect(ws.kernel.clock.now() - t0).toBe(50);
    held.release();
    expect(script.call('waitBriefly')).toBe('got it');
  });
});

describe('concurrent executions in worker threads', () => {
  jest.setTimeout(60_000);

  test('20 workers incrementing one cell under waitLock end at exactly 20', async () => {
    const { ws, id } = setup();
    const users = Array.from({ length: 20 }, (_, i) => `u${i}@acme.test`);
    for (const u of users) ws.sheets.get(id).share(u);
    const results = await ws.runtime.concurrent(
      users.map((u) => ({ fn: 'bump', activeUser: u })),
      { threads: 20 },
    );
    expect(results.map((r) => (r.ok ? r.value : r.error.message))).toEqual(users);
    expect(ws.sheets.get(id).values()).toEqual([[20]]);
    expect(ws.locks.holders.size).toBe(0);
  });

  test('without the lock, concurrent read-modify-write loses updates', async () => {
    const { ws, id } = setup();
    const results = await ws.runtime.concurrent(
      Array.from({ length: 8 }, (_, i) => ({ fn: 'bumpUnlocked', args: [8, i] })),
      { threads: 8 },
    );
    expect(results.every((r) => r.ok)).toBe(true);
    // Every execution read 0 before any wrote: seven of the eight increments are lost.
    expect(ws.sheets.get(id).values()).toEqual([[1]]);
  });

  test("a worker waiting on a lock held by someone else times out with Apps Script's error", async () => {
    const { ws } = setup();
    const held = ws.locks.holdScriptLock();
    const [r] = await ws.runtime.concurrent([{ fn: 'waitBriefly' }]);
    held.release();
    expect(r!.ok).toBe(false);
    expect(!r!.ok && r!.error.message).toBe('Lock timeout: another process was holding the lock for too long.');
  });
});
