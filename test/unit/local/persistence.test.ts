import { createWorkspace } from '../../../src/local/workspace';

describe('persistence of the core services (ws.persistence)', () => {
  test('spreadsheets (with Dates, formulas, formats, protections), properties, caches and the clock survive a JSON round trip', () => {
    const a = createWorkspace({ owner: 'owner@acme.test', timeZone: 'Europe/Berlin' });
    const ss = a.globals.SpreadsheetApp.create('Handoff');
    a.sheets.setActive(ss.getId());
    const sheet = ss.insertSheet('Requests');
    const d = new Date(Date.UTC(2026, 1, 2, 3, 4, 5));
    sheet.getRange('A1:D1').setValues([[d, "'=x", '=1+1', 7]]);
    sheet.getRange('D1').setNumberFormat('0.00');
    sheet.protect().setDescription('locked');
    a.globals.PropertiesService.getScriptProperties().setProperty('k', 'v');
    a.globals.CacheService.getScriptCache().put('c', 'cached', 60);
    a.kernel.clock.advance(5000);

    const json = JSON.parse(JSON.stringify(a.persistence.toJSON())) as Record<string, unknown>;
    const b = createWorkspace({ owner: 'owner@acme.test' });
    b.persistence.restore(json);

    expect(b.kernel.clock.now()).toBe(a.kernel.clock.now());
    const r = b.globals.SpreadsheetApp.getActiveSpreadsheet()!.getSheetByName('Requests')!.getRange('A1:D1');
    const values = r.getValues()[0]!;
    expect(values[0]).toBeInstanceOf(Date);
    expect((values[0] as Date).getTime()).toBe(d.getTime());
    expect(values.slice(1)).toEqual(['=x', 2, 7]);
    expect(r.getFormulas()[0]).toEqual(['', '', '=1+1', '']);
    expect(r.getDisplayValues()[0]![3]).toBe('7.00');
    expect(
      b.globals.SpreadsheetApp.getActiveSpreadsheet()!.getProtections(b.globals.SpreadsheetApp.ProtectionType.SHEET)[0]!.getDescription(),
    ).toBe('locked');
    expect(b.globals.Session.getScriptTimeZone()).toBe('Europe/Berlin');
    expect(b.globals.PropertiesService.getScriptProperties().getProperty('k')).toBe('v');
    expect(b.globals.CacheService.getScriptCache().get('c')).toBe('cached');
    b.kernel.clock.advance(55_000);
    expect(b.globals.CacheService.getScriptCache().get('c')).toBeNull();
    // New spreadsheets after a restore get new ids.
    expect(b.globals.SpreadsheetApp.create('Next').getId()).not.toBe(ss.getId());
  });
});
