/**
 * The Intake log and the Index when requests move to the archive: the moved requests' ledger rows go with them
 * (copied, verified, deleted), the Index drops their entries in the same write and moves the others' row hints up,
 * so a response still live is still found (a second delivery, an edit) and the live tabs stay bounded.
 */
import { applyActionCommand } from '../../../../src/gas/commands/requests';
import { readArchives } from '../../../../src/gas/archive/registry';
import { runArchive } from '../../../../src/gas/archive/run';
import { ARCHIVED_KEY, BUCKETS, bucketOf, fingerprint, INDEX_TAB, pruneIndex, shiftedRow } from '../../../../src/gas/plane/index';
import { setUp } from '../../../../src/gas/setup/setup';
import { verifyAuditLog } from '../../../../src/gas/governance/verify';
import { MAX, PAT } from '../fixtures';
import { intakeWorld, valid, type IntakeWorld } from '../intake/helpers';
import { OWNER } from '../workspace';
import { DAY, sendMail } from './helpers';

const actor = (email: string) => ({ email, method: 'session' as const });

/** A form response taken through the lifecycle: submitted, approved, ordered (closed). */
function orderedFromForm(t: IntakeWorld, formId: string): { id: string; responseId: string } {
  const sub = t.w.forms.submitAs(formId, 'rita@acme.test', valid);
  const id = (sub.runs[0]!.result as { requestId: string }).requestId;
  t.as(MAX, () => applyActionCommand(t.ctx(), { requestId: id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }));
  t.as(PAT, () =>
    applyActionCommand(t.ctx(), {
      requestId: id,
      action: { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-1' } },
      actor: actor(PAT),
      expectedRevision: 2,
    }),
  );
  return { id, responseId: sub.responseId };
}

const indexEntries = (t: IntakeWorld) => {
  const values = t.sheet.values(INDEX_TAB);
  const out = { requests: {} as Record<string, string>, intake: {} as Record<string, string> };
  for (const r of values.slice(1)) {
    Object.assign(out.requests, JSON.parse(String(r[0] || '{}')));
    const { [ARCHIVED_KEY]: _archived, ...intake } = JSON.parse(String(r[1] || '{}')) as Record<string, string>;
    Object.assign(out.intake, intake);
  }
  return out;
};

describe('the Intake log and the Index when requests move to the archive', () => {
  it('moves the ledger rows with their requests and drops them from the Index; live hints stay right; intake stays idempotent', () => {
    const t = intakeWorld();
    t.w.webapp.deploy();
    const { formId } = t.generate();
    const old = [orderedFromForm(t, formId), orderedFromForm(t, formId)];
    t.ws.kernel.clock.advance(61 * DAY);
    const recent = orderedFromForm(t, formId); // closed now: stays (and holds the chain head)
    const open = t.w.forms.submitAs(formId, 'rita@acme.test', valid);
    const openId = (open.runs[0]!.result as { requestId: string }).requestId;
    sendMail(t);
    expect(t.rows('Intake log')).toHaveLength(4);

    const r = t.as(OWNER, () => runArchive(t.ctx(), { deadline: t.ws.kernel.clock.now() + 60_000, batchSize: 5 }));
    expect(r).toMatchObject({ outcome: 'done', requests: 2 });
    // The live ledger keeps only live requests' rows; the archive holds the moved ones', each once.
    expect(t.rows('Intake log').map((l) => l.Request)).toEqual([recent.id, openId]);
    const link = t.as(OWNER, () => readArchives(t.ctx()))[0]!;
    const [head, ...archived] = t.ws.sheets.get(link.id).values('Intake log');
    expect(head).toEqual(['Response ID', 'Request', 'Edit link', 'Note']);
    expect(archived.map((row) => [row[0], row[1]])).toEqual(old.map((o) => [o.responseId, o.id]));

    // The Index: no entry for a moved request or response; every other hint names the row that holds it.
    const idx = indexEntries(t);
    for (const o of old) {
      expect(idx.requests[o.id]).toBeUndefined();
      expect(idx.intake[o.responseId]).toBeUndefined();
    }
    const requests = t.sheet.values('Requests');
    for (const [id, row] of Object.entries(idx.requests)) expect(requests[Number(row) - 1]![0]).toBe(id);
    const ledger = t.sheet.values('Intake log');
    for (const [response, value] of Object.entries(idx.intake)) expect(ledger[Number(value.split('|')[1]) - 1]![0]).toBe(response);
    expect(Object.keys(idx.intake).sort()).toEqual([recent.responseId, open.responseId].sort());

    // An edit of a live response reaches its request (found by its moved hint), and delivered twice changes it once.
    const edit = t.w.forms.editAs(open.responseId, { Justification: 'a new hire, from Monday' }, { deliveries: 2 });
    expect(edit.runs.map((run) => run.result)).toMatchObject([
      { requestId: openId, status: 'updated' },
      { requestId: openId, status: 'duplicate' },
    ]);
    expect(t.rows('Requests').map((q) => q.ID)).toEqual([recent.id, openId]);
    expect(t.as(OWNER, () => verifyAuditLog(t.ctx()))).toMatchObject({ ok: true });

    // An edit of a moved request's response, made after the move: kept for review, never a second request.
    const late = t.w.forms.editAs(old[0]!.responseId, { Justification: 'changed after it closed' });
    expect(late.runs[0]!.result).toMatchObject({ status: 'review', responseId: old[0]!.responseId });
    expect(t.rows('Requests').map((q) => q.ID)).toEqual([recent.id, openId]);
    expect(t.rows('Intake errors').map((e) => [e.Kind, e['Response ID']])).toEqual([['late_edit', old[0]!.responseId]]);
    // A new response still becomes a request.
    const fresh = t.w.forms.submitAs(formId, 'rita@acme.test', valid);
    expect(fresh.runs[0]!.result).toMatchObject({ status: 'created' });
  });
});

describe('pruneIndex', () => {
  it('drops the moved ids and moves the other hints up past the deleted rows', () => {
    const bucket = (requests: Record<string, string>, intake: Record<string, string>) => [JSON.stringify(requests), JSON.stringify(intake)];
    const before = [
      bucket({ 'PR-000001': '2', 'PR-000004': '5' }, { r1: 'PR-000001|2', r4: 'PR-000004|4' }),
      bucket({ 'PR-000003': '4' }, {}),
      bucket({}, {}),
    ];
    const out = pruneIndex(before, new Set(['PR-000001', 'PR-000002']), { requests: [2, 3], intake: [2] });
    expect(out.changed).toBe(true);
    expect(out.buckets).toEqual([
      bucket({ 'PR-000004': '3' }, { r4: 'PR-000004|3', [ARCHIVED_KEY]: fingerprint('r1') }),
      bucket({ 'PR-000003': '2' }, {}),
      bucket({}, {}),
    ]);
    // A second prune keeps the fingerprints it found and adds the new ones.
    const again = pruneIndex(out.buckets, new Set(['PR-000004']), { requests: [3], intake: [3] });
    expect(JSON.parse(again.buckets[0]![1]!)).toEqual({ [ARCHIVED_KEY]: `${fingerprint('r1')} ${fingerprint('r4')}` });
    expect(pruneIndex(out.buckets, new Set(['PR-000009']), { requests: [], intake: [] }).changed).toBe(false);
    expect([shiftedRow(10, [2, 3, 12]), shiftedRow(3, [2, 3]), shiftedRow(2, [])]).toEqual([8, null, 2]);
    expect(bucketOf('PR-000001')).toBeGreaterThanOrEqual(2);
    expect(bucketOf('PR-000001')).toBeLessThanOrEqual(BUCKETS + 1);
  });
});

describe('Set up / repair shortens an Intake log of the earlier version', () => {
  it('folds the columns that repeat the Requests row into Note, then removes them; nothing else changes', () => {
    const t = intakeWorld();
    const { formId } = t.generate();
    const a = t.w.forms.submitAs(formId, 'rita@acme.test', valid);
    // The earlier version's eight columns, as it wrote them.
    const at = new Date(Date.UTC(2026, 0, 5, 9));
    t.sheet.write('Intake log', 'A1', [
      ['Response ID', 'Form', 'Request', 'Received', 'Updated', 'Status', 'Edit link', 'Note'],
      [a.responseId, formId, 'PR-000001', at, at, 'approval', a.editResponseUrl, 'ignored: colour'],
    ]);
    const report = t.as(OWNER, () => setUp(t.ctx()));
    expect(report.repaired).toContain(
      'Intake log: removed the earlier columns that repeat the Requests row (4); 1 row keep their cells in Note',
    );
    expect(t.sheet.values('Intake log')).toEqual([
      ['Response ID', 'Request', 'Edit link', 'Note'],
      [
        a.responseId,
        'PR-000001',
        a.editResponseUrl,
        `ignored: colour (earlier columns: Form ${formId}, Received ${at.toISOString()}, Updated ${at.toISOString()}, Status approval)`,
      ],
    ]);
    expect(t.ws.sheets.get(t.spreadsheetId).data.sheets.find((s) => s.name === 'Intake log')!.maxColumns).toBe(4);
    // Intake still finds the response: an edit reaches its request.
    expect(t.w.forms.editAs(a.responseId, { Justification: 'changed' }).runs[0]!.result).toMatchObject({ requestId: 'PR-000001' });
    expect(t.as(OWNER, () => setUp(t.ctx())).changed).toBe(false);
  });
});
