import { Kernel } from '../../../src/local/kernel/kernel';
import { createScriptServices, FunctionTableInvoker } from '../../../src/local/services/script';
import { MAX_TRIGGERS_PER_USER } from '../../../src/local/services/script/triggers';

const MIN = 60_000;
const start = Date.UTC(2026, 0, 5, 9, 0, 0); // a Monday

function setup(opts: { addOn?: boolean } = {}) {
  const kernel = new Kernel({ owner: 'ada@acme.test', start });
  const s = createScriptServices(kernel);
  s.config.installedAsAddOn = !!opts.addOn;
  const seen: Array<{ fn: string; e: any; user: string; effective: string; at: number }> = [];
  const rec = (fn: string) => (e: unknown) => {
    const x = kernel.executions.current();
    seen.push({ fn, e, user: x.activeUser, effective: x.effectiveUser, at: kernel.clock.now() });
  };
  s.invoker.set(
    new FunctionTableInvoker(kernel, {
      tick: rec('tick'),
      daily: rec('daily'),
      once: rec('once'),
      onSubmit: rec('onSubmit'),
      boom: () => {
        throw new Error('kaput');
      },
    }),
  );
  return { kernel, s, ScriptApp: s.ScriptApp as unknown as GoogleAppsScript.Script.ScriptApp, seen };
}

