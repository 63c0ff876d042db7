/**
 * Sharing on the local SpreadsheetApp, checked for the execution's *effective* user (Session.getEffectiveUser()):
 * the owner and editors may read and write; viewers may read, not write; anyone else cannot open the file.
 * A Gmail add-on execution has no active spreadsheet. Messages are Apps Script's.
 */
import { createWorkspace } from '../../../src/local/workspace';
import type { ExecutionKind } from '../../../src/local/kernel/execution';

const OWNER = 'owner@acme.test';
const EDDIE = 'eddie@acme.test';
const VERA = 'vera@acme.test';
const NOBODY = 'nobody@acme.test';
const NO_ACCESS = 'You do not have permission to access the requested document.';
const NO_EDIT = 'You do not have permission to perform that action.';

function setup() {
  const ws = createWorkspace({ owner: OWNER });
  const id = ws.sheets.create('Governed', { owner: OWNER, bind: true });
  ws.sheets.setActive(id);
  ws.sheets.get(id).share(EDDIE, 'editor');
  ws.sheets.get(id).share(VERA, 'viewer');
  ws.sheets.get(id).write('Sheet1', 'A1', [['kept']]);
  const as = <T>(user: string, fn: (app: GoogleAppsScript.Spreadsheet.SpreadsheetApp) => T, kind: ExecutionKind = 'script-run'): T =>
    ws.kernel.executions.run({ activeUser: user, effectiveUser: user, kind }, () => fn(ws.globals.SpreadsheetApp));
  const a1 = () => ws.sheets.get(id).values('Sheet1')[0]![0];
  return { ws, id, as, a1 };
}

describe('who may open, read and write a spreadsheet', () => {
  test('someone the file is not shared with cannot open it, by id, by URL or as the bound spreadsheet', () => {
    const { id, as } = setup();
    const url = as(OWNER, (app) => app.openById(id).getUrl());
    expect(() => as(NOBODY, (app) => app.openById(id))).toThrow(NO_ACCESS);
    expect(() => as(NOBODY, (app) => app.openByUrl(url))).toThrow(NO_ACCESS);
    // A web app executing as the visitor, for a visitor without access: the bound spreadsheet is refused too.
    expect(() => as(NOBODY, (app) => app.getActiveSpreadsheet(), 'web-app')).toThrow(NO_ACCESS);
  });

  test('it is the effective user that counts: a web app running as the owner reads for a visitor without access', () => {
    const { ws, id } = setup();
    const v = ws.kernel.executions.run({ activeUser: NOBODY, effectiveUser: OWNER, kind: 'web-app' }, () =>
      ws.globals.SpreadsheetApp.openById(id).getSheets()[0]!.getRange('A1').getValue(),
    );
    expect(v).toBe('kept');
  });

  test('a viewer reads but every write is refused, and nothing changes', () => {
    const { id, as, a1, ws } = setup();
    expect(as(VERA, (app) => app.openById(id).getSheets()[0]!.getRange('A1').getValue())).toBe('kept');
    const writes: Array<(ss: GoogleAppsScript.Spreadsheet.Spreadsheet) => unknown> = [
      (ss) => ss.getSheets()[0]!.getRange('A1').setValue('changed'),
      (ss) =>
        ss
          .getSheets()[0]!
          .getRange('A1:B1')
          .setValues([['changed', 'too']]),
      (ss) => ss.getSheets()[0]!.appendRow(['new']),
      (ss) => ss.getSheets()[0]!.insertRowsAfter(1, 2),
      (ss) => ss.getSheets()[0]!.deleteRow(1),
      (ss) => ss.getSheets()[0]!.clear(),
      (ss) => ss.getSheets()[0]!.setName('Renamed'),
      (ss) => ss.getSheets()[0]!.setFrozenRows(1),
      (ss) => ss.getSheets()[0]!.getRange('A1').setBackground('#ff0000'),
      (ss) => ss.getSheets()[0]!.getRange('A1').setNumberFormat('0.00'),
      (ss) => ss.insertSheet('More'),
      (ss) => ss.rename('Other'),
      (ss) => ss.addDeveloperMetadata('k', 'v'),
    ];
    const before = JSON.stringify(ws.sheets.get(id).snapshot());
    for (const w of writes) expect(() => as(VERA, (app) => w(app.openById(id)))).toThrow(NO_EDIT);
    expect(JSON.stringify(ws.sheets.get(id).snapshot())).toBe(before);
    expect(a1()).toBe('kept');
  });

  test('an editor and the owner write', () => {
    const { id, as, a1 } = setup();
    as(EDDIE, (app) => app.openById(id).getSheets()[0]!.getRange('A1').setValue('by eddie'));
    expect(a1()).toBe('by eddie');
    as(OWNER, (app) => app.openById(id).getSheets()[0]!.getRange('A1').setValue('by owner'));
    expect(a1()).toBe('by owner');
  });

  test('a Gmail add-on execution has no active spreadsheet; it must open the file by id, as its user', () => {
    const { id, as } = setup();
    expect(as(OWNER, (app) => app.getActiveSpreadsheet(), 'addon-card')).toBeNull();
    expect(as(OWNER, (app) => app.getActiveSheet(), 'addon-card')).toBeNull();
    expect(as(OWNER, (app) => app.getActiveSpreadsheet(), 'script-run')?.getId()).toBe(id);
    expect(() => as(NOBODY, (app) => app.openById(id), 'addon-card')).toThrow(NO_ACCESS);
  });

  test('the workspace itself (form responses) still writes whatever the user', () => {
    const { ws, id, a1 } = setup();
    ws.kernel.executions.run({ activeUser: NOBODY, effectiveUser: NOBODY, kind: 'installable-trigger' }, () =>
      ws.sheets.get(id).write('Sheet1', 'A1', [['system']]),
    );
    expect(a1()).toBe('system');
  });
});
