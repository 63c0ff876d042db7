/** Admin > Settings shows the dispatcher period that runs, and a new period takes effect on save. */
import * as panel from '../../../../src/gas/panel';
import { OWNER, timersWorld } from '../timers/helpers';
import { call } from './helpers';

const clockTriggers = (w: ReturnType<typeof timersWorld>) => w.script.controls.list().filter((t) => t.handler === 'handoffTimerRun');

test('the period shown is the one the installed timer runs at, and saving a new one replaces the trigger', () => {
  const w = timersWorld();
  w.install();
  const [installed] = clockTriggers(w);
  const runsEvery = (installed!.nextAt as number) - w.ws.kernel.clock.now();
  expect(runsEvery).toBe(10 * 60_000);
  const shown = call(w, OWNER, panel.getSettings, {}).settings;
  expect(shown.dispatcherMinutes).toBe(10);

  // Saving other settings with the period shown leaves the timer alone.
  call(w, OWNER, panel.saveSettings, { ...shown, digestHour: 7 });
  expect(clockTriggers(w).map((t) => t.uid)).toEqual([installed!.uid]);

  call(w, OWNER, panel.saveSettings, { ...shown, dispatcherMinutes: 30 });
  const after = clockTriggers(w);
  expect(after).toHaveLength(1);
  expect(after[0]!.uid).not.toBe(installed!.uid);
  const start = w.ws.kernel.clock.now();
  w.script.controls.advanceTo(start + 61 * 60_000);
  const runs = w.reports.length;
  expect(runs).toBe(2); // every 30 minutes, not every 10
  expect(call(w, OWNER, panel.getSettings, {}).settings.dispatcherMinutes).toBe(30);
});
