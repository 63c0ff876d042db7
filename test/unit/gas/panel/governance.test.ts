/** The governed sheet: hand edits reverted or turned into audited overrides; Verify names the first altered audit row. */
import { getRequest } from '../../../../src/gas/commands/read';
import { handleEdit } from '../../../../src/gas/governance/on-edit';
import { nextDueKey, readNextDue, runNextDue, wakeSeen } from '../../../../src/gas/plane/next-due';
import { verifyAuditLog } from '../../../../src/gas/governance/verify';
import * as panel from '../../../../src/gas/panel';
import { ADA, auditRows, call, createAs, MAX, OLGA, panelSheet, PAT, RITA } from './helpers';
import type { TestWorkspace } from '../workspace';

/** A person types `value` into one cell (as the Sheets UI would), then the installable trigger runs as the owner. */
function handEdit(t: TestWorkspace, who: string, tab: string, a1: string, value: unknown) {
  const range = t.ws.kernel.meter.unmetered(() => t.services.SpreadsheetApp.openById(t.spreadsheetId).getSheetByName(tab)!.getRange(a1));
  const oldValue = t.ws.kernel.meter.unmetered(() => range.getValue());
  t.sheet.write(tab, a1, [[value]]);
  const e = {
    range,
    user: { getEmail: () => who },
    value: String(value),
    oldValue: oldValue === '' ? undefined : oldValue instanceof Date ? String(oldValue.getTime() / 86_400_000 + 25569) : String(oldValue),
  };
  return t.as(ADA, () => handleEdit(t.ctx(), e));
}

const colOf = (t: TestWorkspace, tab: string, name: string) => String.fromCharCode(65 + t.sheet.values(tab)[0]!.indexOf(name));

describe('hand edits to Requests', () => {
  it('a requester changing the State cell is reverted and audited; the chain stays intact', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    const before = JSON.stringify(t.sheet.values('Requests'));
    const out = handEdit(t, RITA, 'Requests', `${colOf(t, 'Requests', 'State')}2`, 'ordered');
    expect(out).toMatchObject({ kind: 'reverted', user: RITA });
    expect(JSON.stringify(t.sheet.values('Requests'))).toBe(before);
    expect(getRequest(t.ctx(), id)!.state).toBe('approval');
    expect(auditRows(t).pop()).toMatchObject({ Action: 'hand_edit', Name: 'reverted', Actor: RITA, Request: id });
    expect(verifyAuditLog(t.ctx()).ok).toBe(true);
  });

  it('a reverted date cell comes back as the same date', () => {
    const t = panelSheet();
    createAs(t, RITA);
    const col = colOf(t, 'Requests', 'Created');
    const before = t.sheet.values('Requests')[1]![col.charCodeAt(0) - 65];
    handEdit(t, MAX, 'Requests', `${col}2`, 'yesterday');
    expect(t.sheet.values('Requests')[1]![col.charCodeAt(0) - 65]).toEqual(before);
  });

  it('an operator changing the Assignee cell reassigns through the engine, audited as an override', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    call(t, MAX, panel.actOn, { requestId: id, expectedRevision: 1, action: { type: 'approve' } });
    const out = handEdit(t, OLGA, 'Requests', `${colOf(t, 'Requests', 'Assignee')}2`, PAT);
    expect(out).toMatchObject({ kind: 'override', action: 'reassign', ok: true });
    const r = getRequest(t.ctx(), id)!;
    expect([r.assignee, r.revision]).toEqual([PAT, 3]);
    expect(auditRows(t).pop()).toMatchObject({ Action: 'reassign', Actor: OLGA, 'Assignee after': PAT });
    expect(String(auditRows(t).pop()!.Reason)).toMatch(/Edited by hand in the Requests tab/);
  });

  it('an operator moving State to a state the workflow lacks is undone and the refusal audited', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    const out = handEdit(t, OLGA, 'Requests', `${colOf(t, 'Requests', 'State')}2`, 'shipped');
    expect(out).toMatchObject({ kind: 'override', ok: false });
    expect(getRequest(t.ctx(), id)!.state).toBe('approval');
    expect(auditRows(t).pop()).toMatchObject({ Action: 'hand_edit', Name: 'refused_override', Actor: OLGA });
  });

  it('an operator moving State to a real state overrides through the engine', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    handEdit(t, OLGA, 'Requests', `${colOf(t, 'Requests', 'State')}2`, 'ordering');
    expect(getRequest(t.ctx(), id)!.state).toBe('ordering');
    expect(auditRows(t).find((a) => a.Action === 'override_state')).toMatchObject({ Actor: OLGA, To: 'ordering' });
  });

  it('columns Handoff does not own are free', () => {
    const t = panelSheet();
    createAs(t, RITA);
    t.sheet.write('Requests', 'Z1', [['Notes']]);
    expect(handEdit(t, RITA, 'Requests', 'Z2', 'call the vendor')).toMatchObject({ kind: 'ignored' });
    expect(t.sheet.values('Requests')[1]![25]).toBe('call the vendor');
  });
});

