/**
 * The timers through dist/Code.js: set-up installs the ONE dispatcher trigger, the local Workspace's clock fires
 * it (handoffTimerRun in the script's vm), reminders and the escalation go out at the business-time instants,
 * the menu's pause / resume works, and set-up run again keeps the one trigger.
 */
import { desk, LEAD, PAT, PEOPLE, REQ } from '../unit/gas/timers/helpers';
import { timersBundle } from './timers-harness';
import { auditView, WIDE_HEADERS } from '../support/audit-view';

const OWNER = 'ada@acme.test';
const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

function world() {
  const { h, script, mail } = timersBundle(OWNER, at(6, 20));
  return { h, script, mail };
}

test('set-up installs one dispatcher; the clock fires it; reminders and the escalation arrive on business time', () => {
  const { h, script, mail } = world();
  h.call('handoffSetUp');
  h.call('handoffSetUp');
  expect(script.controls.list().filter((t) => t.handler === 'handoffTimerRun')).toHaveLength(1);
  h.sheet.write('Directory', 'A3', PEOPLE);
  h.call('handoffPublishWorkflow', [desk]);
  const created = h.call<{ request?: { id: string } }>(
    'handoffCreateRequest',
    [{ workflowId: 'desk', fields: { item: 'Chair', owner: PAT } }],
    { as: REQ },
  );
  const id = created.request?.id ?? (created as unknown as { id: string }).id;
  expect(id).toMatch(/^DR-/);
  script.controls.advanceTo(at(12, 0));
  const got = (who: string) =>
    mail.controls
      .inbox(who)
      .filter((m) => /reminder|overdue/i.test(m.subject))
      .map((m) => new Date(m.date).toISOString().slice(0, 16));
  expect(got(PAT)).toEqual(['2026-03-10T15:00', '2026-03-10T19:00', '2026-03-11T19:00']);
  expect(got(LEAD)).toEqual(['2026-03-11T19:00']);
});

test('pause / resume from the menu entry point: nothing is sent while paused, and only admins may toggle', () => {
  const { h, script, mail } = world();
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', PEOPLE);
  h.call('handoffPublishWorkflow', [desk]);
  expect(h.call<string>('handoffToggleAutomation')).toMatch(/paused/);
  h.ws.sheets.get(h.spreadsheetId).share(PAT, 'editor'); // Pat has the sheet open (the menu); he is no admin
  expect(() => h.call('handoffToggleAutomation', [], { as: PAT, runAs: PAT })).toThrow(/Only the spreadsheet owner and Handoff admins/);
  h.call('handoffCreateRequest', [{ workflowId: 'desk', fields: { item: 'Lamp', owner: PAT } }], { as: REQ });
  script.controls.advanceTo(at(11, 0));
  expect(mail.controls.inbox(PAT)).toEqual([]);
  expect(h.call<string>('handoffTimersStatus')).toMatch(/PAUSED/);
  expect(h.call<string>('handoffToggleAutomation')).toMatch(/resumed/);
  script.controls.advanceTo(at(11, 1));
  // Caught up: the "assigned" mail, and one reminder (the 8 h one; the 4 h one is recorded as skipped), no flood.
  expect(mail.controls.inbox(PAT).map((m) => m.subject.replace(/DR-\d+/g, 'ID'))).toEqual([
    '[ID] Desk request: assigned to you (Triage)',
    '[ID] Desk request: reminder, due in 18 hours',
  ]);
});

test('the Outbox is a queue: sent rows leave it with Audit’s record; a dead row stays visible to admins', () => {
  const { h, script, mail } = world();
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', PEOPLE);
  h.call('handoffPublishWorkflow', [desk]);
  const outbox = () =>
    h.sheet
      .values('Outbox')
      .slice(1)
      .filter((r) => r.some((c) => c !== ''));
  const head = h.sheet.values('Outbox')[0] as string[];
  const make = (item: string) =>
    h.call<{ request?: { id: string } }>('handoffCreateRequest', [{ workflowId: 'desk', fields: { item, owner: PAT } }], { as: REQ })
      .request!.id;
  const sent = make('Chair');
  script.controls.advanceTo(at(6, 21));
  expect(mail.controls.inbox(PAT).map((m) => m.subject)).toEqual([`[${sent}] Desk request: assigned to you (Triage)`]);
  expect(outbox()).toEqual([]);
  const audit = auditView(h.sheet.values('Audit'));
  const col = (n: string) => (WIDE_HEADERS as readonly string[]).indexOf(n);
  const record = audit.find((r) => r[col('Action')] === 'outbox_sent')!;
  const messages = (JSON.parse(String(record[col('Details')])) as { messages: Array<Record<string, unknown>> }).messages;
  expect(messages).toEqual([expect.objectContaining({ request: sent, kind: 'assigned', to: PAT, outcome: 'sent' })]);
  // Every send fails: after 8 attempts the row is dead, and stays in the Outbox with its error.
  (h.context as unknown as Record<string, unknown>).MailApp = {
    getRemainingDailyQuota: () => 100,
    sendEmail: () => {
      throw new Error('Mail service refused the message');
    },
  };
  const dead = make('Desk');
  script.controls.advanceTo(at(7, 21));
  const rows = outbox();
  expect(rows).toHaveLength(1);
  expect(rows[0]![head.indexOf('Status')]).toBe('failed');
  expect(String(rows[0]![head.indexOf('Last error')])).toMatch(/refused the message .*gave up after 8 attempts/);
  expect(String(rows[0]![head.indexOf('Payload')])).toContain(dead);
});

test('the run that sends three reminders is two units of work through dist/Code.js: calls by method', () => {
  const { h, script, mail } = world();
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', PEOPLE);
  h.call('handoffPublishWorkflow', [desk]);
  for (const item of ['Chair', 'Desk', 'Lamp'])
    h.call('handoffCreateRequest', [{ workflowId: 'desk', fields: { item, owner: PAT } }], { as: REQ });
  script.controls.advanceTo(at(10, 14, 55)); // the "assigned" mail sent; the 4-hour reminders due at 15:00
  const before = mail.controls.inbox(PAT).length;
  const { cost } = h.ws.kernel.measure(() => script.controls.advanceTo(at(10, 15, 5)));
  expect(
    mail.controls
      .inbox(PAT)
      .slice(before)
      .map((m) => m.subject),
  ).toEqual(['Desk request: reminder, 3 requests waiting']);
  const c = cost.calls;
  // The first unit (lease, scan, the three reminders written with their Audit and Outbox rows, claimed) and the
  // Outbox's record: one batchGet and one batchUpdate each, nothing through SpreadsheetApp's ranges.
  expect(c['Sheets.Spreadsheets.Values.batchGet']).toBe(2);
  expect(c['Sheets.Spreadsheets.batchUpdate']).toBe(2);
  for (const m of ['Sheet.getSheetValues', 'Range.getValues', 'Range.setValues', 'SpreadsheetApp.flush', 'Sheet.insertRowsAfter'])
    expect(c[m] ?? 0).toBe(0);
  // Two locks; the properties written twice (the first unit's, the run's last); ids from one uuid.
  expect(c['Lock.waitLock']).toBe(2);
  expect(c['Lock.tryLock'] ?? 0).toBe(0);
  expect(c['Properties.setProperties']).toBe(2);
  expect(c['Properties.setProperty'] ?? 0).toBe(0);
  expect(c['Properties.deleteProperty'] ?? 0).toBe(0);
  expect(c['Utilities.getUuid']).toBe(1);
  expect(c['Utilities.base64EncodeWebSafe'] ?? 0).toBe(0);
});
