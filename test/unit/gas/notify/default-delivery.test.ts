/**
 * The organisation's default delivery (Admin > Settings, `defaultDelivery`): people whose Directory row names none
 * get approvals, assignments and reminders as a daily digest unless an admin sets the default to "each one at once";
 * a person's own choice wins either way; what was folded before a switch still reaches them in their next digest.
 */
import * as panel from '../../../../src/gas/panel';
import { OWNER } from '../workspace';
import { call, callError } from '../panel/helpers';
import { at, MAX, notifyWorld, RITA } from './helpers';

const approvals = (w: ReturnType<typeof notifyWorld>, who: string) =>
  w.mail.controls.inbox(who).filter((m) => /approval needed|waiting on you/i.test(m.subject));

const settings = (w: ReturnType<typeof notifyWorld>, defaultDelivery?: 'digest' | 'immediate') =>
  call(w, OWNER, panel.saveSettings, {
    tokenExpiryDays: 7,
    identityMode: 'link',
    digestHour: 8,
    dispatcherMinutes: 10,
    ...(defaultDelivery ? { defaultDelivery } : {}),
  });

describe('the default delivery', () => {
  test('is a daily digest until an admin chooses "each one at once"; then an approver with no choice of their own gets it at once', () => {
    const w = notifyWorld();
    expect(call(w, OWNER, panel.getSettings, {}).settings.defaultDelivery).toBe('digest');
    const folded = w.submit();
    w.script.controls.advanceTo(at(10, 14, 11));
    expect(approvals(w, MAX)).toEqual([]); // folded into tomorrow's digest

    const saved = settings(w, 'immediate');
    expect(saved.settings.defaultDelivery).toBe('immediate');
    expect(call(w, OWNER, panel.listDirectory, {}).defaultDelivery).toBe('immediate');
    const atOnce = w.submit({ item: 'Monitor' });
    w.script.controls.advanceTo(at(10, 14, 22));
    expect(approvals(w, MAX).map((m) => m.subject)).toEqual([`[${atOnce}] Purchase approval: approval needed`]);
    // What was folded before the switch is not lost: Max's next digest lists it.
    w.script.controls.advanceTo(at(11, 12, 10)); // Wed 08:10 EDT
    const digest = w.mail.controls.inbox(MAX).filter((m) => /waiting on you/.test(m.subject));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.body).toContain(`${folded} — `);
  });

  test("a person's own choice wins over the default, both ways", () => {
    const w = notifyWorld({ delivery: { [MAX]: 'digest' } });
    settings(w, 'immediate');
    w.submit();
    w.script.controls.advanceTo(at(10, 14, 11));
    expect(approvals(w, MAX)).toEqual([]); // Max chose the digest

    const v = notifyWorld({ delivery: { [MAX]: 'immediate' } });
    const id = v.submit();
    v.script.controls.advanceTo(at(10, 14, 11));
    expect(approvals(v, MAX).map((m) => m.subject)).toEqual([`[${id}] Purchase approval: approval needed`]);
  });

  test('saving without it keeps it; a bad value is refused with a sentence and changes nothing', () => {
    const w = notifyWorld();
    settings(w, 'immediate');
    expect(settings(w).settings.defaultDelivery).toBe('immediate');
    const e = callError(w, OWNER, panel.saveSettings, {
      tokenExpiryDays: 7,
      identityMode: 'link',
      digestHour: 8,
      dispatcherMinutes: 10,
      defaultDelivery: 'hourly',
    });
    expect(e.message).toMatch(/People without a choice get.*must be "digest" or "immediate"/);
    expect(call(w, OWNER, panel.getSettings, {}).settings.defaultDelivery).toBe('immediate');
    // Rita, a requester, is not an admin.
    expect(() =>
      call(w, RITA, panel.saveSettings, { tokenExpiryDays: 7, identityMode: 'link', digestHour: 8, dispatcherMinutes: 10 }),
    ).toThrow(/admin/i);
  });
});
