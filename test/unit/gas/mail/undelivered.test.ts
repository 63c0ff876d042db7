/**
 * Undelivered emails (src/gas/mail/undelivered.ts) at volume: a quota or Gmail outage can leave hundreds of dead rows;
 * sending them all again is one unit of work, and its Audit record is split as the runs' records are, so no Details
 * cell nears Sheets' 50,000-character limit.
 */
import { readAudit, readOutbox } from '../../../../src/gas/commands/read';
import { RECORDS_PER_EVENT } from '../../../../src/gas/mail/outbox-queue';
import { listUndelivered, retryUndelivered } from '../../../../src/gas/mail/undelivered';
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { OWNER } from '../workspace';
import { PAT, timersWorld } from '../timers/helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

test('300 dead rows: all sent back to the queue in one write, recorded in two Audit events under the cell limit', () => {
  const w = timersWorld(at(6, 20));
  const id = w.create('Lamp');
  // The row as the sender leaves it after giving up, then 299 more like it (an outage's worth).
  const rows = w.sheet.values('Outbox');
  const head = rows[0] as string[];
  const dead = [...(rows[1] as unknown[])];
  dead[head.indexOf('Status')] = 'failed';
  dead[head.indexOf('Attempts')] = 8;
  dead[head.indexOf('Last error')] = 'Mail service refused the message (gave up after 8 attempts)';
  w.sheet.write(
    'Outbox',
    'A2',
    Array.from({ length: 300 }, (_, i) => {
      const r = [...dead];
      r[head.indexOf('ID')] = `dead-${i}`;
      r[head.indexOf('Key')] = `dead-key-${i}`;
      return r;
    }),
  );
  const listed = w.as(OWNER, () => listUndelivered(w.c()));
  expect(listed.emails).toHaveLength(300);
  expect(listed.emails[0]).toMatchObject({ requestId: id, to: PAT, attempts: 8, error: expect.stringMatching(/gave up/) });

  const { cost } = w.ws.kernel.measure(() => {
    const r = w.as(OWNER, () => retryUndelivered(w.c(), OWNER, null));
    expect(r.retried).toHaveLength(300);
  });
  expect(cost.calls['Sheets.Spreadsheets.batchUpdate']).toBe(1);
  expect(readOutbox(w.c()).map((o) => [o.status, o.attempts])).toEqual(Array.from({ length: 300 }, () => ['pending', 0]));
  const events = readAudit(w.c()).filter((e) => e.event.action === 'outbox_retried');
  expect(events.map((e) => (e.event.details as { messages: unknown[] }).messages.length)).toEqual([
    RECORDS_PER_EVENT,
    300 - RECORDS_PER_EVENT,
  ]);
  for (const e of events) expect(JSON.stringify(e.event.details).length).toBeLessThan(50_000);

  // The timer sends them (one recipient each, within the day's quota).
  w.ws.kernel.clock.advance(60_000);
  for (let i = 0; i < 15 && readOutbox(w.c()).length > 0; i++) w.as(OWNER, () => runTimers(w.c()));
  expect(readOutbox(w.c())).toEqual([]);
  expect(w.received(PAT).filter((m) => m.subject.includes(id)).length).toBeGreaterThanOrEqual(300);
});