describe('the Audit tab and Verify audit log', () => {
  it('a hand edit to an Audit cell, even by an admin, is reverted and audited; the chain verifies', () => {
    const t = panelSheet();
    createAs(t, RITA);
    const col = colOf(t, 'Audit', 'Details'); // the event's actor, comment, … live in this one JSON cell
    handEdit(t, ADA, 'Audit', `${col}2`, '{"actor":"someone-else@acme.test"}');
    expect(auditRows(t)[0]!.Actor).toBe(RITA);
    expect(auditRows(t).pop()).toMatchObject({ Action: 'hand_edit', Actor: ADA });
    expect(verifyAuditLog(t.ctx())).toMatchObject({ ok: true, firstBadRow: null });
  });

  it('names the first altered row when an audit row was tampered with (no trigger to undo it)', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    call(t, MAX, panel.actOn, { requestId: id, expectedRevision: 1, action: { type: 'approve', comment: 'fine' } });
    createAs(t, RITA);
    const target = auditRows(t).findIndex((r) => r.Comment === 'fine') + 2; // sheet row number
    expect(target).toBeGreaterThan(2);
    const details = String(t.sheet.values('Audit')[target - 1]![t.sheet.values('Audit')[0]!.indexOf('Details')]);
    expect(details).toContain('"comment":"fine"');
    t.sheet.write('Audit', `${colOf(t, 'Audit', 'Details')}${target}`, [[details.replace('"fine"', '"looks fine to me"')]]);
    expect(auditRows(t)[target - 2]!.Comment).toBe('looks fine to me');
    const report = call(t, ADA, panel.verifyAudit, {});
    expect(report).toMatchObject({ ok: false, firstBadRow: target });
    expect(report.message).toContain(`row ${target} of the Audit tab`);
    expect(report.message).toMatch(/altered/);
  });

  it('names the row after a deleted one', () => {
    const t = panelSheet();
    createAs(t, RITA);
    createAs(t, RITA);
    createAs(t, RITA);
    const rows = t.sheet.values('Audit');
    const width = rows[0]!.length;
    // Remove row 3 by shifting the rows below it up.
    t.sheet.write('Audit', 'A3', [...rows.slice(3), Array(width).fill('')]);
    const report = verifyAuditLog(t.ctx());
    expect(report).toMatchObject({ ok: false, firstBadRow: 3 });
    expect(report.message).toMatch(/removed, inserted or re-ordered/);
  });
});

describe('hand edits to the Outbox', () => {
  it("a dead row's Status set back to pending by hand wakes the timer; other Outbox columns do not", () => {
    const t = panelSheet();
    createAs(t, RITA);
    const due = () => {
      const ctx = t.ctx();
      return readNextDue(ctx, ctx.props());
    };
    // A run saw the create's wake-up and stored a time a day off, as the timer's last run would.
    t.ws.kernel.meter.unmetered(() => {
      const ctx = t.ctx();
      const seen = wakeSeen(ctx, ctx.props());
      t.services.PropertiesService.getScriptProperties().setProperty(
        nextDueKey(ctx),
        runNextDue(t.ws.kernel.clock.now() + 86_400_000, seen),
      );
    });
    const far = due()!;
    expect(far).toBeGreaterThan(t.ws.kernel.clock.now());
    expect(handEdit(t, ADA, 'Outbox', `${colOf(t, 'Outbox', 'Last error')}2`, 'note')).toMatchObject({ kind: 'ignored' });
    expect(due()).toBe(far);
    expect(handEdit(t, ADA, 'Outbox', `${colOf(t, 'Outbox', 'Status')}2`, 'pending')).toMatchObject({ kind: 'woke_timer', tab: 'Outbox' });
    expect(due()).toBe(t.ws.kernel.clock.now());
  });
});
