/**
 * Crash consistency of a unit of work (src/gas/plane/unit.ts). An operation writes the request row, its Audit rows
 * and its Outbox rows in ONE Spreadsheets.batchUpdate, which the Sheets API applies whole or not at all, so the
 * execution can stop only before the write (nothing happened) or after it (everything happened). What follows the
 * write (script properties: the id sequence, the tail hints) is never needed for consistency: the next unit checks
 * the Requests tail. A journal left by an earlier version of Handoff (which wrote in several steps) is still
 * replayed by the next locked operation.
 */
import { applyActionCommand, createRequestCommand } from '../../../src/gas/commands/requests';
import { getRequest, readAudit, readOutbox } from '../../../src/gas/commands/read';
import { withLock } from '../../../src/gas/lock';
import { readJournal, writeJournal } from '../../../src/gas/store/journal';
import { keyEvents } from '../../../src/gas/store/audit';
import { verifyChain, type Fields } from '../../../src/core';
import { googleJsonResponseException, SheetsApiError } from '../../../src/local/services/sheets-api';
import { governedSheet, laptop, MAX, RITA } from './fixtures';

const actor = (email: string) => ({ email, method: 'session' as const });
const crash = () => {
  throw new Error('simulated crash: Exceeded maximum execution time');
};

type T = ReturnType<typeof governedSheet>;
const create = (t: T, ctx = t.ctx(), fields: Fields = laptop) =>
  t.as(RITA, () =>
    createRequestCommand(ctx, { workflowId: 'purchase-approval', requester: RITA, fields, channel: 'form', actor: actor(RITA) }),
  );
const approve = (t: T, id: string, ctx = t.ctx()) =>
  t.as(MAX, () =>
    applyActionCommand(ctx, { requestId: id, action: { type: 'approve', comment: 'ok' }, actor: actor(MAX), expectedRevision: 1 }),
  );
const tabs = (t: T) => JSON.stringify(['Requests', 'Audit', 'Outbox'].map((n) => t.sheet.values(n)));

describe('the one write of a unit', () => {
  it('a crash before it leaves the sheet as it was; the next operation starts clean and reuses no id', () => {
    const t = governedSheet();
    const c = create(t);
    const before = tabs(t);
    expect(() => approve(t, c.request.id, t.ctx({ hooks: { beforeWrite: crash } }))).toThrow('simulated crash');
    expect(tabs(t)).toBe(before);
    expect(getRequest(t.ctx(), c.request.id)?.revision).toBe(1);
    expect(() => create(t, t.ctx({ hooks: { beforeWrite: crash } }))).toThrow('simulated crash');
    expect(tabs(t)).toBe(before);
    // The crashed create claimed no number: no gap.
    expect(create(t).request.id).toBe('PR-000002');
    expect(approve(t, c.request.id).request.revision).toBe(2);
  });

  it('a crash after it keeps everything the write carried, and the next create does not reuse the id', () => {
    const t = governedSheet();
    expect(() => create(t, t.ctx({ hooks: { afterWrite: crash } }))).toThrow('simulated crash');
    const c = { request: getRequest(t.ctx(), 'PR-000001')!, notifications: readOutbox(t.ctx()) };
    expect(c.request.revision).toBe(1);
    // The sequence property was not written; the Requests tail shows PR-000001 is taken.
    const d = create(t);
    expect(d.request.id).toBe('PR-000002');
    const outboxBefore = readOutbox(t.ctx()).length;
    expect(() => approve(t, c.request.id, t.ctx({ hooks: { afterWrite: crash } }))).toThrow('simulated crash');
    expect(getRequest(t.ctx(), c.request.id)?.revision).toBe(2);
    const audit = readAudit(t.ctx());
    expect(verifyChain(audit).ok).toBe(true);
    const keys = audit.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    const outbox = readOutbox(t.ctx());
    expect(new Set(outbox.map((o) => o.id)).size).toBe(outbox.length);
    expect(outbox.length).toBeGreaterThan(outboxBefore); // the approval's notifications landed with it
    expect(outboxBefore).toBe(c.notifications.length + d.notifications.length);
  });

  it('a write the API refuses changes nothing, and the operation says so', () => {
    const t = governedSheet();
    const c = create(t);
    const before = tabs(t);
    const collection = (t.ws.globals.Sheets as GoogleAppsScript.Sheets).Spreadsheets as unknown as {
      batchUpdate: (...a: unknown[]) => unknown;
    };
    const real = collection.batchUpdate;
    collection.batchUpdate = () => {
      throw googleJsonResponseException('sheets.spreadsheets.batchUpdate', new SheetsApiError('INTERNAL', 'Internal error encountered.'));
    };
    try {
      expect(() => approve(t, c.request.id)).toThrow(/could not be saved, so nothing was changed \(Internal error encountered\.\)/);
    } finally {
      collection.batchUpdate = real;
    }
    expect(tabs(t)).toBe(before);
    expect(approve(t, c.request.id).request.revision).toBe(2);
  });
});

describe('a journal left by an earlier version', () => {
  it('is replayed by the next locked operation, with no duplicate rows', () => {
    const t = governedSheet();
    const c = create(t);
    const approved = { ...c.request, revision: 2, state: 'ordering', updatedAt: c.request.updatedAt + 1 };
    const events = keyEvents([{ ...readAudit(t.ctx())[0]!.event, revision: 2, action: 'approve' as const }]);
    // An earlier execution journaled under the lock, then stopped.
    const jctx = t.ctx();
    withLock(jctx, () => writeJournal(jctx, { op: 'apply:approve', at: 1, request: approved, row: 2, audit: events, outbox: [] }), {
      recover: false,
    });
    const auditBefore = readAudit(t.ctx()).length;
    create(t);
    expect(readJournal(t.ctx())).toBeNull();
    expect(getRequest(t.ctx(), c.request.id)?.revision).toBe(2);
    const audit = readAudit(t.ctx());
    expect(audit.filter((a) => a.key === events[0]!.key)).toHaveLength(1);
    expect(audit.length).toBe(auditBefore + 1 + 1);
    expect(verifyChain(audit).ok).toBe(true);
  });

  it('in chunks under the 9 KB property limit, replays whole', () => {
    const t = governedSheet();
    const c = create(t);
    const big = { ...c.request, revision: 2, fields: { ...c.request.fields, justification: 'é'.repeat(30_000) } };
    const jctx = t.ctx();
    withLock(jctx, () => writeJournal(jctx, { op: 'apply:edit', at: 1, request: big, row: 2, audit: [], outbox: [] }), { recover: false });
    const props = (t.services.PropertiesService as GoogleAppsScript.Properties.PropertiesService).getScriptProperties().getProperties();
    const values = Object.entries(props).filter(([k]) => k.includes(':journal'));
    expect(values.length).toBeGreaterThan(2);
    for (const [, v] of values) expect(Buffer.byteLength(v, 'utf8')).toBeLessThanOrEqual(9 * 1024);
    create(t);
    expect(getRequest(t.ctx(), c.request.id)?.fields.justification).toBe(big.fields.justification);
  });
});
