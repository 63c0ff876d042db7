/**
 * Time zones without Intl where it matters:
 *   - utilitiesKnownZone (src/gas/zone.ts): the ZoneCheck the gas layer hands core's validation, on
 *     Utilities.formatDate — which treats an unknown zone as GMT without an error (Java's TimeZone.getTimeZone);
 *   - publishing through the gas layer asks it, not Intl;
 *   - formatWhen (approvals/summary.ts) with whenZone(Utilities): every time people see — the emails, the Gmail card,
 *     the web app's confirm, notice and status pages, "already decided … at <time>" — comes from formatDate.
 */
import { createDirectory, createRequest, intlKnownZone, intlZoneOffset } from '../../../../src/core';
import { purchaseApproval } from '../../../../src/templates';
import { formatWhen, whenZone, type WhenZone } from '../../../../src/gas/approvals/summary';
import { renderApprovalEmail } from '../../../../src/gas/mail/approval-email';
import { publishWorkflow } from '../../../../src/gas/commands/workflows';
import { ALWAYS_UTC_ZONES, utilitiesKnownZone } from '../../../../src/gas/zone';
import { renderGenericEmail, renderRequesterEmail } from '../../../../src/gas/mail/requester-email';
import { approvalGet, approvalPost } from '../../../../src/gas/webapp/handlers';
import { statusPage } from '../../../../src/gas/webapp/status-page';
import { signToken } from '../../../../src/gas/approvals/token';
import { signStatusToken } from '../../../../src/gas/approvals/status-token';
import { cardDecision, cardView, type CardView } from '../../../../src/gas/approvals/card-api';
import { viewCard, type CardServices } from '../../../../src/gas/gmail/card';
import { governedSheet } from '../fixtures';
import { OWNER, testWorkspace } from '../workspace';
import { fakeTokenServices, fakeWebAppServices } from './fake-services';
import { chainDefinition, managerThenFinance, MemoryBackend, publish, T0 } from './fixtures';

const escRe = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Utilities.formatDate(date, tz, 'Z') as Apps Script's Java does it, for a few zones: case-sensitive ids, an unknown
 * zone silently GMT. Paris is deliberately off (+0300) so a result computed with Intl would show.
 */
function javaLikeUtilities(opts: { throws?: boolean } = {}) {
  const calls: string[] = [];
  const table: Record<string, (d: Date) => string> = {
    'America/New_York': (d) => (d.getUTCMonth() >= 3 && d.getUTCMonth() <= 9 ? '-0400' : '-0500'),
    'Europe/London': (d) => (d.getUTCMonth() >= 3 && d.getUTCMonth() <= 9 ? '+0100' : '+0000'),
    'Asia/Kolkata': () => '+0530',
    'Europe/Paris': () => '+0300',
    'Africa/Abidjan': () => '+0000',
    UTC: () => '+0000',
  };
  return {
    calls,
    formatDate(date: Date, tz: string, pattern: string): string {
      calls.push(tz);
      if (opts.throws) throw new Error('Service unavailable: Utilities');
      if (pattern !== 'Z') throw new Error(`unexpected pattern ${pattern}`);
      return (table[tz] ?? (() => '+0000'))(date);
    },
  };
}

const JAN = Date.UTC(2025, 0, 6, 9, 3);

/** Intl's zone, for comparison only: the gas layer has no Intl fallback any more. */
const INTL: WhenZone = { isKnown: intlKnownZone, offset: intlZoneOffset };

