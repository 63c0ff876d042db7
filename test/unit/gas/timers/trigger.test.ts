/** One dispatcher trigger: idempotent install, adoption, period changes, add-on hourly limit, others' triggers untouched. */
import { installAtSetUp, repairOnOpen } from '../../../../src/gas/timers/admin';
import { DISPATCHER_HANDLER, readState } from '../../../../src/gas/timers/state';
import { dispatcherStatus, installDispatcher, removeDispatcher } from '../../../../src/gas/timers/trigger';
import { OWNER } from '../workspace';
import { timersWorld } from './helpers';

const handlers = (w: ReturnType<typeof timersWorld>) =>
  w.script.controls.list().map((t) => t.handler ?? (t as unknown as { handlerFunction: string }).handlerFunction);

test('install is idempotent, never creates a second copy, and leaves other triggers alone', () => {
  const w = timersWorld();
  const other = w.as(OWNER, () => w.services.ScriptApp.newTrigger('someoneElsesJob').timeBased().everyHours(1).create());
  expect(w.as(OWNER, () => installDispatcher(w.c())).action).toBe('created');
  expect(w.as(OWNER, () => installDispatcher(w.c())).action).toBe('kept');
  expect(w.as(OWNER, () => installAtSetUp(w.c(), { created: [], repaired: [], problems: [], changed: false })).repaired).toEqual([]);
  const mine = () =>
    w.as(OWNER, () => w.services.ScriptApp.getProjectTriggers()).filter((t) => t.getHandlerFunction() === DISPATCHER_HANDLER);
  expect(mine()).toHaveLength(1);
  // A new period replaces our trigger (create first, then delete ours), never the other one.
  expect(w.as(OWNER, () => installDispatcher(w.c(), { periodMinutes: 15 })).action).toBe('replaced');
  expect(mine()).toHaveLength(1);
  expect(readState(w.c()).trigger?.periodMinutes).toBe(15);
  expect(() => w.as(OWNER, () => installDispatcher(w.c(), { periodMinutes: 7 }))).toThrow(/must be one of/);
  expect(w.as(OWNER, () => removeDispatcher(w.c()))).toBe(true);
  const left = w.as(OWNER, () => w.services.ScriptApp.getProjectTriggers());
  expect(left.map((t) => t.getUniqueId())).toEqual([other.getUniqueId()]);
});

test('a dispatcher trigger Handoff has no record of is adopted, not duplicated; one made by another user is not duplicated', () => {
  const w = timersWorld();
  w.as(OWNER, () => w.services.ScriptApp.newTrigger(DISPATCHER_HANDLER).timeBased().everyMinutes(10).create());
  expect(w.as(OWNER, () => installDispatcher(w.c())).action).toBe('adopted');
  expect(w.as(OWNER, () => w.services.ScriptApp.getProjectTriggers())).toHaveLength(1);
  // Another admin opens the sheet: they cannot see the owner's trigger, and must not add a second one.
  w.ws.sheets.get(w.spreadsheetId).share('lee@acme.test', 'editor'); // an admin can open the file
  const r = w.ws.kernel.executions.run({ activeUser: 'lee@acme.test', effectiveUser: 'lee@acme.test', kind: 'menu' }, () =>
    installDispatcher(w.c()),
  );
  expect(r.action).toBe('elsewhere');
  expect(r.status.notes.join(' ')).toMatch(/installed by ada@acme.test/);
  expect(handlers(w).filter((h) => h === DISPATCHER_HANDLER)).toHaveLength(1);
});

test('as a Marketplace add-on the trigger runs hourly whatever is configured', () => {
  const w = timersWorld();
  w.script.config.installedAsAddOn = true;
  w.as(OWNER, () => installDispatcher(w.c(), { periodMinutes: 10 }));
  const s = w.as(OWNER, () => dispatcherStatus(w.c()));
  expect(s.periodMinutes).toBe(60);
  expect(s.notes.join(' ')).toMatch(/at most once an hour/);
});

test('opening the sheet repairs a missing dispatcher only with full authorization', () => {
  const w = timersWorld();
  expect(w.as(OWNER, () => repairOnOpen(w.c(), 'LIMITED'))).toBe('skipped');
  expect(w.as(OWNER, () => w.services.ScriptApp.getProjectTriggers())).toHaveLength(0);
  expect(w.as(OWNER, () => repairOnOpen(w.c(), 'FULL'))).toBe('repaired');
  expect(w.as(OWNER, () => repairOnOpen(w.c(), 'FULL'))).toBe('ok');
  expect(w.as(OWNER, () => w.services.ScriptApp.getProjectTriggers())).toHaveLength(1);
});
