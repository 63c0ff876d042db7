/** Refused arguments are said in plain English, naming the field as the page's form labels it (QA item 6). */
import * as panel from '../../../../src/gas/panel';
import { describeArgs, describeIssues } from '../../../../src/gas/panel/guard';
import { ListArgs } from '../../../../src/gas/panel/list';
import { ADA, auditRows, callError, panelSheet } from './helpers';

describe('refused panel arguments', () => {
  it('an empty "Approval links expire after (days)" (Number("") = 0) names the field; nothing is saved', () => {
    const t = panelSheet();
    // The data plane's own bookkeeping (schema, stamp, tail hints, next due) is not a setting.
    const settings = () =>
      Object.fromEntries(
        Object.entries(t.services.PropertiesService.getScriptProperties().getProperties()).filter(
          ([k]) => !/:(plane|stamp|tails|nextDue)$/.test(k),
        ),
      );
    const before = settings();
    const e = callError(t, ADA, panel.saveSettings, { tokenExpiryDays: 0, identityMode: 'link', digestHour: 9, dispatcherMinutes: 15 });
    expect(e.message).toBe('Please check "Approval links expire after (days)": at least 1 day. Nothing was changed.');
    expect(e.message).not.toMatch(/arguments|tokenExpiryDays/);
    expect(settings()).toEqual(before);
    expect(auditRows(t).filter((r) => r.Action === 'refused' && String(r.Reason).includes('Approval links expire'))).toHaveLength(1);
  });

  it('two fields, and a value that is not a number', () => {
    const t = panelSheet();
    const e = callError(t, ADA, panel.saveSettings, { tokenExpiryDays: NaN, identityMode: 'link', digestHour: 24, dispatcherMinutes: 15 });
    expect(e.message).toBe(
      'Please check "Approval links expire after (days)": enter a number; "Daily digest hour (0–23)": a whole hour from 0 to 23. Nothing was changed.',
    );
  });

  it("quotes zod's English messages word for word (zod/mini loads no locale; src/core/zod.ts sets English)", () => {
    const r = ListArgs.safeParse({ limit: 1.5, offset: -1, text: 'x'.repeat(201), overdue: 'yes', extra: 1 });
    expect(r.success).toBe(false);
    expect(describeIssues(r.error!)).toEqual([
      { path: 'overdue', message: 'Invalid input: expected boolean, received string' },
      { path: 'text', message: 'Too big: expected string to have <=200 characters' },
      { path: 'offset', message: 'Too small: expected number to be >=0' },
      { path: 'limit', message: 'Invalid input: expected int, received number' },
      { path: '(arguments)', message: 'Unrecognized key: "extra"' },
    ]);
  });

  it('nested paths use the innermost known label; unknown ones are quoted as they are', () => {
    expect(describeArgs([{ path: 'action.reason', message: 'A reason is required.' }])).toBe(
      'Please check "Reason": A reason is required. Nothing was changed.',
    );
    expect(describeArgs([{ path: 'action.zzz', message: 'bad' }])).toBe('Please check "action.zzz": bad. Nothing was changed.');
  });
});
