/**
 * The Outbox sender (src/gas/mail/outbox-sender.ts): Sheet calls per send have an upper bound (the meter proves
 * it) and do not grow with the tab's rows; and every guarantee holds with the batched claim and the lock-free
 * marks: oldest first, one claim per entry across overlapping runs, quota, backoff then 'failed', and rows
 * sorted or deleted by hand while a run sends.
 */
import { readOutbox } from '../../../../src/gas/commands/read';
import { backoffMs, flushOutbox, LEASE_MS, MAX_ATTEMPTS } from '../../../../src/gas/mail/outbox-sender';
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { OWNER } from '../workspace';
import { PAT, timersWorld, type TimersWorld } from '../timers/helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

/**
 * `n` requests whose first reminder is queued in the Outbox and due (the mail quota was used up while the timers
 * queued them), after `history` rows of mail already sent. The clock is at Tue 10 March 15:05 UTC.
 */
function queued(n: number, history = 0): { w: TimersWorld; ids: string[] } {
  const w = timersWorld(at(6, 20));
  const ids = Array.from({ length: n }, (_, i) => w.create(`Item ${i}`));
  w.as(OWNER, () => runTimers(w.c())); // sends the "assigned" mails
  if (history > 0) {
    const rows = w.sheet.values('Outbox');
    const sent = rows[1] as unknown[];
    const status = (rows[0] as string[]).indexOf('Status');
    const id = (rows[0] as string[]).indexOf('ID');
    const key = (rows[0] as string[]).indexOf('Key');
    w.sheet.write(
      'Outbox',
      `A${rows.length + 1}`,
      Array.from({ length: history }, (_, i) => {
        const r = [...sent];
        r[id] = `old-${i}`;
        r[key] = `old-key-${i}`;
        r[status] = 'sent';
        return r;
      }),
    );
  }
  w.ws.kernel.clock.set(at(10, 15, 5));
  w.mail.controls.setUsed(OWNER, 1500);
  w.as(OWNER, () => runTimers(w.c())); // reminders recorded and queued; none sent
  w.mail.controls.setUsed(OWNER, 0);
  expect(pendingReminders(w)).toHaveLength(n);
  return { w, ids };
}

const pendingReminders = (w: TimersWorld) => readOutbox(w.c()).filter((o) => o.kind === 'reminder' && o.status === 'pending');
const reminderStatus = (w: TimersWorld) =>
  new Map(
    readOutbox(w.c())
      .filter((o) => o.kind === 'reminder')
      .map((o) => [o.payload.requestId, o]),
  );
const flush = (w: TimersWorld, opts: Parameters<typeof flushOutbox>[1] = {}) => w.as(OWNER, () => flushOutbox(w.c(), opts));

function measured(w: TimersWorld, opts: Parameters<typeof flushOutbox>[1] = {}) {
  let result: ReturnType<typeof flushOutbox> | null = null;
  const { calls, detail } = w.sheetCalls(() => {
    result = flush(w, opts);
  });
  return { calls, detail, result: result! };
}

