/**
 * The execution time limit. Apps Script's quota page: "Script runtime: 6 min / execution", and "If you exceed a
 * quota or limitation, your script throws an exception and execution stops." The message is
 * "Exceeded maximum execution time". The run is stopped: no catch or finally of the script runs after it, so the
 * local Workspace must not let a script catch the error and carry on (or be recorded as completed).
 */
import { MESSAGES } from '../../../src/local/kernel/errors';
import { loadScript } from '../../../src/local/runtime';
import { createWorkspace } from '../../../src/local/workspace';

const CODE = `
function spin() { var n = 0; for (;;) { n++; } }
function spinThenWrite() {
  try { for (;;) {} } finally { PropertiesService.getScriptProperties().setProperty('finally', 'ran'); }
}
function sleepPastLimit() {
  var props = PropertiesService.getScriptProperties();
  try {
    for (var i = 0; i < 10; i++) Utilities.sleep(60000);
  } catch (e) {
    props.setProperty('caught', e.message);
    return 'carried on';
  } finally {
    props.setProperty('finally', 'ran');
  }
}
function catchAndReturn() {
  try { for (var i = 0; i < 10; i++) Utilities.sleep(60000); } catch (e) { return 'swallowed: ' + e.message; }
}
function quick() { PropertiesService.getScriptProperties().setProperty('quick', 'yes'); return 1; }
function topLevelLoopIsFine() { return 'ok'; }
`;

function setup(code = CODE) {
  const ws = createWorkspace({ owner: 'owner@acme.test' });
  const script = loadScript(ws, code, 'Code.js');
  const props = () => ws.globals.PropertiesService.getScriptProperties().getProperties();
  return { ws, script, props };
}

describe('the 6-minute limit cannot be caught', () => {
  test('a plain loop with no service calls is stopped with "Exceeded maximum execution time"', () => {
    const { ws, script } = setup();
    const t0 = Date.now();
    expect(() => script.call('spin', [], { maxRuntimeMs: 300 })).toThrow(MESSAGES.executionTime);
    expect(Date.now() - t0).toBeLessThan(5000);
    const rec = ws.kernel.executions.history.at(-1)!;
    expect(rec).toMatchObject({ functionName: 'spin', status: 'TIMED_OUT', error: 'Exceeded maximum execution time' });
    expect(rec.durationMs).toBeGreaterThanOrEqual(300);
  });

  test("a loop's finally block does not run when the limit stops it", () => {
    const { script, props } = setup();
    expect(() => script.call('spinThenWrite', [], { maxRuntimeMs: 200 })).toThrow(MESSAGES.executionTime);
    expect(props().finally).toBeUndefined();
  });

  test('reached at a service call: catch and finally may run, but every later service call throws and the run fails', () => {
    const { ws, script, props } = setup();
    expect(() => script.call('sleepPastLimit')).toThrow(MESSAGES.executionTime);
    // The catch and finally blocks tried to write: refused, as in Apps Script where they never run.
    expect(props()).toEqual({});
    expect(ws.kernel.executions.history.at(-1)).toMatchObject({ functionName: 'sleepPastLimit', status: 'TIMED_OUT' });
  });

  test('a script that swallows the error and returns normally is still recorded as timed out', () => {
    const { ws, script } = setup();
    expect(() => script.call('catchAndReturn')).toThrow(MESSAGES.executionTime);
    expect(ws.kernel.executions.history.at(-1)!.status).toBe('TIMED_OUT');
  });

  test('the next execution starts fresh; completed and failed runs are recorded as such', () => {
    const { ws, script, props } = setup();
    expect(() => script.call('spin', [], { maxRuntimeMs: 100 })).toThrow(MESSAGES.executionTime);
    expect(script.call('quick')).toBe(1);
    expect(props().quick).toBe('yes');
    expect(() => script.call('nope')).toThrow('Script function not found: nope');
    expect(ws.kernel.executions.history.map((r) => r.status)).toEqual(['TIMED_OUT', 'COMPLETED', 'FAILED']);
  });

  test('a loop at the top level of the script is stopped too', () => {
    const { script } = setup('var x = 0; while (true) { x++; }\nfunction f() { return 1; }');
    expect(() => script.call('f', [], { maxRuntimeMs: 200 })).toThrow(MESSAGES.executionTime);
  });

  test('a time-driven trigger stopped at the limit is recorded as a failed run with the message', () => {
    const { ws } = setup();
    loadScript(ws, CODE, 'Code.js');
    ws.kernel.executions.run({ activeUser: 'owner@acme.test' }, () =>
      ws.globals.ScriptApp.newTrigger('sleepPastLimit').timeBased().everyMinutes(10).create(),
    );
    ws.triggers.advance(10 * 60 * 1000);
    const run = ws.triggers.runs().at(-1)!;
    expect(run).toMatchObject({ handler: 'sleepPastLimit', ok: false, error: expect.stringContaining(MESSAGES.executionTime) });
  });
});