describe('ScriptApp triggers', () => {
  test('builds a clock trigger and reports its properties', () => {
    const { ScriptApp } = setup();
    const t = ScriptApp.newTrigger('tick').timeBased().everyMinutes(5).create();
    expect(t.getHandlerFunction()).toBe('tick');
    expect(t.getEventType()).toBe(ScriptApp.EventType.CLOCK);
    expect(String(t.getTriggerSource())).toBe('CLOCK');
    expect(t.getTriggerSourceId()).toBeNull();
    expect(t.getUniqueId()).toMatch(/^\d{15,}$/);
    expect(ScriptApp.getProjectTriggers().map((x) => x.getUniqueId())).toEqual([t.getUniqueId()]);
  });

  test.each([0, 2, 3, 7, 20, 60])('everyMinutes(%p) is refused', (n) => {
    const { ScriptApp } = setup();
    expect(() => ScriptApp.newTrigger('tick').timeBased().everyMinutes(n)).toThrow(/1, 5, 10, 15 or 30/);
  });

  test.each([1, 5, 10, 15, 30])('everyMinutes(%p) is accepted', (n) => {
    const { ScriptApp } = setup();
    expect(() => ScriptApp.newTrigger('tick').timeBased().everyMinutes(n).create()).not.toThrow();
  });

  test('a clock trigger without a frequency is refused', () => {
    const { ScriptApp } = setup();
    expect(() => ScriptApp.newTrigger('tick').timeBased().create()).toThrow(/frequency/);
  });

  test("the 21st trigger of one user fails with Apps Script's error; another user still has room", () => {
    const { ScriptApp, kernel } = setup();
    for (let i = 0; i < MAX_TRIGGERS_PER_USER; i++) ScriptApp.newTrigger('tick').timeBased().everyHours(1).create();
    expect(() => ScriptApp.newTrigger('tick').timeBased().everyHours(1).create()).toThrow(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
    kernel.executions.run({ activeUser: 'bob@acme.test' }, () => {
      expect(ScriptApp.getProjectTriggers()).toHaveLength(0); // Ada's triggers are invisible to Bob
      expect(() => ScriptApp.newTrigger('tick').timeBased().everyHours(1).create()).not.toThrow();
    });
    ScriptApp.deleteTrigger(ScriptApp.getProjectTriggers()[0]!);
    expect(() => ScriptApp.newTrigger('tick').timeBased().everyHours(1).create()).not.toThrow();
  });

  test('a Marketplace add-on cannot create a sub-hourly clock trigger, but can create an hourly one', () => {
    const { ScriptApp } = setup({ addOn: true });
    expect(() => ScriptApp.newTrigger('tick').timeBased().everyMinutes(15).create()).toThrow(/once per hour/);
    expect(() => ScriptApp.newTrigger('tick').timeBased().everyHours(1).create()).not.toThrow();
    expect(String(ScriptApp.getInstallationSource())).toBe('APPS_MARKETPLACE_DOMAIN_ADD_ON');
  });

  test('time-driven triggers fire from the clock as their creator, with the time-driven event', () => {
    const { ScriptApp, kernel, seen, s } = setup();
    let uid = '';
    kernel.executions.run({ activeUser: 'bob@acme.test' }, () => {
      uid = ScriptApp.newTrigger('tick').timeBased().everyMinutes(5).create().getUniqueId();
    });
    kernel.clock.advance(4 * MIN);
    expect(seen).toHaveLength(0);
    kernel.clock.advance(1 * MIN);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.user).toBe('bob@acme.test');
    expect(seen[0]!.effective).toBe('bob@acme.test');
    expect(seen[0]!.e).toEqual({
      authMode: 'FULL',
      triggerUid: uid,
      year: 2026,
      month: 1,
      'day-of-month': 5,
      'day-of-week': 1,
      hour: 9,
      minute: 5,
      second: 0,
      'week-of-year': 2,
      timezone: 'UTC',
    });
    expect(s.store.runs[0]!.ok).toBe(true);
  });

  test('a long clock jump runs a trigger once (no back-fill); stepwise advance runs every instant', () => {
    const { ScriptApp, kernel, seen, s } = setup();
    ScriptApp.newTrigger('tick').timeBased().everyMinutes(5).create();
    kernel.clock.advance(60 * MIN);
    expect(seen).toHaveLength(1);
    expect(s.store.runs[0]!.coalesced).toBe(12);
    s.controls.advance(60 * MIN);
    expect(seen).toHaveLength(13);
    expect(seen.slice(1).map((x) => new Date(x.at).toISOString().slice(11, 16))).toEqual([
      '10:05',
      '10:10',
      '10:15',
      '10:20',
      '10:25',
      '10:30',
      '10:35',
      '10:40',
      '10:45',
      '10:50',
      '10:55',
      '11:00',
    ]);
  });

  test('everyDays().atHour() fires at that hour in the script time zone, across days', () => {
    const { ScriptApp, seen, s } = setup();
    s.config.timeZone = 'America/New_York';
    ScriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(8).create();
    s.controls.advance(3 * 24 * 60 * MIN);
    expect(seen.map((x) => new Date(x.at).toISOString())).toEqual([
      '2026-01-05T13:00:00.000Z',
      '2026-01-06T13:00:00.000Z',
      '2026-01-07T13:00:00.000Z',
    ]);
  });

  test('daily triggers keep their wall-clock hour across a daylight-saving change', () => {
    const kernel = new Kernel({ start: Date.UTC(2026, 2, 6, 12) });
    const s = createScriptServices(kernel);
    const at: number[] = [];
    s.invoker.set(new FunctionTableInvoker(kernel, { daily: () => at.push(kernel.clock.now()) }));
    s.config.timeZone = 'America/New_York';
    (s.ScriptApp as unknown as GoogleAppsScript.Script.ScriptApp).newTrigger('daily').timeBased().everyDays(1).atHour(9).create();
    s.controls.advance(4 * 24 * 60 * MIN);
    expect(at.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-06T14:00:00.000Z',
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  test('one-off triggers (after, at) run once and stay listed', () => {
    const { ScriptApp, seen, s } = setup();
    ScriptApp.newTrigger('once')
      .timeBased()
      .after(10 * MIN)
      .create();
    s.controls.advance(60 * MIN);
    expect(seen.map((x) => x.fn)).toEqual(['once']);
    expect(ScriptApp.getProjectTriggers()).toHaveLength(1);
  });

  test('a deleted trigger no longer fires; a failing handler is recorded and does not stop the clock', () => {
    const { ScriptApp, seen, s, kernel } = setup();
    const t = ScriptApp.newTrigger('tick').timeBased().everyMinutes(1).create();
    ScriptApp.newTrigger('boom').timeBased().everyMinutes(1).create();
    ScriptApp.deleteTrigger(t);
    kernel.clock.advance(MIN);
    expect(seen).toHaveLength(0);
    expect(s.store.runs).toEqual([expect.objectContaining({ handler: 'boom', ok: false, error: 'kaput' })]);
  });

  test('form and spreadsheet triggers record their source and fire through the store', () => {
    const { ScriptApp, s, seen } = setup();
    const t = ScriptApp.newTrigger('onSubmit').forForm('FORM1').onFormSubmit().create();
    expect(String(t.getEventType())).toBe('ON_FORM_SUBMIT');
    expect(String(t.getTriggerSource())).toBe('FORMS');
    expect(t.getTriggerSourceId()).toBe('FORM1');
    const t2 = ScriptApp.newTrigger('onSubmit').forSpreadsheet('SS1').onEdit().create();
    expect(String(t2.getTriggerSource())).toBe('SPREADSHEETS');
    s.store.fireForForm('FORM1', 'ON_FORM_SUBMIT', (tr) => ({ triggerUid: tr.uid }));
    s.store.fireForForm('OTHER', 'ON_FORM_SUBMIT', () => ({}));
    expect(seen).toEqual([expect.objectContaining({ fn: 'onSubmit', e: { triggerUid: t.getUniqueId() } })]);
    expect(ScriptApp.getUserTriggers({ getId: () => 'SS1' } as never).map((x) => x.getUniqueId())).toEqual([t2.getUniqueId()]);
  });

  test('getService().getUrl() is null until deployed, then the /exec URL', () => {
    const { ScriptApp, s } = setup();
    expect(ScriptApp.getService().getUrl()).toBeNull();
    s.config.webApp.deploymentId = 'AKfycbxLOCAL';
    expect(ScriptApp.getService().getUrl()).toBe('https://script.google.com/macros/s/AKfycbxLOCAL/exec');
    expect(ScriptApp.getOAuthToken()).toMatch(/^ya29\./);
    expect(ScriptApp.getScriptId()).toBe(s.config.scriptId);
    const [, payload] = ScriptApp.getIdentityToken().split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString()).email).toBe('ada@acme.test');
  });

  test('state round-trips through toJSON/restore and keeps firing', () => {
    const { ScriptApp, s, kernel } = setup();
    ScriptApp.newTrigger('tick').timeBased().everyMinutes(5).create();
    const json = JSON.parse(JSON.stringify(s.store.toJSON()));
    const k2 = new Kernel({ owner: 'ada@acme.test', start });
    const s2 = createScriptServices(k2);
    const fired: number[] = [];
    s2.invoker.set(new FunctionTableInvoker(k2, { tick: () => fired.push(k2.clock.now()) }));
    s2.store.restore(json);
    expect(s2.store.all()).toEqual(s.store.all());
    k2.clock.advance(5 * MIN);
    expect(fired).toHaveLength(1);
    expect(kernel).toBeDefined();
  });

  test('metering: service calls are counted', () => {
    const { ScriptApp, kernel } = setup();
    const { cost } = kernel.measure(() => ScriptApp.newTrigger('tick').timeBased().everyHours(2).create());
    expect(cost.calls).toEqual({
      'ScriptApp.newTrigger': 1,
      'TriggerBuilder.timeBased': 1,
      'ClockTriggerBuilder.everyHours': 1,
      'ClockTriggerBuilder.create': 1,
    });
  });
});
