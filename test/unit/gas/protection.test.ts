import { applyActionCommand, createRequestCommand } from '../../../src/gas/commands/requests';
import { getRequest } from '../../../src/gas/commands/read';
import { setUp, syncProtections } from '../../../src/gas/setup/setup';
import { ADMIN_DESCRIPTION, GOVERNED_DESCRIPTION } from '../../../src/gas/sheet/tabs';
import { FAY, governedSheet, laptop, MAX, PAT, RITA } from './fixtures';
import { OWNER } from './workspace';

type Prot = { type: string; sheetId: number; description: string; editors: string[] };
const protections = (t: ReturnType<typeof governedSheet>): Prot[] =>
  (t.ws as unknown as { sheets: { get(id: string): { protections(): Prot[] } } }).sheets.get(t.spreadsheetId).protections();
const tabOf = (t: ReturnType<typeof governedSheet>, p: Prot): string =>
  t.ws.kernel.meter.unmetered(() =>
    (t.services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp)
      .openById(t.spreadsheetId)
      .getSheets()
      .find((s) => s.getSheetId() === p.sheetId)!
      .getName(),
  );
const editorsOf = (t: ReturnType<typeof governedSheet>, tab: string): string[] =>
  protections(t)
    .filter((p) => p.description.startsWith('Handoff: governed') && tabOf(t, p) === tab)
    .flatMap((p) => p.editors.map((e) => e.toLowerCase()));
const actor = (email: string) => ({ email, method: 'session' as const });
/** One execution running as `user` themself: a sidebar server function or a Gmail add-on. */
const asThemself = <T>(t: ReturnType<typeof governedSheet>, user: string, fn: () => T): T =>
  t.ws.kernel.executions.run({ activeUser: user, effectiveUser: user, kind: 'script-run' }, fn);
const OPAL = 'opal@acme.test';

/** The governed sheet with Opal as an operator and protections repaired to follow the Directory. */
function withOperator() {
  const t = governedSheet();
  t.sheet.write('Directory', 'A7', [[OPAL, 'Opal Operator', 'operator', '', '', '', '', '', '']]);
  t.as(OWNER, () => setUp(t.ctx()));
  return t;
}

describe('who may write the governed tabs', () => {
  it('Requests, Audit and Outbox: the owner, admins and operators; Directory and Config: the owner and admins', () => {
    const t = withOperator();
    const ours = protections(t).filter((p) => p.description.startsWith('Handoff: governed'));
    expect(ours.map((p) => [tabOf(t, p), p.description]).sort()).toEqual(
      [
        ['Audit', GOVERNED_DESCRIPTION],
        ['Config', ADMIN_DESCRIPTION],
        ['Directory', ADMIN_DESCRIPTION],
        ['Outbox', GOVERNED_DESCRIPTION],
        ['Requests', GOVERNED_DESCRIPTION],
      ].sort(),
    );
    for (const tab of ['Requests', 'Audit', 'Outbox']) {
      expect(editorsOf(t, tab)).toEqual(expect.arrayContaining([OWNER, OPAL]));
      for (const other of [RITA, MAX, FAY, PAT]) expect(editorsOf(t, tab)).not.toContain(other);
    }
    for (const tab of ['Directory', 'Config']) {
      expect(editorsOf(t, tab)).toContain(OWNER);
      expect(editorsOf(t, tab)).not.toContain(OPAL);
    }
  });

  it('an operator running as themself (the sidebar) can change a request; an approver running as themself cannot', () => {
    const t = withOperator();
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    // Max (an approver, not an operator) is refused by protection, and nothing changes. He can open the file (it is
    // shared with him as an editor): without sharing, Apps Script refuses him before that (access error).
    expect(() =>
      asThemself(t, MAX, () =>
        applyActionCommand(t.ctx(), { requestId: c.request.id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }),
      ),
    ).toThrow(/permission to access the requested document/);
    t.ws.sheets.get(t.spreadsheetId).share(MAX, 'editor');
    expect(() =>
      asThemself(t, MAX, () =>
        applyActionCommand(t.ctx(), { requestId: c.request.id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }),
      ),
    ).toThrow(/protected "Audit" tab/);
    expect(getRequest(t.ctx(), c.request.id)?.revision).toBe(1);
    // Opal the operator, in her own execution, reassigns it.
    const r = asThemself(t, OPAL, () =>
      applyActionCommand(t.ctx(), {
        requestId: c.request.id,
        action: { type: 'reassign', to: PAT, reason: 'Pat handles laptops' },
        actor: actor(OPAL),
        expectedRevision: 1,
      }),
    ).request;
    expect(r.revision).toBe(2);
    expect(getRequest(t.ctx(), c.request.id)).toEqual(r);
  });

  it('an operator cannot edit the Directory (cannot grant themself admin)', () => {
    const t = withOperator();
    expect(() =>
      asThemself(t, OPAL, () => {
        const ss = (t.services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).openById(t.spreadsheetId);
        ss.getSheetByName('Directory')!.getRange('C7').setValue('admin');
      }),
    ).toThrow(/protected/);
  });

  it('re-applies a removed protection on repair, and follows the Directory when roles change', () => {
    const t = withOperator();
    const all = protections(t);
    all.splice(
      all.findIndex((p) => p.description === GOVERNED_DESCRIPTION),
      1,
    );
    t.sheet.write('Directory', 'A8', [['fay2@acme.test', 'Fay Two', 'admin', '', '', '', '', '', '']]);
    t.sheet.write('Directory', 'C7', [['']]); // Opal is no longer an operator
    const report = t.as(OWNER, () => setUp(t.ctx()));
    expect(report.repaired.filter((r) => r.includes('protected')).length).toBe(5);
    for (const tab of ['Requests', 'Audit', 'Outbox', 'Directory', 'Config']) {
      expect(editorsOf(t, tab)).toContain('fay2@acme.test');
      expect(editorsOf(t, tab)).not.toContain(OPAL);
    }
    // syncProtections does the same outside set-up (for the panel after a role change), and is idempotent.
    t.sheet.write('Directory', 'C7', [['operator']]);
    expect(t.as(OWNER, () => syncProtections(t.ctx())).sort()).toEqual([
      'Audit: protected (owner, admins and operators)',
      'Outbox: protected (owner, admins and operators)',
      'Requests: protected (owner, admins and operators)',
    ]);
    expect(editorsOf(t, 'Requests')).toContain(OPAL);
    expect(t.as(OWNER, () => syncProtections(t.ctx()))).toEqual([]);
  });

  it('adopts a protection from an earlier version (old description) instead of adding a second one', () => {
    const t = governedSheet();
    for (const p of protections(t))
      if (p.description === GOVERNED_DESCRIPTION)
        p.description = 'Handoff: governed by the Handoff add-on (only the owner and admins may edit)';
    t.as(OWNER, () => setUp(t.ctx()));
    expect(protections(t).filter((p) => p.description.startsWith('Handoff: governed'))).toHaveLength(5);
    expect(protections(t).filter((p) => p.description === GOVERNED_DESCRIPTION)).toHaveLength(3);
  });

  it('set-up creates the approval-link key (idempotent)', () => {
    const t = governedSheet();
    const props = () =>
      (t.services.PropertiesService as GoogleAppsScript.Properties.PropertiesService)
        .getScriptProperties()
        .getProperty('HANDOFF_APPROVAL_KEYS');
    const key = props();
    expect(key).toBeTruthy();
    t.as(OWNER, () => setUp(t.ctx()));
    expect(props()).toBe(key);
  });
});
