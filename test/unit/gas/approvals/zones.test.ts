/**
 * Time zones without Intl where it matters (notes/request-zones.md):
 *   - utilitiesKnownZone (src/gas/zone.ts): the ZoneCheck the gas layer hands core's validation, on
 *     Utilities.formatDate — which treats an unknown zone as GMT without an error (Java's TimeZone.getTimeZone);
 *   - publishing through the gas layer asks it, not Intl;
 *   - formatWhen (approvals/summary.ts) with whenZone(Utilities): emails show local times from formatDate.
 */
import { createDirectory, createRequest, intlZoneOffset } from '../../../../src/core';
import { purchaseApproval } from '../../../../src/templates';
import { formatWhen, whenZone } from '../../../../src/gas/approvals/summary';
import { renderApprovalEmail } from '../../../../src/gas/mail/approval-email';
import { publishWorkflow } from '../../../../src/gas/commands/workflows';
import { ALWAYS_UTC_ZONES, utilitiesKnownZone } from '../../../../src/gas/zone';
import { governedSheet } from '../fixtures';
import { OWNER, testWorkspace } from '../workspace';
import { fakeTokenServices } from './fake-services';

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

describe('utilitiesKnownZone', () => {
  it('knows a zone formatDate gives an offset at either probe, or one of the all-year UTC zones', () => {
    const u = javaLikeUtilities();
    const known = utilitiesKnownZone(u);
    for (const tz of ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'UTC', 'Etc/UTC', 'Africa/Abidjan']) expect([tz, known(tz)]).toEqual([tz, true]);
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
    for (const tz of ['America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Etc/UTC', ...ALWAYS_UTC_ZONES.slice(0, 3)]) expect([tz, known(tz)]).toEqual([tz, true]);
    expect(known('Mars/Olympus')).toBe(false);
  });
});

describe('publishing through the gas layer asks Utilities, not Intl', () => {
  it('a calendar zone formatDate does not know is refused, named; with formatDate answering it publishes', () => {
    const t = governedSheet();
    const def = { ...purchaseApproval, id: 'purchase-2', prefix: 'PQ', name: 'Purchase 2' };
    const spy = jest.spyOn(t.services.Utilities, 'formatDate').mockImplementation(() => '+0000'); // every zone GMT: Java's unknown zone
    try {
      expect(() => t.as(OWNER, () => publishWorkflow(t.ctx(), def, OWNER))).toThrow(/calendar\.timeZone: "America\/New_York" is not a known IANA time zone/);
      expect(spy).toHaveBeenCalledWith(expect.any(Date), 'America/New_York', 'Z');
    } finally {
      spy.mockRestore();
    }
    const ok = t.as(OWNER, () => publishWorkflow(t.ctx(), def, OWNER));
    expect(ok).toMatchObject({ created: true, version: { workflowId: 'purchase-2', version: 1 } });
  });
});

describe('formatWhen', () => {
  it('default (Intl): local time with the zone name; UTC when the zone is unknown', () => {
    expect(formatWhen(JAN, 'Europe/Paris')).toBe('6 Jan 2025, 10:03 (Europe/Paris)');
    expect(formatWhen(JAN, 'Mars/Olympus')).toBe('6 Jan 2025, 09:03 (UTC)');
    expect(formatWhen(JAN)).toBe('6 Jan 2025, 09:03 (UTC)');
  });

  it('with whenZone(Utilities): the offset is formatDate\'s, and a zone it does not know shows as UTC', () => {
    const zone = whenZone(javaLikeUtilities());
    expect(formatWhen(JAN, 'Europe/Paris', zone)).toBe('6 Jan 2025, 12:03 (Europe/Paris)'); // the stub's +0300, not Intl's +0100
    expect(formatWhen(JAN, 'Asia/Kolkata', zone)).toBe('6 Jan 2025, 14:33 (Asia/Kolkata)');
    expect(formatWhen(Date.UTC(2025, 6, 1, 23, 30), 'America/New_York', zone)).toBe('1 Jul 2025, 19:30 (America/New_York)');
    expect(formatWhen(JAN, 'Mars/Olympus', zone)).toBe('6 Jan 2025, 09:03 (UTC)');
  });

  it('on the local Workspace Utilities it agrees with Intl, across daylight-saving changes and odd offsets', () => {
    const zone = whenZone(testWorkspace().services.Utilities);
    const instants = [Date.UTC(2026, 2, 8, 6, 59), Date.UTC(2026, 2, 8, 7, 0), Date.UTC(2026, 10, 1, 5, 59), Date.UTC(2026, 10, 1, 6, 0), Date.UTC(2026, 3, 4, 15, 30)];
    for (const tz of ['America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Etc/UTC']) {
      for (const ms of instants) expect([tz, ms, formatWhen(ms, tz, zone)]).toEqual([tz, ms, formatWhen(ms, tz)]);
    }
    expect(intlZoneOffset('Asia/Kathmandu', JAN)).toBe(345); // the comparison covers a 45-minute offset
  });

  it('whenZone is one per Utilities object: many dates in one zone and quarter hour cost three formatDate calls', () => {
    const u = javaLikeUtilities();
    for (let i = 0; i < 50; i++) formatWhen(JAN + i * 1000, 'Europe/London', whenZone(u));
    expect(u.calls).toHaveLength(3); // two probes for the check (UTC in January), one offset
    expect(whenZone(u)).toBe(whenZone(u));
  });
});

describe('the approval email formats its dates with Utilities', () => {
  it('"Please decide by" and the link expiry use formatDate\'s offset for the workflow\'s zone', () => {
    const { services } = fakeTokenServices();
    const u = javaLikeUtilities();
    const s = { ...services, Utilities: { ...services.Utilities, formatDate: u.formatDate } } as unknown as Parameters<typeof renderApprovalEmail>[0];
    const paris = { ...purchaseApproval, calendar: { ...purchaseApproval.calendar!, timeZone: 'Europe/Paris' } };
    const version = { workflowId: paris.id, version: 1, hash: 'h', publishedAt: JAN, publishedBy: OWNER, definition: paris };
    const directory = createDirectory([{ email: 'rita@acme.test', name: 'Rita', roles: [], manager: 'max@acme.test' }, { email: 'max@acme.test', name: 'Max', roles: [] }]);
    const created = createRequest({ version, sequence: 1, requester: 'rita@acme.test', fields: { item: 'Laptop', amount: 10, costCenter: 'Sales', justification: 'x' }, channel: 'form', actor: { email: 'rita@acme.test', method: 'form_response' }, now: JAN, directory });
    if (!created.ok) throw new Error(created.refusal.message);
    const intent = created.notifications.find((n) => n.kind === 'approval_requested')!;
    expect(intent.dueAt).not.toBeNull();
    const mail = renderApprovalEmail(s, { intent, request: created.request, version, webAppUrl: 'https://script.google.com/macros/s/x/exec', now: JAN, ttlDays: 14 })!;
    const viaUtilities = formatWhen(intent.dueAt!, 'Europe/Paris', whenZone(u));
    const viaIntl = formatWhen(intent.dueAt!, 'Europe/Paris');
    expect(viaUtilities).not.toBe(viaIntl);
    expect(mail.text).toContain(`Please decide by ${viaUtilities}.`);
    expect(mail.text).not.toContain(`Please decide by ${viaIntl}.`);
    expect(mail.text).toContain(formatWhen(JAN + 14 * 86_400_000, 'Europe/Paris', whenZone(u)));
  });
});
