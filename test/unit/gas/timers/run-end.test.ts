/** The end of a timer run (run-end.ts): its one write releases the run lease only when the lease is the run's own. */
import { finishRun } from '../../../../src/gas/timers/run-end';
import { stateKey } from '../../../../src/gas/timers/state';
import { emptyReport, type RunReport } from '../../../../src/gas/timers/dispatcher';
import { OWNER, timersWorld } from './helpers';

const report = (): RunReport => ({ ...emptyReport(0), outcome: 'error' });

describe('finishRun', () => {
  it("leaves another run's lease alone (a run that failed before it took the lease) and releases its own", () => {
    const w = timersWorld();
    const key = stateKey(w.c(), 'lease');
    const stored = () => w.ws.kernel.meter.unmetered(() => w.services.PropertiesService.getScriptProperties().getProperty(key));
    const held = JSON.stringify({ run: 'run-B', until: w.ws.kernel.clock.now() + 60_000 });
    w.ws.kernel.meter.unmetered(() => w.services.PropertiesService.getScriptProperties().setProperty(key, held));
    w.as(OWNER, () => {
      const ctx = w.c();
      finishRun(ctx, ctx.properties(), report(), {}, 'run-A');
    });
    expect(stored()).toBe(held);
    w.as(OWNER, () => {
      const ctx = w.c();
      finishRun(ctx, ctx.properties(), report(), {}, 'run-B');
    });
    expect(JSON.parse(stored() ?? '{}')).toEqual({ run: 'run-B', until: 0 });
  });
});