describe('utilitiesKnownZone', () => {
  it('knows a zone formatDate gives an offset at either probe, or one of the all-year UTC zones', () => {
    const u = javaLikeUtilities();
    const known = utilitiesKnownZone(u);
    for (const tz of ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'UTC', 'Etc/UTC', 'Africa/Abidjan'])
      expect([tz, known(tz)]).toEqual([tz, true]);
    // Unknown: GMT in Java, '+0000' all year and not listed. Java ids are case-sensitive.
    for (const tz of ['Mars/Olympus', 'america/new_york', '', 'Europe/Lndon']) expect([tz, known(tz)]).toEqual([tz, false]);
  });

  it('asks formatDate at most twice per zone and remembers the answer', () => {
    const u = javaLikeUtilities();
    const known = utilitiesKnownZone(u);
    known('Asia/Kolkata');
    expect(u.calls).toEqual(['Asia/Kolkata']); // off UTC at the first probe
    known('Europe/London');
    expect(u.calls.filter((z) => z === 'Europe/London')).toHaveLength(2); // UTC in January, +0100 in July
    known('Mars/Olympus');
    known('Mars/Olympus');
    known('Asia/Kolkata');
    expect(u.calls.filter((z) => z === 'Mars/Olympus')).toHaveLength(2);
    expect(u.calls.filter((z) => z === 'Asia/Kolkata')).toHaveLength(1);
    known('UTC');
    expect(u.calls).not.toContain('UTC'); // listed: no call
  });

  it('a formatDate that throws: not known (validation names the zone)', () => {
    expect(utilitiesKnownZone(javaLikeUtilities({ throws: true }))('Europe/Paris')).toBe(false);
  });

  it('on the local Workspace Utilities: real zones known, a made-up one not', () => {
    const known = utilitiesKnownZone(testWorkspace().services.Utilities);
    for (const tz of [
      'America/New_York',
      'Europe/London',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Etc/UTC',
      ...ALWAYS_UTC_ZONES.slice(0, 3),
    ])
      expect([tz, known(tz)]).toEqual([tz, true]);
    expect(known('Mars/Olympus')).toBe(false);
  });
});

describe('publishing through the gas layer asks Utilities, not Intl', () => {
  it('a calendar zone formatDate does not know is refused, named; with formatDate answering it publishes', () => {
    const t = governedSheet();
    const def = { ...purchaseApproval, id: 'purchase-2', prefix: 'PQ', name: 'Purchase 2' };
    const spy = jest.spyOn(t.services.Utilities, 'formatDate').mockImplementation(() => '+0000'); // every zone GMT: Java's unknown zone
    try {
      expect(() => t.as(OWNER, () => publishWorkflow(t.ctx(), def, OWNER))).toThrow(
        /calendar\.timeZone: "America\/New_York" is not a known IANA time zone/,
      );
      expect(spy).toHaveBeenCalledWith(expect.any(Date), 'America/New_York', 'Z');
    } finally {
      spy.mockRestore();
    }
    const ok = t.as(OWNER, () => publishWorkflow(t.ctx(), def, OWNER));
    expect(ok).toMatchObject({ created: true, version: { workflowId: 'purchase-2', version: 1 } });
  });
});

describe('formatWhen', () => {
  it("on Intl's zone: local time with the zone name; UTC when the zone is unknown", () => {
    expect(formatWhen(JAN, 'Europe/Paris', INTL)).toBe('6 Jan 2025, 10:03 (Europe/Paris)');
    expect(formatWhen(JAN, 'Mars/Olympus', INTL)).toBe('6 Jan 2025, 09:03 (UTC)');
    expect(formatWhen(JAN, 'Etc/UTC', INTL)).toBe('6 Jan 2025, 09:03 (UTC)');
  });

  it('a zone port that throws: UTC, labelled so (never a wrong local time)', () => {
    const broken = whenZone(javaLikeUtilities({ throws: true }));
    expect(formatWhen(JAN, 'Europe/Paris', broken)).toBe('6 Jan 2025, 09:03 (UTC)');
  });

  it("with whenZone(Utilities): the offset is formatDate's, and a zone it does not know shows as UTC", () => {
    const zone = whenZone(javaLikeUtilities());
    expect(formatWhen(JAN, 'Europe/Paris', zone)).toBe('6 Jan 2025, 12:03 (Europe/Paris)'); // the stub's +0300, not Intl's +0100
    expect(formatWhen(JAN, 'Asia/Kolkata', zone)).toBe('6 Jan 2025, 14:33 (Asia/Kolkata)');
    expect(formatWhen(Date.UTC(2025, 6, 1, 23, 30), 'America/New_York', zone)).toBe('1 Jul 2025, 19:30 (America/New_York)');
    expect(formatWhen(JAN, 'Mars/Olympus', zone)).toBe('6 Jan 2025, 09:03 (UTC)');
  });

  it('on the local Workspace Utilities it agrees with Intl, across daylight-saving changes and odd offsets', () => {
    const zone = whenZone(testWorkspace().services.Utilities);
    const instants = [
      Date.UTC(2026, 2, 8, 6, 59),
      Date.UTC(2026, 2, 8, 7, 0),
      Date.UTC(2026, 10, 1, 5, 59),
      Date.UTC(2026, 10, 1, 6, 0),
      Date.UTC(2026, 3, 4, 15, 30),
    ];
    for (const tz of ['America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Etc/UTC']) {
      for (const ms of instants) expect([tz, ms, formatWhen(ms, tz, zone)]).toEqual([tz, ms, formatWhen(ms, tz, INTL)]);
    }
    expect(intlZoneOffset('Asia/Kathmandu', JAN)).toBe(345); // the comparison covers a 45-minute offset
  });

  it('whenZone is one per Utilities object: many dates in one zone and day cost four formatDate calls', () => {
    const u = javaLikeUtilities();
    for (let i = 0; i < 50; i++) formatWhen(JAN + i * 1000, 'Europe/London', whenZone(u));
    expect(u.calls).toHaveLength(4); // two probes for the check (UTC in January), the day's two ends
    expect(whenZone(u)).toBe(whenZone(u));
  });
});

