import { capacity, capacityAsAdmin, checkCapacity } from '../../../../src/gas/archive/capacity';
import { setRetentionAsAdmin } from '../../../../src/gas/archive';
import { readRetention } from '../../../../src/gas/archive/registry';
import { archiveInTimerRun } from '../../../../src/gas/archive/timer';
import { RITA } from '../fixtures';
import * as panel from '../../../../src/gas/panel';
import { call, callError } from '../panel/helpers';
import { OWNER } from '../workspace';
import { DAY, orderedRequest, sendMail, sheetWithRequests } from './helpers';

describe('handoffCapacity', () => {
  it('reports cells, live and archived requests, the archives and the days left', () => {
    const { t } = sheetWithRequests(3, 1);
    const before = t.as(OWNER, () => capacityAsAdmin(t.ctx()));
    const sheets = t.ws.sheets.get(t.spreadsheetId).data.sheets;
    expect(before.cells).toBe(sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0));
    expect(before).toMatchObject({ cellLimit: 10_000_000, live: 4, archived: 0, archives: [] });
    expect(before.daysLeft).toBe(Math.floor((10_000_000 - before.cells) / ((4 * before.cells) / 4 / 30)));
    t.ws.kernel.clock.advance(61 * DAY);
    orderedRequest(t);
    sendMail(t);
    const r = t.as(OWNER, () => archiveInTimerRun(t.ctx(), t.ws.kernel.clock.now() + 60_000));
    expect(r).toMatchObject({ outcome: 'done', requests: 3 });
    const after = t.as(OWNER, () => capacity(t.ctx()));
    expect(after).toMatchObject({ live: 2, archived: 3, archives: [{ name: 'Handoff archive 2026', requests: 3 }] });
    expect(after.archives[0]!.id).toMatch(/\w+/);
    // Only the last 30 days' requests count toward the rate: one request created since.
    expect(after.daysLeft).toBe(Math.floor((10_000_000 - after.cells) / (after.cells / 2 / 30)));
    // The next timer run does not look again for hours.
    expect(t.as(OWNER, () => archiveInTimerRun(t.ctx(), t.ws.kernel.clock.now() + 60_000))).toBeNull();
  });

  it('reaches the Admin view through the panel (admins only)', () => {
    const { t } = sheetWithRequests(1, 1);
    const r = call<{ cells: number; live: number; archives: unknown[] }>(t, OWNER, panel.capacity, {});
    expect(r).toEqual(JSON.parse(JSON.stringify(t.as(OWNER, () => capacity(t.ctx())))));
    expect(r.live).toBe(2);
    expect(callError(t, RITA, panel.capacity, {}).message).toMatch(/admin/i);
  });

  it('is refused to people who are not admins', () => {
    const { t } = sheetWithRequests(0, 0);
    expect(() => t.as(RITA, () => capacityAsAdmin(t.ctx()))).toThrow('Only the spreadsheet owner and Handoff admins can do this.');
    expect(() => t.as(RITA, () => setRetentionAsAdmin(t.ctx(), 30))).toThrow('Only the spreadsheet owner and Handoff admins can do this.');
  });

  it('sets the retention period for admins, refusing bad values with the setting named', () => {
    const { t } = sheetWithRequests(0, 0);
    expect(t.as(OWNER, () => setRetentionAsAdmin(t.ctx(), 30))).toMatch(/30 days after they close/);
    expect(() => t.as(OWNER, () => setRetentionAsAdmin(t.ctx(), -1))).toThrow(/"Retention days"/);
    expect(() => t.as(OWNER, () => setRetentionAsAdmin(t.ctx(), 'ten'))).toThrow(/"Retention days"/);
    expect(t.as(OWNER, () => readRetention(t.ctx()))).toEqual({ ok: true, days: 30 });
  });

  it('emails the admins once when the workbook passes 70% of its cells', () => {
    const { t } = sheetWithRequests(0, 0);
    expect(t.as(OWNER, () => checkCapacity(t.ctx()))).toMatchObject({ warned: false });
    // Spare rows, as a workbook that grew for months holds (Sheets counts empty cells too).
    const first = t.ws.sheets.get(t.spreadsheetId).data.sheets[0]!;
    first.maxRows += Math.ceil(7_000_000 / first.maxColumns);
    expect(t.as(OWNER, () => checkCapacity(t.ctx()))).toMatchObject({ warned: true });
    expect(t.as(OWNER, () => checkCapacity(t.ctx()))).toMatchObject({ warned: false });
    const mails = t.ws.mail.outbox().filter((m) => /filling up/.test(m.subject));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toMatch(/holds 7\d% of the 10,000,000 cells/);
  });
});