describe('the limit in worker threads (ws.runtime.concurrent)', () => {
  test('a plain loop is stopped; a limit reached at a service call terminates the worker; other jobs complete', async () => {
    const { ws, props } = setup();
    const results = await ws.runtime.concurrent([{ fn: 'spin', maxRuntimeMs: 300 }, { fn: 'sleepPastLimit' }, { fn: 'quick' }], {
      threads: 1,
    });
    expect(results[0]).toMatchObject({ ok: false, error: expect.objectContaining({ message: MESSAGES.executionTime }) });
    expect(results[1]).toMatchObject({ ok: false, error: expect.objectContaining({ message: MESSAGES.executionTime }) });
    expect(results[2]).toMatchObject({ ok: true, value: 1 });
    // The worker was terminated at the call that went past the limit: its catch and finally never ran.
    expect(props()).toEqual({ quick: 'yes' });
    expect(ws.kernel.executions.history.map((r) => r.status)).toEqual(['TIMED_OUT', 'TIMED_OUT', 'COMPLETED']);
  });
});

describe('the limit on the execution pool (script.pool: the playground’s compile-once workers)', () => {
  jest.setTimeout(60_000);
  const POOLED = `${CODE}
console.log('top level ran');
function callsForever() {
  var props = PropertiesService.getScriptProperties();
  try {
    for (;;) props.getProperty('x');
  } catch (e) {
    props.setProperty('caught', e.message);
  } finally {
    props.setProperty('finally', 'ran');
  }
}
`;

  function pooled() {
    const ws = createWorkspace({ owner: 'owner@acme.test' });
    const script = loadScript(ws, POOLED, 'Code.js');
    const pool = script.pool({ size: 1, max: 1 });
    const props = () => ws.globals.PropertiesService.getScriptProperties().getProperties();
    const topLevelRuns = () => ws.logs.messages().filter((m) => m === 'top level ran').length;
    return { ws, pool, props, topLevelRuns };
  }

  test('a plain infinite loop is stopped, its finally never runs, and the pool serves the next execution', async () => {
    const { ws, pool, props } = pooled();
    try {
      const t0 = Date.now();
      const r = await pool.run({ fn: 'spinThenWrite', maxRuntimeMs: 300 });
      expect(r).toMatchObject({ ok: false, error: expect.objectContaining({ message: MESSAGES.executionTime }) });
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(props().finally).toBeUndefined();
      expect(ws.kernel.executions.history.at(-1)).toMatchObject({ functionName: 'spinThenWrite', status: 'TIMED_OUT' });
      expect(pool.history().at(-1)).toMatchObject({ fn: 'spinThenWrite', ok: false, error: MESSAGES.executionTime });
      const next = await pool.run({ fn: 'quick' });
      expect(next).toMatchObject({ ok: true, value: 1 });
      expect(pool.stats().workers).toBe(1);
    } finally {
      await pool.close();
    }
  });

  test('a loop over service calls is stopped: neither its catch nor its finally writes anything', async () => {
    const { ws, pool, props } = pooled();
    try {
      const r = await pool.run({ fn: 'callsForever', maxRuntimeMs: 300 });
      expect(r).toMatchObject({ ok: false, error: expect.objectContaining({ message: MESSAGES.executionTime }) });
      expect(props()).toEqual({});
      expect(ws.kernel.executions.history.at(-1)).toMatchObject({ functionName: 'callsForever', status: 'TIMED_OUT' });
      expect(await pool.run({ fn: 'quick' })).toMatchObject({ ok: true, value: 1 });
    } finally {
      await pool.close();
    }
  });

  test('a limit reached at a service call ends the worker there and a new worker takes its place', async () => {
    const { ws, pool, props, topLevelRuns } = pooled();
    try {
      expect(await pool.run({ fn: 'quick' })).toMatchObject({ ok: true, value: 1 });
      expect(topLevelRuns()).toBe(1);
      // Simulated sleeps take it past 6 minutes at a service call; the script would catch, write and return.
      const r = await pool.run({ fn: 'sleepPastLimit' });
      expect(r).toMatchObject({ ok: false, error: expect.objectContaining({ message: MESSAGES.executionTime }) });
      expect(props()).toEqual({ quick: 'yes' });
      // The next execution runs on a new worker: the script's top level ran again there.
      expect(await pool.run({ fn: 'quick' })).toMatchObject({ ok: true, value: 1 });
      expect(topLevelRuns()).toBe(2);
      expect(pool.stats()).toMatchObject({ workers: 1, running: 0, queued: 0 });
      expect(ws.kernel.executions.history.map((h) => h.status)).toEqual(['COMPLETED', 'TIMED_OUT', 'COMPLETED']);
    } finally {
      await pool.close();
    }
  });
});

describe('the limit with a reused context (loadScript reuseContext)', () => {
  test('a context stopped at the limit is not reused: the next execution gets a new one', () => {
    const ws = createWorkspace({ owner: 'owner@acme.test' });
    const script = loadScript(ws, `${CODE}\nconsole.log('top level ran');`, 'Code.js', { reuseContext: true });
    const topLevelRuns = () => ws.logs.messages().filter((m) => m === 'top level ran').length;
    expect(script.call('quick')).toBe(1);
    expect(script.call('quick')).toBe(1);
    expect(topLevelRuns()).toBe(1);
    expect(() => script.call('spinThenWrite', [], { maxRuntimeMs: 200 })).toThrow(MESSAGES.executionTime);
    expect(script.call('quick')).toBe(1);
    expect(topLevelRuns()).toBe(2);
    expect(ws.kernel.executions.history.map((h) => h.status)).toEqual(['COMPLETED', 'COMPLETED', 'TIMED_OUT', 'COMPLETED']);
    expect(ws.globals.PropertiesService.getScriptProperties().getProperties()).toEqual({ quick: 'yes' });
  });
});
