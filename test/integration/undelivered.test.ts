/**
 * Admin > Undelivered emails through dist/Code.js: a dead Outbox row (the mail service refused it 8 times) is listed
 * with its error; an admin sends it again once the cause is fixed, the retry is audited, and the next timer run
 * sends it (the idle timer sees the wake-up). Only admins may list or retry.
 */
import { desk, PAT, PEOPLE, REQ } from '../unit/gas/timers/helpers';
import { timersBundle } from './timers-harness';
import { auditView, WIDE_HEADERS } from '../support/audit-view';

const OWNER = 'ada@acme.test';
const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

interface Undelivered {
  emails: Array<{ id: string; to: string; kind: string; requestId: string; error: string; attempts: number; queuedAt: number }>;
  keepDays: number;
}
interface Retried {
  retried: Array<{ id: string }>;
  gone: string[];
  message: string;
}

function world() {
  const { h, c, script, mail } = timersBundle(OWNER, at(6, 20));
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', PEOPLE);
  h.call('handoffSetUp');
  h.call('handoffPublishWorkflow', [desk]);
  const make = (item: string) =>
    h.call<{ request?: { id: string } }>('handoffCreateRequest', [{ workflowId: 'desk', fields: { item, owner: PAT } }], { as: REQ })
      .request!.id;
  return { h, c, script, mail, make };
}

test('a dead email is listed with its error, sent again by an admin after the fix, audited, and delivered by the next run', () => {
  const { h, c, script, mail, make } = world();
  const working = c.MailApp;
  c.MailApp = {
    getRemainingDailyQuota: () => 100,
    sendEmail: () => {
      throw new Error('Mail service refused the message');
    },
  };
  const first = make('Desk');
  const second = make('Lamp');
  script.controls.advanceTo(at(7, 21));
  const list = h.call<Undelivered>('handoffPanelUndelivered', [{}]);
  expect(list.keepDays).toBe(30);
  expect(list.emails.map((e) => [e.requestId, e.to, e.kind, e.attempts])).toEqual([
    [first, PAT, 'assigned', 8],
    [second, PAT, 'assigned', 8],
  ]);
  expect(list.emails[0]!.error).toMatch(/refused the message .*gave up after 8 attempts/);
  // The panel tells admins at each open (a count the Outbox's writers keep); nobody else.
  const told = (as = OWNER) => h.call<{ undelivered: number }>('handoffPanelWhoAmI', [{}], { as, runAs: as }).undelivered;
  expect(told()).toBe(2);

  // The cause is fixed; the admin sends the first one again. The idle timer wakes for it.
  c.MailApp = working;
  const one = h.call<Retried>('handoffPanelRetryUndelivered', [{ ids: [list.emails[0]!.id] }]);
  expect(one.retried.map((e) => e.id)).toEqual([list.emails[0]!.id]);
  expect(one.message).toBe('1 email queued again: the next timer run sends it.');
  expect(h.call<Undelivered>('handoffPanelUndelivered', [{}]).emails.map((e) => e.requestId)).toEqual([second]);
  expect(told()).toBe(1);
  const audit = auditView(h.sheet.values('Audit'));
  const col = (n: string) => (WIDE_HEADERS as readonly string[]).indexOf(n);
  const retried = audit.filter((r) => r[col('Action')] === 'outbox_retried');
  expect(retried).toHaveLength(1);
  expect(retried[0]![col('Actor')]).toBe(OWNER);
  expect(JSON.parse(String(retried[0]![col('Details')])).messages).toEqual([
    expect.objectContaining({ id: list.emails[0]!.id, request: first, kind: 'assigned', to: PAT }),
  ]);
  script.controls.advanceTo(at(7, 21, 11));
  expect(mail.controls.inbox(PAT).map((m) => m.subject)).toEqual([`[${first}] Desk request: assigned to you (Triage)`]);

  // "Send all again": the rest; then nothing is left, and a second retry of a sent one changes nothing.
  const all = h.call<Retried>('handoffPanelRetryUndelivered', [{}]);
  expect(all.retried).toHaveLength(1);
  script.controls.advanceTo(at(7, 21, 22));
  expect(mail.controls.inbox(PAT)).toHaveLength(2);
  expect(h.call<Undelivered>('handoffPanelUndelivered', [{}]).emails).toEqual([]);
  expect(told()).toBe(0);
  h.ws.sheets.get(h.spreadsheetId).share(PAT, 'editor');
  expect(told(PAT)).toBe(0);
  const again = h.call<Retried>('handoffPanelRetryUndelivered', [{ ids: [list.emails[0]!.id] }]);
  expect(again).toMatchObject({ retried: [], gone: [list.emails[0]!.id] });
  expect(again.message).toMatch(/nothing was changed/);
  expect(auditView(h.sheet.values('Audit')).filter((r) => r[col('Action')] === 'outbox_retried')).toHaveLength(2);
});

test('only admins list or retry undelivered emails; an empty choice or a bad id changes nothing, and says so', () => {
  const { h } = world();
  h.ws.sheets.get(h.spreadsheetId).share(PAT, 'editor');
  expect(() => h.call('handoffPanelUndelivered', [{}], { as: PAT, runAs: PAT })).toThrow(/admin/i);
  expect(() => h.call('handoffPanelRetryUndelivered', [{}], { as: PAT, runAs: PAT })).toThrow(/admin/i);
  expect(h.call<Retried>('handoffPanelRetryUndelivered', [{ ids: [] }]).message).toBe('No email was chosen: nothing was changed.');
  expect(h.call<Retried>('handoffPanelRetryUndelivered', [{ ids: ['no-such-row'] }])).toMatchObject({ retried: [], gone: ['no-such-row'] });
  expect(() => h.call('handoffPanelRetryUndelivered', [{ ids: 'all' }])).toThrow(/"Emails"/);
});
