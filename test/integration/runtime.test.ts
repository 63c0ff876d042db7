/**
 * dist/Code.js on the local Workspace, driven only through its top-level functions.
 * The test command builds first (`npm run test:integration` = build + jest).
 */
import { auditView } from '../support/audit-view';
import { purchaseApproval } from '../../src/templates';
import { PEOPLE, RITA, MAX, FAY, laptop } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle, type Harness } from './harness';

interface Created {
  request: { id: string; revision: number; state: string; fields: Record<string, unknown> };
  row: number;
}

function governed(): Harness {
  const h = loadBundle(OWNER);
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', PEOPLE);
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  return h;
}

const column = (h: Harness, tab: string, name: string): unknown[] => {
  const rows = tab === 'Audit' ? auditView(h.sheet.values(tab)) : h.sheet.values(tab); // through the one parser
  const i = (rows[0] ?? []).indexOf(name);
  return rows.slice(1).map((r) => r[i]);
};

describe('dist/Code.js in node:vm on the local Workspace', () => {
  it('runs in a context without require, module or process, and exposes its entry points as top-level functions', () => {
    const h = loadBundle(OWNER);
    for (const name of ['require', 'module', 'process', 'exports']) expect(h.context[name]).toBeUndefined();
    for (const fn of [
      'onOpen',
      'onInstall',
      'handoffSetUp',
      'handoffCreateRequest',
      'handoffApplyAction',
      'handoffGetRequest',
      'handoffPublishWorkflow',
    ]) {
      expect(typeof h.context[fn]).toBe('function');
    }
  });

  it('onOpen adds the Handoff add-on menu with Set up / repair', () => {
    const h = loadBundle(OWNER);
    h.call('onOpen', [{ authMode: 'NONE' }], { kind: 'simple-trigger' });
    const menus = h.menus();
    expect(menus).toHaveLength(1);
    expect(menus[0]?.addon).toBe(true);
    const items = (menus[0]?.entries ?? []).flatMap(function flat(e): Array<{ caption?: string; functionName?: string }> {
      return e.kind === 'submenu'
        ? ((e as unknown as { entries: (typeof menus)[0]['entries'] }).entries ?? []).flatMap(flat)
        : e.kind === 'item'
          ? [e]
          : [];
    });
    expect(items).toContainEqual(expect.objectContaining({ caption: 'Set up / repair', functionName: 'handoffSetUp' }));
    // Every menu item calls a function that exists at the top level of dist/Code.js.
    for (const item of items) expect(typeof h.context[item.functionName as string]).toBe('function');
  });

  it('set up twice: the second run changes nothing', () => {
    const h = loadBundle(OWNER);
    const first = h.call<{ created: string[]; changed: boolean }>('handoffSetUp');
    expect(first.created).toEqual(['Requests', 'Audit', 'Config', 'Directory', 'Outbox']);
    const snapshot = JSON.stringify(['Requests', 'Audit', 'Config', 'Directory', 'Outbox'].map((t) => h.sheet.values(t)));
    const second = h.call('handoffSetUp');
    expect(second).toEqual({ created: [], repaired: [], problems: [], changed: false });
    expect(JSON.stringify(['Requests', 'Audit', 'Config', 'Directory', 'Outbox'].map((t) => h.sheet.values(t)))).toBe(snapshot);
  });

  it('only the owner or an admin may set up', () => {
    const h = loadBundle(OWNER);
    expect(() => h.call('handoffSetUp', [], { as: RITA })).toThrow(/owner and Handoff admins/);
  });

  it('creates a request through the engine, approves it, and reads Requests and Audit back', () => {
    const h = governed();
    const evil = '=HYPERLINK("http://evil.test","click")';
    const created = h.call<Created>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: { ...laptop, vendor: evil } }], {
      as: RITA,
    });
    expect(created.request).toMatchObject({ id: 'PR-000001', revision: 1, state: 'approval' });
    expect(h.call('handoffGetRequest', ['PR-000001'])).toEqual(created.request);

    const approved = h.call<Created>(
      'handoffApplyAction',
      [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'approve', comment: 'fine' } }],
      { as: MAX },
    );
    expect(approved.request).toMatchObject({ id: 'PR-000001', revision: 2, state: 'ordering' });

    expect(column(h, 'Requests', 'ID')).toEqual(['PR-000001']);
    expect(column(h, 'Requests', 'State')).toEqual(['ordering']);
    expect(column(h, 'Requests', 'Revision')).toEqual([2]);
    expect(column(h, 'Requests', 'Created')[0]).toBeInstanceOf(Date);
    const actions = column(h, 'Audit', 'Action');
    expect(actions[0]).toBe('create');
    expect(actions).toContain('approve');
    expect(column(h, 'Audit', 'Actor')).toContain(MAX);
    const comments = column(h, 'Audit', 'Comment');
    expect(comments).toContain('fine');

    // Formula-looking text stays text: no formula anywhere, and the value reads back exactly.
    const sheets = (h.ws as unknown as { sheets: { get(id: string): { formulas(tab: string): string[][] } } }).sheets.get(h.spreadsheetId);
    for (const tab of ['Requests', 'Audit', 'Outbox'])
      expect(
        sheets
          .formulas(tab)
          .flat()
          .filter((f) => f !== ''),
      ).toEqual([]);
    expect(h.call<Created['request']>('handoffGetRequest', ['PR-000001']).fields.vendor).toBe(evil);
  });

  it('refuses a stale revision with a conflict, and changes nothing', () => {
    const h = governed();
    h.call<Created>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: { ...laptop, amount: 9000 } }], { as: RITA });
    h.call('handoffApplyAction', [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'approve' } }], { as: MAX });
    const before = JSON.stringify([h.sheet.values('Requests'), h.sheet.values('Audit')]);
    let err: { name?: string; message?: string } = {};
    try {
      h.call('handoffApplyAction', [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'approve' } }], { as: FAY });
    } catch (e) {
      err = e as typeof err;
    }
    // Only the name and message cross the script boundary (as to a google.script.run failure handler).
    expect(err.name).toBe('HandoffError');
    expect(err.message).toMatch(/changed by someone else \(revision 2, you saw 1\)/);
    expect(JSON.stringify([h.sheet.values('Requests'), h.sheet.values('Audit')])).toBe(before);
  });

  it('costs the same calls to create and approve with 10 and with 50,000 rows: one batched read and one batched write', () => {
    const measure = (rows: number) => {
      const h = governed();
      h.ws.caches.setEarlyDrop(null); // pins the cached path's call counts (a dropped hint costs one more read)
      h.call<Created>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
      const template = h.sheet.values('Requests')[1]!;
      h.sheet.write(
        'Requests',
        'A3',
        Array.from({ length: rows }, (_, i) => template.map((v, j) => (j === 0 ? `ZZ-${String(i + 1).padStart(6, '0')}` : v))),
      );
      let id = '';
      const create = h.ws.kernel.measure(() => {
        id = h.call<Created>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA }).request.id;
      }).cost.calls;
      const approve = h.ws.kernel.measure(() => {
        h.call('handoffApplyAction', [{ requestId: id, expectedRevision: 1, action: { type: 'approve' } }], { as: MAX });
      }).cost.calls;
      expect(h.sheet.values('Requests').length).toBe(rows + 3);
      return { create, approve };
    };
    const small = measure(10);
    const big = measure(50_000);
    expect(big.create).toEqual(small.create);
    expect(big.approve).toEqual(small.approve);
    for (const op of [small.create, small.approve]) {
      // The change itself: one batchUpdate; its read: one batchGet (the caller's checks may read before the lock).
      expect(op['Sheets.Spreadsheets.batchUpdate']).toBe(1);
      expect(op['Sheet.getDataRange'] ?? 0).toBe(0);
      expect(op['Range.setValues'] ?? 0).toBe(0);
    }
  }, 120_000);
});