/** Replaces MailApp.sendEmail; `each` runs after the n-th successful send (1-based). */
function onSend(w: TimersWorld, each: (n: number) => void): void {
  const send = w.mail.MailApp.sendEmail.bind(w.mail.MailApp) as (...a: unknown[]) => unknown;
  let n = 0;
  (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = (...args: unknown[]) => {
    const r = send(...args);
    each(++n);
    return r;
  };
}

// Before this change (claim write, request lookup and locked read+write mark per entry) a run of 25 sends made
// 236 Sheet calls; the bound below fails for anything close to that.
const FIXED = 20;
const PER_SEND = 3;

test('Sheet calls: at most a fixed part per run plus 3 per send, and the same at 300 and 3,000 rows of history', () => {
  const few = measured(queued(5, 300).w);
  const many = measured(queued(25, 300).w);
  expect(few.result.sent).toBe(5);
  expect(many.result.sent).toBe(25);
  const perSend = (many.calls - few.calls) / 20;
  expect(perSend).toBeLessThanOrEqual(PER_SEND);
  expect(few.calls - 5 * perSend).toBeLessThanOrEqual(FIXED);
  expect(many.calls).toBeLessThanOrEqual(FIXED + PER_SEND * 25);
  // No per-send lock, no per-send read: the marks are writes only.
  expect(many.detail['Sheet.getSheetValues']).toBe(few.detail['Sheet.getSheetValues']);
  const big = measured(queued(5, 3_000).w);
  expect(big.result.sent).toBe(5);
  expect(big.calls).toBe(few.calls);
  expect(big.detail).toEqual(few.detail);
});

test('with the script cache emptied (no row hints), the requests are still read in one batch', () => {
  const { w } = queued(10);
  w.forgetCache();
  const cold = measured(w);
  expect(cold.result.sent).toBe(10);
  // One TextFinder search finds the ten rows (its handle and the found ranges' getRow are no round trips).
  const handles = (cold.detail['Range.createTextFinder'] ?? 0) + (cold.detail['Range.getRow'] ?? 0);
  expect(cold.detail['Range.createTextFinder']).toBe(1);
  expect(cold.calls - handles).toBeLessThanOrEqual(FIXED + 2 + PER_SEND * 10);
});

test('oldest first, each entry marked sent before the next send starts, claims within the batch size', () => {
  const { w, ids } = queued(6);
  const seen: string[][] = [];
  onSend(w, () => {
    // What the sheet holds right after each send (an unmetered peek).
    seen.push(
      readOutbox(w.c())
        .filter((o) => o.kind === 'reminder' && o.status === 'sent')
        .map((o) => o.payload.requestId),
    );
  });
  const r = flush(w, { max: 4 });
  expect(r.sent).toBe(4);
  expect(r.pending).toBe(2);
  expect(w.received(PAT, /reminder/i).map((m) => m.subject.slice(1, 10))).toEqual(ids.slice(0, 4));
  // While send k is in flight, exactly the k-1 before it are marked sent.
  expect(seen).toEqual([[], ids.slice(0, 1), ids.slice(0, 2), ids.slice(0, 3)]);
  const status = reminderStatus(w);
  expect(ids.map((id) => status.get(id)!.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'pending', 'pending']);
  expect(ids.slice(4).map((id) => status.get(id)!.attempts)).toEqual([0, 0]);
});

test('two flushes at once: the second claims only what the first has not, nothing is sent twice', () => {
  const { w, ids } = queued(6);
  let second: ReturnType<typeof flushOutbox> | null = null;
  onSend(w, (n) => {
    if (n === 1) second = w.ws.kernel.executions.run({ activeUser: OWNER, kind: 'time-trigger' }, () => flushOutbox(w.c(), { max: 10 }));
  });
  const first = flush(w, { max: 3 });
  expect(first.sent).toBe(3);
  expect(second!.sent).toBe(3);
  const subjects = w.received(PAT, /reminder/i).map((m) => m.subject);
  expect(subjects).toHaveLength(6);
  expect(new Set(subjects).size).toBe(6);
  expect([...reminderStatus(w).values()].map((o) => o.status)).toEqual(ids.map(() => 'sent'));
});

test('quota: only what the quota allows is claimed; the rest stays pending, attempts untouched', () => {
  const { w, ids } = queued(5);
  w.mail.controls.setUsed(OWNER, 1500 - 2);
  const r = flush(w);
  expect(r.sent).toBe(2);
  const status = reminderStatus(w);
  expect(ids.map((id) => [status.get(id)!.status, status.get(id)!.attempts])).toEqual([
    ['sent', 1],
    ['sent', 1],
    ['pending', 0],
    ['pending', 0],
    ['pending', 0],
  ]);
  expect(flush(w).quotaExhausted).toBe(true);
});

test('a failing send is retried with exponential backoff, then marked failed and reported', () => {
  const { w } = queued(1);
  (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = () => {
    throw new Error('Service invoked too many times: email');
  };
  let failed: ReturnType<typeof flushOutbox>['failed'] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const now = w.ws.kernel.clock.now();
    const r = flush(w);
    const [entry] = readOutbox(w.c()).filter((o) => o.kind === 'reminder');
    expect(entry!.attempts).toBe(attempt);
    if (attempt < MAX_ATTEMPTS) {
      expect(r.retrying).toBe(1);
      expect(entry!.status).toBe('pending');
      expect(entry!.nextAttempt).toBe(now + backoffMs(attempt));
      // Not due before the backoff has passed.
      w.ws.kernel.clock.set(entry!.nextAttempt! - 1000);
      expect(flush(w).retrying).toBe(0);
      w.ws.kernel.clock.set(entry!.nextAttempt!);
    } else {
      failed = r.failed;
      expect(entry!.status).toBe('failed');
      expect(entry!.lastError).toMatch(/too many times.*gave up after 8 attempts/);
    }
  }
  expect(failed).toHaveLength(1);
});

test('a reminder whose request moved on is cancelled as moot, not sent', () => {
  const { w, ids } = queued(2);
  w.act(ids[0]!, { type: 'transition', name: 'close' }, PAT);
  const r = flush(w);
  expect(r.cancelled).toBe(1);
  expect(reminderStatus(w).get(ids[0]!)!.status).toBe('cancelled');
  expect(reminderStatus(w).get(ids[1]!)!.status).toBe('sent');
  expect(w.received(PAT, /reminder/i).map((m) => m.subject.slice(1, 10))).toEqual([ids[1]]);
});

test('a deadline: no send starts after it; claimed entries not reached are given back', () => {
  const { w, ids } = queued(4);
  onSend(w, () => w.ws.kernel.clock.drift(60_000));
  const r = flush(w, { deadline: w.ws.kernel.clock.now() + 90_000 });
  expect(r.sent).toBe(2);
  const status = reminderStatus(w);
  expect(ids.map((id) => [status.get(id)!.status, status.get(id)!.attempts])).toEqual([
    ['sent', 1],
    ['sent', 1],
    ['pending', 0],
    ['pending', 0],
  ]);
  expect(status.get(ids[2]!)!.nextAttempt).toBeLessThanOrEqual(w.ws.kernel.clock.now());
});

describe('rows moved by hand while a run sends', () => {
  function outboxSheet(w: TimersWorld) {
    return (w.services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).openById(w.spreadsheetId).getSheetByName('Outbox')!;
  }

  test('sorted: every mark ends on its own entry, and no other entry keeps one of them', () => {
    const { w, ids } = queued(5);
    const before = readOutbox(w.c()).filter((o) => o.kind !== 'reminder');
    onSend(w, (n) => {
      if (n !== 2) return;
      // An operator sorts the data rows in reverse (Data > Sort range), between two sends.
      const values = w.sheet.values('Outbox');
      w.sheet.write('Outbox', 'A2', values.slice(1).reverse());
    });
    const r = flush(w);
    expect(r.sent).toBe(5);
    expect(w.received(PAT, /reminder/i)).toHaveLength(5);
    const status = reminderStatus(w);
    expect(ids.map((id) => [status.get(id)!.status, status.get(id)!.attempts])).toEqual(ids.map(() => ['sent', 1]));
    // The other entries (the "assigned" mails sent earlier) keep their marks exactly.
    const after = new Map(readOutbox(w.c()).map((o) => [o.id, o]));
    for (const o of before) {
      const now = after.get(o.id)!;
      expect([now.status, now.attempts, now.sentAt, now.lastError]).toEqual([o.status, o.attempts, o.sentAt, o.lastError]);
    }
    // Nothing left to send: the next run sends nothing again.
    w.ws.kernel.clock.set(w.ws.kernel.clock.now() + LEASE_MS + 60_000);
    expect(flush(w).sent).toBe(0);
  });

  test('a row above deleted: the later marks land on their own entries', () => {
    const { w, ids } = queued(4);
    onSend(w, (n) => {
      if (n === 1) w.ws.kernel.meter.unmetered(() => outboxSheet(w).deleteRow(2)); // an old "assigned" row
    });
    expect(flush(w).sent).toBe(4);
    const status = reminderStatus(w);
    expect(ids.map((id) => status.get(id)!.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(readOutbox(w.c()).filter((o) => o.status === 'pending')).toEqual([]);
    w.ws.kernel.clock.set(w.ws.kernel.clock.now() + LEASE_MS + 60_000);
    expect(flush(w).sent).toBe(0);
    expect(w.received(PAT, /reminder/i)).toHaveLength(4);
  });
});
