import { setUp } from '../../../../src/gas/setup/setup';
import { OWNER } from '../workspace';
import { sheetWithRequests } from './helpers';

const TABS = ['Requests', 'Audit', 'Config', 'Directory', 'Outbox'];

describe('set-up / repair trims the governed tabs', () => {
  it('upgrades a workbook laid out as before (1,000 × 26 tabs) in place, with nothing lost', () => {
    const { t } = sheetWithRequests(2, 1);
    const ss = t.ws.sheets.get(t.spreadsheetId);
    // The grid an earlier version left: every tab 1,000 rows × 26 columns, plus an operator's column with data.
    t.ws.kernel.meter.unmetered(() => {
      for (const name of TABS) {
        const sheet = t.services.SpreadsheetApp.openById(t.spreadsheetId).getSheetByName(name)!;
        if (sheet.getMaxColumns() < 26) sheet.insertColumnsAfter(sheet.getMaxColumns(), 26 - sheet.getMaxColumns());
        if (sheet.getMaxRows() < 1000) sheet.insertRowsAfter(sheet.getMaxRows(), 1000 - sheet.getMaxRows());
      }
    });
    t.sheet.write('Requests', 'Z1', [['Operator notes'], ['call vendor']]);
    const before = Object.fromEntries(TABS.map((n) => [n, ss.values(n)]));
    const cells = () => ss.data.sheets.filter((s) => TABS.includes(s.name)).reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
    expect(cells()).toBe(5 * 1000 * 26);

    const report = t.as(OWNER, () => setUp(t.ctx()));
    expect(report.repaired.filter((l) => /removed [\d,]+ empty cells/.test(l))).toHaveLength(5);
    for (const n of TABS) expect(ss.values(n)).toEqual(before[n]);
    const requests = ss.data.sheets.find((s) => s.name === 'Requests')!;
    expect(requests.maxColumns).toBe(26); // the operator's column stays
    expect(requests.maxRows).toBe(4 + 20);
    const audit = ss.data.sheets.find((s) => s.name === 'Audit')!;
    expect(audit.maxColumns).toBe(before.Audit![0]!.length);
    expect(cells()).toBeLessThan(5 * 1000 * 26 * 0.1);

    // Trim already: the next set-up changes nothing.
    expect(t.as(OWNER, () => setUp(t.ctx())).changed).toBe(false);
  });
});