describe('the approval email formats its dates with Utilities', () => {
  it('"Please decide by" and the link expiry use formatDate\'s offset for the workflow\'s zone', () => {
    const { services } = fakeTokenServices();
    const u = javaLikeUtilities();
    const s = { ...services, Utilities: { ...services.Utilities, formatDate: u.formatDate } } as unknown as Parameters<
      typeof renderApprovalEmail
    >[0];
    const paris = { ...purchaseApproval, calendar: { ...purchaseApproval.calendar!, timeZone: 'Europe/Paris' } };
    const version = { workflowId: paris.id, version: 1, hash: 'h', publishedAt: JAN, publishedBy: OWNER, definition: paris };
    const directory = createDirectory([
      { email: 'rita@acme.test', name: 'Rita', roles: [], manager: 'max@acme.test' },
      { email: 'max@acme.test', name: 'Max', roles: [] },
    ]);
    const created = createRequest({
      version,
      sequence: 1,
      requester: 'rita@acme.test',
      fields: { item: 'Laptop', amount: 10, costCenter: 'Sales', justification: 'x' },
      channel: 'form',
      actor: { email: 'rita@acme.test', method: 'form_response' },
      now: JAN,
      directory,
    });
    if (!created.ok) throw new Error(created.refusal.message);
    const intent = created.notifications.find((n) => n.kind === 'approval_requested')!;
    expect(intent.dueAt).not.toBeNull();
    const mail = renderApprovalEmail(s, {
      intent,
      request: created.request,
      version,
      webAppUrl: 'https://script.google.com/macros/s/x/exec',
      now: JAN,
      ttlDays: 14,
    })!;
    const viaUtilities = formatWhen(intent.dueAt!, 'Europe/Paris', whenZone(u));
    const viaIntl = formatWhen(intent.dueAt!, 'Europe/Paris', INTL);
    expect(viaUtilities).not.toBe(viaIntl);
    expect(mail.text).toContain(`Please decide by ${viaUtilities} (due in `);
    expect(mail.text).toContain(formatWhen(JAN + 14 * 86_400_000, 'Europe/Paris', whenZone(u)));
    // The summary table embedded in the email (its "Due" row) too: no Intl time anywhere in the email.
    expect(created.request.sla?.dueAt).toBe(intent.dueAt);
    expect(mail.html).toMatch(new RegExp(`>Due</th><td[^>]*>${escRe(viaUtilities)}</td>`));
    expect(mail.text + mail.html).not.toContain(viaIntl);
  });
});

/**
 * Every surface of the approvals, on the Java-like stub (Paris +0300): a time computed with Intl (+0100) would show.
 * The workflow's calendar is Europe/Paris; once approved, a request is 'Being ordered', with an SLA, so the
 * requester's decision email has a due time too.
 */
