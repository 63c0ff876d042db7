/** Gmail drafts, search and inbox threads, against the GmailApp reference. */
import { loadScript } from '../../../src/local/runtime';
import { createWorkspace } from '../../../src/local/workspace';

const CODE = `
function draft() {
  var d = GmailApp.createDraft('bea@acme.test', 'Quote', 'Please find the quote.', { cc: 'cal@acme.test', name: 'Ada' });
  // The reference's sample: draft.getMessage().getId() is the draft's message id.
  return { id: d.getId(), same: d.getMessageId() === d.getMessage().getId(), isDraft: d.getMessage().isDraft(),
           count: GmailApp.getDrafts().length, subjects: GmailApp.getDraftMessages().map(function (m) { return m.getSubject(); }) };
}
function edit(id) { GmailApp.getDraft(id).update('bea@acme.test', 'Quote v2', 'Updated.'); return GmailApp.getDraft(id).getMessage().getSubject(); }
function send(id) { var m = GmailApp.getDraft(id).send(); return { subject: m.getSubject(), drafts: GmailApp.getDrafts().length }; }
function missing(id) { return GmailApp.getDraft(id); }
function find(q, start, max) { return GmailApp.search(q, start, max).map(function (t) { return t.getFirstMessageSubject(); }); }
function inbox(start, max) { return GmailApp.getInboxThreads(start, max).map(function (t) { return [t.getFirstMessageSubject(), t.isUnread()]; }); }
`;

function setup() {
  const ws = createWorkspace({ owner: 'ada@acme.test' });
  const script = loadScript(ws, CODE);
  return { ws, script };
}

describe('GmailApp drafts', () => {
  // createDraft: "Creates a draft email message."; GmailDraft.send: "Sends this draft email message." (returns "the
  // newly sent message"); GmailApp.getDraft: "Retrieve an email message draft by ID."
  test('create, list, update, send: the draft becomes a sent message and leaves the drafts', () => {
    const { ws, script } = setup();
    const d = script.call('draft') as { id: string; same: boolean; isDraft: boolean; count: number; subjects: string[] };
    expect(d).toMatchObject({ same: true, isDraft: true, count: 1, subjects: ['Quote'] });
    expect(d.id).toMatch(/^r\d+$/);
    expect(ws.mail.inbox('bea@acme.test')).toHaveLength(0); // a draft is not delivered
    expect(script.call('edit', [d.id])).toBe('Quote v2');
    expect(script.call('send', [d.id])).toEqual({ subject: 'Quote v2', drafts: 0 });
    expect(ws.mail.inbox('bea@acme.test').map((m) => m.subject)).toEqual(['Quote v2']);
    expect(ws.mail.remaining('ada@acme.test')).toBe(1500 - 1); // sending counts against the quota like sendEmail
    // getDraft: "Throws Error — if no draft with the given ID can be found".
    expect(() => script.call('missing', [d.id])).toThrow('No draft with the given ID could be found.');
  });
});

describe('GmailApp.search and getInboxThreads', () => {
  test('operators, negation, dates, and paging by thread, newest first', () => {
    const { ws, script } = setup();
    const send = (subject: string, body = '') =>
      ws.kernel.executions.run({ activeUser: 'bea@acme.test' }, () => ws.globals.GmailApp.sendEmail('ada@acme.test', subject, body));
    send('Invoice 1', 'total 10');
    ws.kernel.clock.advance(3 * 86_400_000);
    send('Invoice 2', 'total 20');
    ws.kernel.clock.advance(60_000);
    send('Lunch?');
    expect(script.call('find', ['subject:invoice'])).toEqual(['Invoice 2', 'Invoice 1']);
    expect(script.call('find', ['invoice -"total 20"'])).toEqual(['Invoice 1']);
    expect(script.call('find', ['from:bea newer_than:2d'])).toEqual(['Lunch?', 'Invoice 2']);
    expect(script.call('find', ['older_than:2d'])).toEqual(['Invoice 1']);
    // search(query, start, max): "the index of the starting thread", "the maximum number of threads to return".
    expect(script.call('find', ['in:inbox', 1, 1])).toEqual(['Invoice 2']);
    expect(script.call('find', ['in:inbox', 5, 10])).toEqual([]);
    ws.kernel.executions.run({ activeUser: 'ada@acme.test' }, () => ws.globals.GmailApp.search('subject:lunch')[0]!.markRead());
    expect(script.call('inbox', [0, 2])).toEqual([
      ['Lunch?', false],
      ['Invoice 2', true],
    ]);
  });
});
