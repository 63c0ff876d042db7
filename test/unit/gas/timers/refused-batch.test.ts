/**
 * A timers batch whose first write is refused (the dispatcher's owner lost edit rights on the protected tabs) must not
 * leave its journal behind: otherwise the next run replays a batch that was reported as failed, on top of doing the
 * same work again.
 */
import { readAudit } from '../../../../src/gas/commands/read';
import { readJournal } from '../../../../src/gas/store/journal';
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { OWNER } from '../workspace';
import { timersWorld } from './helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);
const STRANGER = 'sam@acme.test'; // may open the file, is not an editor of the protected tabs

test('a refused batch leaves no journal; the next run records the breach exactly once', () => {
  const w = timersWorld(at(6, 20));
  const id = w.create('Chair');
  w.as(OWNER, () => runTimers(w.c()));
  w.ws.kernel.clock.set(at(11, 19, 10)); // past the triage SLA (see reassign-on-breach.test.ts)

  w.ws.sheets.get(w.spreadsheetId).share(STRANGER, 'editor');
  let failed: unknown;
  try {
    w.ws.kernel.executions.run({ activeUser: STRANGER, effectiveUser: STRANGER, kind: 'time-trigger' }, () => runTimers(w.c()));
  } catch (e) {
    failed = e;
  }
  const breachesOf = () => readAudit(w.c()).filter((e) => e.event.requestId === id && e.event.action === 'sla_breach');
  // Whether the run reports the refusal or throws it, nothing landed and nothing is left to replay.
  expect(failed === undefined || /protected|permission/i.test(String(failed))).toBe(true);
  expect(readJournal(w.c())).toBeNull();
  expect(breachesOf()).toHaveLength(0);

  const next = w.as(OWNER, () => runTimers(w.c()));
  expect(next.escalations).toBe(1);
  expect(breachesOf()).toHaveLength(1);
});
