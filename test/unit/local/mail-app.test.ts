import { Kernel } from '../../../src/local/kernel/kernel';
import { createMailServices } from '../../../src/local/services/mail';

const start = Date.UTC(2026, 0, 5, 17, 0, 0); // 09:00 in California

function setup(accountType: 'consumer' | 'workspace' = 'workspace') {
  const kernel = new Kernel({ owner: 'ada@acme.test', start, accountType });
  const mail = createMailServices(kernel);
  return {
    kernel,
    mail,
    MailApp: mail.MailApp as unknown as GoogleAppsScript.Mail.MailApp,
    GmailApp: mail.GmailApp as unknown as GoogleAppsScript.Gmail.GmailApp,
  };
}

describe('MailApp', () => {
  test("every sendEmail overload delivers to each recipient's inbox", () => {
    const { MailApp, mail } = setup();
    MailApp.sendEmail('bob@acme.test', 'S1', 'plain 1');
    MailApp.sendEmail('bob@acme.test', 'S2', 'plain 2', {
      htmlBody: '<b>hi</b>',
      name: 'Handoff',
      cc: 'carol@acme.test',
      bcc: 'dan@x.org',
      replyTo: 'help@acme.test',
    });
    MailApp.sendEmail('bob@acme.test', 'reply@acme.test', 'S3', 'plain 3');
    MailApp.sendEmail({ to: 'bob@acme.test, erin@acme.test', subject: 'S4', htmlBody: '<p>Hello<br>there &amp; you</p>' });
    const bob = mail.controls.inbox('bob@acme.test');
    expect(bob.map((m) => m.subject)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(bob[1]).toMatchObject({
      from: 'ada@acme.test',
      fromHeader: '"Handoff" <ada@acme.test>',
      to: ['bob@acme.test'],
      cc: ['carol@acme.test'],
      bcc: [],
      replyTo: 'help@acme.test',
      body: 'plain 2',
      htmlBody: '<b>hi</b>',
      date: start,
    });
    expect(bob[2]!.replyTo).toBe('reply@acme.test');
    expect(bob[3]!.body).toBe('Hello\nthere & you');
    expect(mail.controls.inbox('carol@acme.test').map((m) => m.subject)).toEqual(['S2']);
    expect(mail.controls.inbox('dan@x.org').map((m) => m.subject)).toEqual(['S2']);
    expect(mail.controls.inbox('erin@acme.test')).toHaveLength(1);
    expect(mail.controls.outbox().map((m) => m.subject)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(mail.controls.outbox()[1]!.bcc).toEqual(['dan@x.org']);
    const ids = new Set(mail.store.messages.map((m) => m.id));
    expect(ids.size).toBe(mail.store.messages.length);
  });

  test("the sender is the execution's effective user; noReply uses the domain's noreply address (Workspace only)", () => {
    const { MailApp, mail, kernel } = setup();
    kernel.executions.run({ activeUser: '', effectiveUser: 'ada@acme.test', kind: 'web-app' }, () =>
      MailApp.sendEmail('bob@acme.test', 'x', 'y', { noReply: true }),
    );
    expect(mail.controls.inbox('bob@acme.test')[0]!.from).toBe('noreply@acme.test');
    const c = setup('consumer');
    c.MailApp.sendEmail('bob@acme.test', 'x', 'y', { noReply: true });
    expect(c.mail.controls.inbox('bob@acme.test')[0]!.from).toBe('ada@acme.test');
  });

  test('invalid and missing recipients are refused', () => {
    const { MailApp } = setup();
    expect(() => MailApp.sendEmail('not-an-address', 's', 'b')).toThrow('Invalid email: not-an-address');
    expect(() => MailApp.sendEmail({ subject: 's', body: 'b' })).toThrow('Failed to send email: no recipient');
  });

  test.each([
    ['consumer', 100],
    ['workspace', 1500],
  ] as const)(
    "%s daily quota: %p recipients, counted per recipient, Apps Script's error past it, reset at midnight Pacific",
    (type, limit) => {
      const { MailApp, mail, kernel } = setup(type);
      expect(MailApp.getRemainingDailyQuota()).toBe(limit);
      MailApp.sendEmail('a@x.org,b@x.org', 's', 'b', { cc: 'c@x.org' });
      expect(MailApp.getRemainingDailyQuota()).toBe(limit - 3);
      mail.controls.setUsed('ada@acme.test', limit - 1);
      expect(() => MailApp.sendEmail('a@x.org,b@x.org', 's', 'b')).toThrow('Service invoked too many times for one day: email.');
      MailApp.sendEmail('a@x.org', 's', 'b');
      expect(MailApp.getRemainingDailyQuota()).toBe(0);
      // 17:00Z is 09:00 PST; midnight Pacific is 08:00Z the next day.
      kernel.clock.set(Date.UTC(2026, 0, 6, 7, 59));
      expect(MailApp.getRemainingDailyQuota()).toBe(0);
      kernel.clock.set(Date.UTC(2026, 0, 6, 8, 0));
      expect(MailApp.getRemainingDailyQuota()).toBe(limit);
    },
  );

  test('quota is per sending user', () => {
    const { MailApp, mail, kernel } = setup();
    mail.controls.setUsed('ada@acme.test', 1500);
    kernel.executions.run({ activeUser: 'bob@acme.test' }, () => {
      expect(MailApp.getRemainingDailyQuota()).toBe(1500);
      MailApp.sendEmail('c@x.org', 's', 'b');
    });
    expect(mail.controls.inbox('c@x.org')[0]!.from).toBe('bob@acme.test');
  });

  test('failure injection: the next N sends throw, nothing is delivered or counted', () => {
    const { MailApp, mail } = setup();
    mail.controls.failNext(2);
    expect(() => MailApp.sendEmail('b@x.org', 's', 'b')).toThrow('Service unavailable: Gmail');
    expect(() => MailApp.sendEmail('b@x.org', 's', 'b')).toThrow();
    MailApp.sendEmail('b@x.org', 's', 'b');
    expect(mail.controls.inbox('b@x.org')).toHaveLength(1);
    expect(MailApp.getRemainingDailyQuota()).toBe(1499);
  });

  test('state round-trips through toJSON/restore', () => {
    const { MailApp, mail } = setup();
    MailApp.sendEmail('b@x.org', 's', 'b');
    const b = setup();
    b.mail.controls.restore(JSON.parse(JSON.stringify(mail.controls.toJSON())));
    expect(b.mail.controls.inbox('b@x.org')).toEqual(mail.controls.inbox('b@x.org'));
    expect(b.MailApp.getRemainingDailyQuota()).toBe(1499);
  });

  test("a send's bodies are saved once for all its copies, and every copy gets them back", () => {
    const { MailApp, mail } = setup();
    MailApp.sendEmail({
      to: 'b@x.org,c@x.org',
      subject: 's',
      body: 'the-plain-body ' + 'x'.repeat(300),
      htmlBody: '<p>html</p>'.repeat(50),
    });
    MailApp.sendEmail('b@x.org', 'second', 'other body');
    const saved = JSON.parse(JSON.stringify(mail.controls.toJSON())) as { messages: Array<Record<string, unknown>>; bodies: object };
    // Two sends: the sender's copy and three inbox copies, bodies written twice in all.
    expect(Object.keys(saved.bodies)).toHaveLength(2);
    expect(saved.messages.filter((m) => 'body' in m)).toEqual([]);
    expect(JSON.stringify(saved).split('the-plain-body').length - 1).toBe(1);
    const b = setup();
    b.mail.controls.restore(saved as never);
    for (const who of ['b@x.org', 'c@x.org']) expect(b.mail.controls.inbox(who)).toEqual(mail.controls.inbox(who));
    expect(b.mail.controls.outbox()).toEqual(mail.controls.outbox());
  });
});

describe('GmailApp', () => {
  test("sendEmail, getMessageById in the recipient's mailbox, message and thread accessors", () => {
    const { GmailApp, mail, kernel } = setup();
    GmailApp.sendEmail('bob@acme.test', 'Approve REQ-1', 'Please approve', { htmlBody: '<p>Please <b>approve</b></p>', name: 'Handoff' });
    const [m] = mail.controls.inbox('bob@acme.test');
    kernel.executions.run({ activeUser: 'bob@acme.test' }, () => {
      const msg = GmailApp.getMessageById(m!.id);
      expect(msg.getSubject()).toBe('Approve REQ-1');
      expect(msg.getFrom()).toBe('"Handoff" <ada@acme.test>');
      expect(msg.getTo()).toBe('bob@acme.test');
      expect(msg.getBody()).toBe('<p>Please <b>approve</b></p>');
      expect(msg.getPlainBody()).toBe('Please approve');
      expect(msg.getDate().getTime()).toBe(start);
      expect(msg.getThread().getFirstMessageSubject()).toBe('Approve REQ-1');
      expect(msg.getHeader('Subject')).toBe('Approve REQ-1');
      expect(GmailApp.search('subject:"REQ-1" is:unread')).toHaveLength(1);
      expect(GmailApp.search('from:nobody')).toHaveLength(0);
      expect(GmailApp.getAliases()).toEqual([]);
    });
    // Ada cannot read Bob's copy by id.
    expect(() => GmailApp.getMessageById(m!.id)).toThrow('Invalid argument: id');
  });

  test('in a Gmail add-on execution, reading the message needs its access token', () => {
    const { GmailApp, mail, kernel } = setup();
    GmailApp.sendEmail('bob@acme.test', 'x', 'y');
    const [m] = mail.controls.inbox('bob@acme.test');
    const token = mail.controls.accessToken(m!.id);
    kernel.executions.run({ activeUser: 'bob@acme.test', kind: 'addon-card' }, () => {
      expect(() => GmailApp.getMessageById(m!.id)).toThrow(/Missing access token/);
      GmailApp.setCurrentMessageAccessToken(token);
      expect(GmailApp.getMessageById(m!.id).getSubject()).toBe('x');
    });
    kernel.executions.run({ activeUser: 'bob@acme.test', kind: 'addon-card' }, () => {
      expect(() => GmailApp.getMessageById(m!.id)).toThrow(/Missing access token/); // per execution
    });
  });
});
