/**
 * The Outbox sender (src/gas/mail/outbox-sender.ts), a queue: calls per run are fixed (a claim and a record, one
 * batchGet and one batchUpdate each), never per send and never by history; sent rows leave the Outbox once Audit
 * records them; dead rows stay visible; a crash re-sends at most the claimed batch and loses nothing; oldest first,
 * one claim per entry across overlapping runs, quota, backoff then 'failed', and rows sorted by hand while a run sends.
 */
import { readOutbox } from '../../../../src/gas/commands/read';
import { outboxHistory } from '../../../../src/gas/mail/outbox-history';
import { backoffMs, DEAD_KEEP_DAYS, flushOutbox, LEASE_MS, MAX_ATTEMPTS } from '../../../../src/gas/mail/outbox-sender';
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { setUp } from '../../../../src/gas/setup/setup';
import { OWNER } from '../workspace';
import { PAT, timersWorld, type TimersWorld } from '../timers/helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

/** Outbox rows as an older version left them: `n` copies of a sent row. */
function legacyHistory(w: TimersWorld, n: number, status = 'sent'): void {
  const rows = w.sheet.values('Outbox');
  const head = rows[0] as string[];
  const template = [...(rows[1] as unknown[])];
  template[head.indexOf('Payload')] = JSON.stringify({ kind: 'assigned', requestId: 'OLD-000001', to: PAT });
  w.sheet.write(
    'Outbox',
    `A${rows.length + 1}`,
    Array.from({ length: n }, (_, i) => {
      const r = [...template];
      r[head.indexOf('ID')] = `old-${i}`;
      r[head.indexOf('Key')] = `old-key-${i}`;
      r[head.indexOf('Status')] = status;
      return r;
    }),
  );
}

/**
 * `n` requests whose first reminder is queued in the Outbox and due (the mail quota was used up while the timers
 * queued them), after `history` rows an older version left as sent. The clock is at Tue 10 March 15:05 UTC.
 */
function queued(n: number, history = 0): { w: TimersWorld; ids: string[] } {
  const w = timersWorld(at(6, 20));
  const ids = Array.from({ length: n }, (_, i) => w.create(`Item ${i}`));
  w.as(OWNER, () => runTimers(w.c())); // sends the "assigned" mails (their rows leave the Outbox)
  expect(readOutbox(w.c())).toEqual([]);
  w.ws.kernel.clock.set(at(10, 15, 5));
  w.mail.controls.setUsed(OWNER, 1500);
  w.as(OWNER, () => runTimers(w.c())); // reminders recorded and queued; none sent
  w.mail.controls.setUsed(OWNER, 0);
  if (history > 0) legacyHistory(w, history);
  expect(pendingReminders(w)).toHaveLength(n);
  return { w, ids };
}

const pendingReminders = (w: TimersWorld) => readOutbox(w.c()).filter((o) => o.kind === 'reminder' && o.status === 'pending');
const fates = (w: TimersWorld) =>
  new Map(
    outboxHistory(w.c())
      .filter((o) => o.kind === 'reminder')
      .map((o) => [o.request, o]),
  );
const flush = (w: TimersWorld, opts: Parameters<typeof flushOutbox>[1] = {}) => w.as(OWNER, () => flushOutbox(w.c(), opts));
/** Request ids listed in the reminders PAT received (one message can list several). */
const remindedIds = (w: TimersWorld) =>
  w.mail.controls
    .inbox(PAT)
    .filter((m) => /reminder|overdue/i.test(m.subject))
    .flatMap((m) => [...new Set(m.body.match(/\bDESK-\d{6}\b|\b[A-Z]+-\d{6}\b/g) ?? [])]);

