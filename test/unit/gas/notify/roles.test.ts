/**
 * Everyone still learns everything they must act on, with the defaults (issue: fewer emails, more signal), per role:
 * the requester (what to fix, the outcome), an approver on digest delivery (the digest, with that request's own
 * links), a finance approver at the second step, the procurement queue's members (their digest), an escalation's
 * lead; and no step waits for a digest past its own due time.
 */
import { purchaseApproval } from '../../../../src/templates';
import { at, FAY, FRED, LEE, MAX, notifyWorld, PAT, QUINN, RITA } from './helpers';

const digests = (w: ReturnType<typeof notifyWorld>, who: string) =>
  w.mail.controls.inbox(who).filter((m) => /waiting on you/.test(m.subject));

describe('with the defaults, each role learns what it must act on', () => {
  test('approver on digest delivery: no email of its own, the digest lists the request with its own links', () => {
    const w = notifyWorld();
    const id = w.submit();
    w.script.controls.advanceTo(at(11, 11, 50)); // Wed 07:50 EDT
    expect(w.mail.controls.inbox(MAX)).toEqual([]);
    w.script.controls.advanceTo(at(11, 12, 10)); // Wed 08:10 EDT: the digest hour has passed
    const d = digests(w, MAX);
    expect(d.map((m) => new Date(m.date).toISOString().slice(0, 16))).toEqual(['2026-03-11T12:00']);
    expect(d).toHaveLength(1);
    expect(d[0]!.body).toContain(`${id} — `);
    expect(d[0]!.body).toMatch(/waiting for your approval, due 12 Mar 2026, 10:00 \(America\/New_York\) \(due in 26 hours\)/);
    expect(d[0]!.body).toMatch(/Approve: https:\/\/script\.google\.com\/\S+\?t=\S+/);
    expect(d[0]!.body).toMatch(/Request changes: https:\/\/\S+/);
    expect(d[0]!.htmlBody).toContain('>Approve</a>');
    // The Outbox entry says where it went.
    const entry = w.outbox().find((o) => o.kind === 'approval_requested')!;
    expect(entry.status).toBe('digest');
    // The requester hears nothing while it is in progress.
    expect(w.about(RITA, id)).toEqual([]);
  });

  test('requester: the outcome once (Ordered), a rejection once, changes requested at once; nothing in between', () => {
    const w = notifyWorld();
    const ordered = w.submit();
    const rejected = w.submit({ item: 'Boat' });
    const changes = w.submit({ item: 'Desk' });
    w.script.controls.advanceTo(at(10, 15));
    w.decide(ordered, MAX, 'approve');
    w.decide(rejected, MAX, 'reject', 'Not this year');
    w.decide(changes, MAX, 'request_changes', 'Add a quote');
    w.script.controls.advanceTo(at(10, 15, 30));
    expect(w.about(RITA, ordered)).toEqual([]);
    expect(w.about(RITA, rejected)).toEqual([`[${rejected}] Purchase approval: rejected`]);
    expect(w.about(RITA, changes)).toEqual([`[${changes}] Purchase approval: changes requested`]);
    w.transition(ordered, PAT, 'mark_ordered', { poNumber: 'PO-1' });
    w.script.controls.advanceTo(at(10, 16));
    expect(w.about(RITA, ordered)).toEqual([`[${ordered}] Purchase approval: now Ordered`]);
  });

  test('second step: both finance approvers learn it from their digest; the procurement queue from its members’ digests', () => {
    const w = notifyWorld();
    const id = w.submit({ amount: 9000 });
    w.script.controls.advanceTo(at(10, 14, 30));
    w.decide(id, MAX, 'approve');
    w.script.controls.advanceTo(at(11, 12, 30)); // Wed 08:30 EDT: the morning digests went out
    for (const who of [FAY, FRED]) {
      const d = digests(w, who).filter((m) => m.body.includes(id));
      expect(d.length).toBeGreaterThanOrEqual(1);
      expect(d[d.length - 1]!.body).toMatch(/Approve: https:\/\/\S+/);
    }
    w.decide(id, FAY, 'approve');
    w.script.controls.advanceTo(at(12, 12, 30)); // Thu 08:30 EDT
    for (const who of [PAT, QUINN]) {
      const d = digests(w, who).filter((m) => m.body.includes(`${id} — `));
      expect(d.length).toBeGreaterThanOrEqual(1);
      expect(d[d.length - 1]!.body).toContain('in your queue');
    }
  });

  test('an approver who chose immediate delivery gets the approval email at once, with the step counted without skipped steps', () => {
    const w = notifyWorld({ delivery: { [MAX]: 'immediate' } });
    const id = w.submit();
    w.script.controls.advanceTo(at(10, 14, 10));
    const mails = w.mail.controls.inbox(MAX).filter((m) => m.subject.includes(id));
    expect(mails.map((m) => m.subject)).toEqual([`[${id}] Purchase approval: approval needed`]);
    // Finance is skipped for 1,200: "Step 1 of 1", not "of 2".
    expect(mails[0]!.body).toContain('Step 1 of 1: Manager');
    expect(mails[0]!.body).toMatch(/Please decide by 12 Mar 2026, 10:00 \(America\/New_York\) \(due in/);
  });

  test('escalation: the lead and the late approver are told at once, who it waits on and how late, the approver with links', () => {
    const w = notifyWorld({ delivery: { [LEE]: 'digest' } });
    const id = w.submit();
    w.script.controls.advanceTo(at(12, 14, 30)); // Thu 10:30 EDT: due at 10:00, overdue
    const lead = w.mail.controls.inbox(LEE).filter((m) => m.subject.includes(id) && /overdue/.test(m.subject));
    expect(lead.map((m) => m.subject)).toEqual([`[${id}] Purchase approval: overdue now, waiting on Max Manager (Manager approval)`]);
    expect(lead[0]!.body).toContain('Due: 12 Mar 2026, 10:00 (America/New_York) (overdue now).');
    const late = w.mail.controls.inbox(MAX).filter((m) => m.subject.includes(id) && /overdue/.test(m.subject));
    expect(late).toHaveLength(1);
    expect(late[0]!.subject).toBe(`[${id}] Purchase approval: approval needed (overdue now)`);
    expect(late[0]!.body).toMatch(/^Overdue: Purchase approval .* still waits for your approval/);
    expect(late[0]!.body).toMatch(/This was due by 12 Mar 2026, 10:00 \(America\/New_York\): overdue now\./);
    expect(late[0]!.body).toMatch(/Approve: https:\/\/\S+/);
  });
});

describe('one message per person per timer run', () => {
  test('two requests overdue in one run: the lead and the late approver get one message each, listing both, the approver’s with each one’s links', () => {
    const w = notifyWorld({ delivery: { [LEE]: 'digest' } });
    const a = w.submit({ item: 'Chair' });
    const b = w.submit({ item: 'Desk' });
    w.script.controls.advanceTo(at(12, 14, 30)); // Thu 10:30 EDT: both due at 10:00, overdue
    const lead = w.mail.controls.inbox(LEE).filter((m) => /overdue/.test(m.subject));
    expect(lead.map((m) => m.subject)).toEqual(['Purchase approval: 2 requests overdue']);
    for (const id of [a, b])
      expect(lead[0]!.body).toContain(`[${id}] Purchase approval: overdue now, waiting on Max Manager (Manager approval)`);
    expect(lead[0]!.body).toContain('Due: 12 Mar 2026, 10:00 (America/New_York) (overdue now).');
    const late = w.mail.controls.inbox(MAX).filter((m) => /overdue/.test(m.subject));
    expect(late).toHaveLength(1);
    // Each request keeps its own section and its own signed links (the sections follow each other, each id first).
    const sections = late[0]!.body.split(/\n=== \d+\. /).slice(1);
    expect(sections.map((s) => /^\[([A-Z]+-\d{6})\]/.exec(s)?.[1]).sort()).toEqual([a, b].sort());
    for (const s of sections) {
      expect(s).toMatch(/This was due by 12 Mar 2026, 10:00 \(America\/New_York\): overdue now\./);
      expect(s).toMatch(/Approve: https:\/\/script\.google\.com\/\S+\?t=\S+/);
    }
    expect(new Set(sections.map((s) => /Approve: (\S+)/.exec(s)![1])).size).toBe(2);
    // Each escalation entry is recorded as sent, once.
    const esc = w.outbox().filter((o) => o.kind === 'escalation');
    expect(esc.map((o) => o.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });
});

describe('no step waits for a digest past its own due time', () => {
  const quick = {
    ...purchaseApproval,
    states: purchaseApproval.states.map((s) =>
      s.id === 'approval' ? { ...s, sla: { businessHours: 2, remindAfterHours: [1], escalateTo: s.sla!.escalateTo! } } : s,
    ),
  };

  test('an approval due before the next digest goes out at once, and so does its reminder', () => {
    const w = notifyWorld({ definition: quick });
    const id = w.submit();
    w.script.controls.advanceTo(at(10, 14, 10));
    expect(w.mail.controls.inbox(MAX).filter((m) => m.subject === `[${id}] Purchase approval: approval needed`)).toHaveLength(1);
    w.script.controls.advanceTo(at(10, 15, 10)); // 1 business hour: the reminder, due in an hour, before tomorrow's digest
    const reminder = w.mail.controls.inbox(MAX).filter((m) => m.subject.includes(id) && /reminder/.test(m.subject));
    expect(reminder.map((m) => m.subject)).toEqual([`[${id}] Purchase approval: approval needed (reminder, due in 1 hour)`]);
  });

  test('every entry folded into a digest is due after that digest', () => {
    const w = notifyWorld();
    for (let i = 0; i < 4; i++) w.submit({ item: `Thing ${i}`, amount: 1000 + i * 3000 });
    w.script.controls.advanceTo(at(13, 22));
    const folded = w.outbox().filter((o) => o.status === 'digest');
    expect(folded.length).toBeGreaterThan(0);
    for (const o of folded) {
      const next = Date.parse(/next at (\S+)\)/.exec(o.lastError)![1]!);
      const due = o.dueAt;
      expect(due === null || next < due).toBe(true);
    }
  });
});