describe('every time people see comes from Utilities, not Intl', () => {
  function parisWorld() {
    const base = chainDefinition(managerThenFinance.slice(0, 2), {
      calendar: { timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    });
    const states = base.states.map((st) => (st.approval ? { ...st, approval: { ...st.approval, onApproved: 'ordering' } } : st));
    states.push({
      id: 'ordering',
      label: 'Being ordered',
      kind: 'active',
      owner: { type: 'role', role: 'finance' },
      sla: { businessHours: 24 },
    });
    const def = {
      ...base,
      states,
      transitions: [{ action: 'mark_ordered', label: 'Mark ordered', from: ['ordering'], to: 'approved', by: ['assignee'] }],
    } as typeof base;
    const backend = new MemoryBackend(publish(def));
    const { services } = fakeWebAppServices();
    const u = javaLikeUtilities();
    services.Utilities = { ...services.Utilities, formatDate: u.formatDate };
    const zone = whenZone(services.Utilities);
    const req = backend.create({ item: 'Laptop', amount: 1200 });
    /** The Utilities time, after checking the Intl one differs (else the test could not tell them apart). */
    const shown = (ms: number) => {
      const viaUtilities = formatWhen(ms, 'Europe/Paris', zone);
      const viaIntl = formatWhen(ms, 'Europe/Paris', INTL);
      expect(viaUtilities).not.toBe(viaIntl);
      return { viaUtilities, viaIntl };
    };
    const link = (approver = 'mia@acme.test', stepId = 'manager') =>
      signToken(services, {
        requestId: req.id,
        stepId,
        round: backend.load(req.id)!.request.approval!.round,
        approver,
        action: 'approve',
        now: backend.clock,
      });
    return { backend, services, u, zone, req, shown, link };
  }
  const dueOf = (b: MemoryBackend, id: string) => {
    const due = b.load(id)!.request.sla?.dueAt;
    if (!due) throw new Error(`${id} has no due time`);
    return due;
  };

  it('the confirm page (GET) shows the due time from formatDate', () => {
    const w = parisWorld();
    const { viaUtilities, viaIntl } = w.shown(dueOf(w.backend, w.req.id));
    const html = (approvalGet(w.services, w.backend, { parameter: { t: w.link() } }) as any).getContent() as string;
    expect(html).toContain('<button type="submit"'); // the confirm page, not a notice
    expect(html).toMatch(new RegExp(`>Due</th><td>${escRe(viaUtilities)}</td>`));
    expect(html).not.toContain(viaIntl);
    expect(w.u.calls).toContain('Europe/Paris');
  });

  it('the web app\'s "already decided … at <time>" and the page after a decision use formatDate', () => {
    const w = parisWorld();
    w.backend.clock = T0 + 37 * 60_000;
    const t = w.link();
    const done = (approvalPost(w.services, w.backend, { parameter: { t, confirmed: '1' } }) as any).getContent() as string;
    expect(done).toContain('Recorded: approved');
    const financeDue = w.shown(dueOf(w.backend, w.req.id)); // the finance step's own due time, in the table
    expect(done).toContain(financeDue.viaUtilities);
    expect(done).not.toContain(financeDue.viaIntl);
    const at = w.shown(T0 + 37 * 60_000);
    for (const again of [
      approvalPost(w.services, w.backend, { parameter: { t, confirmed: '1' } }),
      approvalGet(w.services, w.backend, { parameter: { t } }),
    ]) {
      const html = (again as any).getContent() as string;
      expect(html).toContain(`already decided: approved by Mia Manager (mia@acme.test) at ${at.viaUtilities}. Nothing was changed.`);
      expect(html).not.toContain(at.viaIntl);
    }
  });

  it('the Gmail card: its Due line, and "already decided … at <time>" after a card decision', () => {
    const w = parisWorld();
    const due = w.shown(dueOf(w.backend, w.req.id));
    const r = cardView(w.backend, w.req.id, 'mia@acme.test', w.zone);
    if (!r.ok) throw new Error(r.message);
    expect(r.view.summary.dueText).toBe(due.viaUtilities);
    // The card renders what the web app sent (plain JSON), with the local CardService.
    const cardServices = { CardService: testWorkspace().services.CardService, Utilities: w.services.Utilities } as unknown as CardServices;
    const cardJson = (v: CardView) =>
      JSON.stringify((viewCard(cardServices, JSON.parse(JSON.stringify(v))) as unknown as { toJSON(): unknown }).toJSON());
    expect(cardJson(r.view)).toContain(`"topLabel":"Due","text":"${due.viaUtilities}"`);
    expect(cardJson(r.view)).not.toContain(due.viaIntl);
    // A card API deployment older than dueText sends only dueAt: the card formats it with its own Utilities.
    const { dueText: _old, ...olderSummary } = r.view.summary;
    expect(cardJson({ ...r.view, summary: olderSummary as typeof r.view.summary })).toContain(
      `"topLabel":"Due","text":"${due.viaUtilities}"`,
    );

    w.backend.clock = T0 + 61 * 60_000;
    const claims = {
      keyId: 'k',
      requestId: w.req.id,
      stepId: 'manager',
      round: 1,
      approver: 'mia@acme.test',
      user: 'mia@acme.test',
      op: 'approve' as const,
      expiresAt: T0 + 3_600_000,
      nonce: 'n',
    };
    expect(cardDecision(w.backend, claims, '', w.zone)).toMatchObject({ ok: true, decision: 'approve' });
    const at = w.shown(T0 + 61 * 60_000);
    const again = cardDecision(w.backend, claims, '', w.zone);
    expect(again).toMatchObject({ ok: false, code: 'already_decided' });
    expect(again.ok ? '' : again.message).toContain(`at ${at.viaUtilities}. Nothing was changed.`);
    expect(JSON.stringify(again)).not.toContain(at.viaIntl);
  });

  it('the status page: the due time and every history time', () => {
    const w = parisWorld();
    w.backend.clock = T0 + 95 * 60_000;
    w.backend.apply(
      w.req.id,
      { type: 'approve' },
      { email: 'mia@acme.test', method: 'session' },
      w.backend.load(w.req.id)!.request.revision,
    );
    const due = w.shown(dueOf(w.backend, w.req.id));
    const created = w.shown(T0);
    const approved = w.shown(T0 + 95 * 60_000);
    const token = signStatusToken(w.services, { requestId: w.req.id, requester: 'rita@acme.test', now: w.backend.clock });
    const html = statusPage(w.services, w.backend, token).html;
    expect(html).toContain(`<br>Due: ${due.viaUtilities}</p>`);
    expect(html).toContain(`<tr><th>${created.viaUtilities}</th><td>Submitted by Rita Requester</td></tr>`);
    expect(html).toContain(`<tr><th>${approved.viaUtilities}</th><td>Approved (manager) by Mia Manager</td></tr>`);
    for (const x of [due, created, approved]) expect(html).not.toContain(x.viaIntl);
  });

  it("the requester's decision email and a reminder's {{dueAt}}", () => {
    const w = parisWorld();
    const reminderOf = w.backend.outbox.find((n) => n.kind === 'approval_requested')!;
    const firstDue = w.shown(reminderOf.dueAt!);
    const reminder = renderGenericEmail(
      { ...reminderOf, kind: 'reminder' },
      w.backend.load(w.req.id)!.request,
      w.backend.version,
      w.zone,
      [],
      {
        now: reminderOf.dueAt! - 3_600_000,
      },
    );
    expect(reminder.text).toContain(`Due: ${firstDue.viaUtilities} (due in 1 hour).`);
    expect(reminder.text + reminder.html).not.toContain(firstDue.viaIntl);

    const decide = (who: string) =>
      w.backend.apply(
        w.req.id,
        { type: 'approve', comment: 'Fine' },
        { email: who, method: 'session' },
        w.backend.load(w.req.id)!.request.revision,
      );
    decide('mia@acme.test');
    w.backend.clock = T0 + 120 * 60_000;
    decide('fay@acme.test');
    const { request, version } = w.backend.load(w.req.id)!;
    expect(request.state).toBe('ordering');
    const due = w.shown(dueOf(w.backend, w.req.id));
    // Approved into an intermediate state tells the requester nothing by default (its policy could): the email as it would read.
    expect(w.backend.outbox.find((n) => n.kind === 'decision')).toBeUndefined();
    const intent = { ...reminderOf, kind: 'decision' as const, to: 'rita@acme.test', decision: 'approve' as const, step: null };
    const mail = renderRequesterEmail({ intent, request, version, audit: w.backend.auditOf(w.req.id), zone: w.zone });
    expect(mail.subject).toContain('approved');
    expect(mail.html).toMatch(new RegExp(`>Due</th><td[^>]*>${escRe(due.viaUtilities)}</td>`));
    expect(mail.text + mail.html).not.toContain(due.viaIntl);
  });
});