function measured(w: TimersWorld, opts: Parameters<typeof flushOutbox>[1] = {}) {
  let result: ReturnType<typeof flushOutbox> | null = null;
  const { cost } = w.ws.kernel.measure(() => {
    result = flush(w, opts);
  });
  const sheets = Object.entries(cost.calls).filter(([k]) => /^(Sheets|Sheet|Range|Spreadsheet|SpreadsheetApp)\./.test(k));
  return { calls: sheets.reduce((n, [, v]) => n + v, 0), detail: Object.fromEntries(sheets), result: result! };
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

test('Sheet calls per run are fixed: the same for 5 and 25 sends, and with 300 rows an older version left', () => {
  const few = measured(queued(5).w);
  const many = measured(queued(25).w);
  expect(few.result.sent).toBe(5);
  expect(many.result.sent).toBe(25);
  expect(many.detail).toEqual(few.detail);
  // Two units of work (claim, record): one batchGet and one batchUpdate each; no flush, no per-send write.
  expect(many.detail['Sheets.Spreadsheets.Values.batchGet']).toBe(2);
  expect(many.detail['Sheets.Spreadsheets.batchUpdate']).toBe(2);
  expect(many.detail['SpreadsheetApp.flush']).toBeUndefined();
  const old = measured(queued(5, 300).w);
  expect(old.result.sent).toBe(5);
  expect(old.result.removed).toBe(305);
  expect(old.calls).toBe(few.calls);
});

test('sent rows leave the Outbox in the record write; Audit lists each (id, request, kind, recipients)', () => {
  const { w, ids } = queued(3);
  const queuedIds = pendingReminders(w).map((o) => o.id);
  const r = flush(w);
  expect(r.sent).toBe(3);
  expect(readOutbox(w.c())).toEqual([]);
  expect(
    w.sheet
      .values('Outbox')
      .slice(1)
      .every((row) => row.every((c) => c === '')),
  ).toBe(true);
  const f = fates(w);
  expect(ids.map((id) => [f.get(id)!.status, f.get(id)!.to, f.get(id)!.live])).toEqual(ids.map(() => ['sent', PAT, false]));
  expect(ids.map((id) => f.get(id)!.id).sort()).toEqual([...queuedIds].sort());
  // The next run finds nothing to send and nothing to remove.
  w.ws.kernel.clock.set(w.ws.kernel.clock.now() + LEASE_MS + 60_000);
  expect(flush(w)).toMatchObject({ sent: 0, removed: 0 });
});

test('one message per person per run: PAT gets one email listing every reminder, each with its own text', () => {
  const { w, ids } = queued(4);
  const r = flush(w);
  expect(r.sent).toBe(4);
  expect(r.emails).toBe(1);
  const mails = w.mail.controls.inbox(PAT).filter((m) => /reminder/i.test(m.subject));
  expect(mails).toHaveLength(1);
  expect(mails[0]!.subject).toMatch(/reminder, 4 requests waiting/);
  for (const id of ids) expect(mails[0]!.body).toContain(id);
  expect(mails[0]!.htmlBody).toContain('<hr>');
});

test('a crash between the sends and the record re-sends at most the claimed batch, after the lease, and loses nothing', () => {
  const { w, ids } = queued(5);
  const api = w.ws.globals.Sheets as { Spreadsheets: { batchUpdate: (...a: unknown[]) => unknown } };
  const write = api.Spreadsheets.batchUpdate.bind(api.Spreadsheets);
  let writes = 0;
  api.Spreadsheets.batchUpdate = (...a: unknown[]) => {
    if (++writes === 2) throw new Error('Exceeded maximum execution time'); // the run dies before its record
    return write(...a);
  };
  expect(() => flush(w, { max: 3 })).toThrow(/execution time/);
  api.Spreadsheets.batchUpdate = write;
  expect(remindedIds(w)).toEqual(ids.slice(0, 3));
  // Claimed rows stay pending under their lease: a run before it ends sends the other two only.
  expect(flush(w).sent).toBe(2);
  expect(pendingReminders(w)).toHaveLength(3);
  w.ws.kernel.clock.set(w.ws.kernel.clock.now() + LEASE_MS);
  expect(flush(w).sent).toBe(3);
  const times = new Map<string, number>();
  for (const id of remindedIds(w)) times.set(id, (times.get(id) ?? 0) + 1);
  expect(ids.map((id) => times.get(id))).toEqual([2, 2, 2, 1, 1]);
  expect(readOutbox(w.c())).toEqual([]);
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
  expect([...remindedIds(w)].sort()).toEqual([...ids].sort());
  expect([...fates(w).values()].map((o) => o.status)).toEqual(ids.map(() => 'sent'));
});

test('quota: with none left nothing is claimed for mail; entries stay pending, attempts untouched', () => {
  const { w, ids } = queued(3);
  w.mail.controls.setUsed(OWNER, 1500);
  const r = flush(w);
  expect(r).toMatchObject({ sent: 0, quotaExhausted: true });
  expect(pendingReminders(w).map((o) => o.attempts)).toEqual(ids.map(() => 0));
  w.mail.controls.setUsed(OWNER, 0);
  expect(flush(w).sent).toBe(3);
});

test('a failing send is retried with backoff, then marked failed: the dead row stays visible, then expires into Audit', () => {
  const { w } = queued(1);
  (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = () => {
    throw new Error('Service invoked too many times: email');
  };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const now = w.ws.kernel.clock.now();
    const r = flush(w);
    const [entry] = readOutbox(w.c()).filter((o) => o.kind === 'reminder');
    expect(entry!.attempts).toBe(attempt);
    if (attempt < MAX_ATTEMPTS) {
      expect(r.retrying).toBe(1);
      expect(entry!.status).toBe('pending');
      expect(entry!.nextAttempt).toBe(now + backoffMs(attempt));
      w.ws.kernel.clock.set(entry!.nextAttempt! - 1000);
      expect(flush(w).retrying).toBe(0);
      w.ws.kernel.clock.set(entry!.nextAttempt!);
    } else {
      expect(r.failed).toHaveLength(1);
      expect(entry!.status).toBe('failed');
      expect(entry!.lastError).toMatch(/too many times.*gave up after 8 attempts/);
    }
  }
  // Dead: kept in the Outbox (admins see it) for DEAD_KEEP_DAYS after it was queued, then removed, with Audit's record.
  w.ws.kernel.clock.set(w.ws.kernel.clock.now() + 86_400_000);
  flush(w);
  expect(readOutbox(w.c()).map((o) => o.status)).toEqual(['failed']);
  w.ws.kernel.clock.set(at(10, 15, 5) + DEAD_KEEP_DAYS * 86_400_000 + 60_000);
  expect(flush(w).removed).toBe(1);
  expect(readOutbox(w.c())).toEqual([]);
  expect(
    outboxHistory(w.c())
      .filter((o) => o.kind === 'reminder')
      .map((o) => o.status),
  ).toEqual(['failed', 'expired']);
});

test('a reminder whose request moved on is cancelled as moot, not sent', () => {
  const { w, ids } = queued(2);
  w.act(ids[0]!, { type: 'transition', name: 'close' }, PAT);
  const r = flush(w);
  expect(r.cancelled).toBe(1);
  expect(fates(w).get(ids[0]!)!.status).toBe('cancelled');
  expect(fates(w).get(ids[1]!)!.status).toBe('sent');
  expect(remindedIds(w)).toEqual([ids[1]]);
});

test('a deadline already passed: nothing is sent, the claimed entries are given back due at once', () => {
  const { w, ids } = queued(3);
  const r = flush(w, { deadline: w.ws.kernel.clock.now() });
  expect(r.sent).toBe(0);
  const rows = pendingReminders(w);
  expect(rows.map((o) => o.attempts)).toEqual(ids.map(() => 0));
  for (const o of rows) expect(o.nextAttempt).toBeLessThanOrEqual(w.ws.kernel.clock.now());
});

test('rows sorted by hand while a run sends: each outcome lands on its own entry', () => {
  const { w, ids } = queued(5);
  legacyHistory(w, 3, 'failed'); // dead rows, kept
  const dead = readOutbox(w.c()).filter((o) => o.status === 'failed');
  onSend(w, () => {
    const values = w.sheet.values('Outbox');
    w.sheet.write('Outbox', 'A2', values.slice(1).reverse());
  });
  expect(flush(w).sent).toBe(5);
  const after = readOutbox(w.c());
  expect(after.map((o) => [o.id, o.status, o.attempts, o.lastError]).sort()).toEqual(
    dead.map((o) => [o.id, o.status, o.attempts, o.lastError]).sort(),
  );
  expect(remindedIds(w).sort()).toEqual([...ids].sort());
});

test('an older workbook upgrades in place: Set up / repair keeps unsent rows; the runs send them and clear the old sent rows', () => {
  const { w, ids } = queued(3, 400);
  w.as(OWNER, () => setUp(w.c()));
  expect(pendingReminders(w)).toHaveLength(3);
  const first = flush(w);
  expect(first.sent).toBe(3);
  expect(readOutbox(w.c())).toHaveLength(400 + 3 - first.removed);
  w.ws.kernel.clock.set(w.ws.kernel.clock.now() + 600_000);
  flush(w);
  expect(readOutbox(w.c())).toEqual([]);
  const old = outboxHistory(w.c()).filter((o) => o.status === 'done earlier');
  expect(old).toHaveLength(400);
  expect(remindedIds(w).sort()).toEqual([...ids].sort());
});
