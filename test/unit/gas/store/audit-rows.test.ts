import type { AuditEvent } from '../../../../src/core';
import { GENESIS_HASH, hashEvent, verifyChain } from '../../../../src/core/audit/chain';
import { DamagedRowError } from '../../../../src/gas/errors';
import { AUDIT_COLUMNS } from '../../../../src/gas/sheet/tabs';
import { MAX_CELL_CHARS, needsQuotePrefix, readBack, type CellValue } from '../../../../src/gas/sheet/values';
import { auditRow, fitDetails, parseAuditCells, parseAuditRecord, rowLayout } from '../../../../src/gas/store/audit-rows';
import { jsonChunks, overflowEvents } from '../../../../src/gas/intake/overflow';
import { oldAuditRows } from '../../../support/old-audit-layout';

const event = (over: Partial<AuditEvent> = {}): AuditEvent => ({
  requestId: 'PR-000001',
  workflowId: 'purchase-approval',
  version: 2,
  revision: 3,
  at: Date.UTC(2026, 11, 7, 9, 30),
  actor: 'max@acme.test',
  onBehalfOf: null,
  method: 'signed_link',
  action: 'approve',
  name: 'manager',
  fromState: 'manager_review',
  toState: 'finance_review',
  assigneeBefore: null,
  assigneeAfter: 'fay@acme.test',
  changes: [],
  comment: '=HYPERLINK("http://evil.test","click")',
  reason: null,
  details: {},
  ...over,
});

/** What getValues returns for a row written with setValues (the quote prefix is not part of the value). */
const stored = (rec: Record<string, CellValue>) => Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, readBack(v)]));

describe('the compact Audit row', () => {
  it('holds the event in six cells and reads back to the same event, hashed as stored', () => {
    const e = event({ changes: [{ field: 'amount', before: 1200, after: 1300 }], details: { channel: 'email', n: [1, 2] } });
    const { rec, hash } = auditRow(7, 'PR-000001:3:0', e, 'a'.repeat(64));
    expect(Object.keys(rec)).toEqual([...AUDIT_COLUMNS]);
    const back = parseAuditRecord(stored(rec), 8);
    expect(back).toEqual({ seq: 7, key: 'PR-000001:3:0', event: e, prevHash: 'a'.repeat(64), hash });
    expect(hash).toBe(hashEvent('a'.repeat(64), e));
  });

  it('never writes the Details cell as a formula: it starts with "{" and needs no quote prefix', () => {
    const { rec } = auditRow(1, 'k', event({ comment: '=1+1', reason: '+44 20', name: '@x' }), GENESIS_HASH);
    const details = String(rec.Details);
    expect(details.startsWith('{')).toBe(true);
    expect(needsQuotePrefix(details)).toBe(false);
    // The user's formula-looking text is inside the JSON, as text.
    expect(JSON.parse(details)).toMatchObject({ comment: '=1+1', reason: '+44 20', name: '@x' });
  });

  it('reads a row of the earlier wide layout, and a compact row under a wide header (Prev hash empty)', () => {
    const e = event();
    const [head, wide] = oldAuditRows([{ key: 'PR-000001:3:0', event: e }]);
    const wideRow = parseAuditCells(head as string[], (wide as CellValue[]).map(readBack), 2);
    expect(wideRow.event).toEqual(e);
    expect(rowLayout(Object.fromEntries((head as string[]).map((h, i) => [h, readBack((wide as CellValue[])[i]!)])))).toBe('wide');
    // The same event written compact into that tab (the wide-only cells empty) reads the same.
    const { rec } = auditRow(1, 'PR-000001:3:0', e, GENESIS_HASH);
    const cells = (head as string[]).map((h) => (h in rec ? readBack(rec[h]!) : ''));
    const compact = parseAuditCells(head as string[], cells, 3);
    expect(compact.event).toEqual(e);
    expect(compact.hash).toBe(wideRow.hash); // same event after the same previous hash: the same link in the chain
  });

  it('one chain across the layouts: wide rows, then compact rows after them, verify together', () => {
    const events = [event({ revision: 1, action: 'create' }), event({ revision: 2 }), event({ revision: 3, comment: 'ok' })];
    const [head, ...wide] = oldAuditRows(events.slice(0, 2).map((e, i) => ({ key: `k${i}`, event: e })));
    const rows = (wide as CellValue[][]).map((r, i) => parseAuditCells(head as string[], r.map(readBack), i + 2));
    const next = auditRow(3, 'k2', events[2]!, rows[1]!.hash);
    rows.push(parseAuditRecord(stored(next.rec), 4));
    expect(verifyChain(rows)).toEqual({ ok: true, count: 3 });
    rows[0] = { ...rows[0]!, event: { ...rows[0]!.event, actor: 'mallory@acme.test' } };
    expect(verifyChain(rows)).toMatchObject({ ok: false, index: 0 });
  });

  it('names the row of a Details cell that is not JSON, in one sentence', () => {
    const { rec } = auditRow(1, 'k', event(), GENESIS_HASH);
    expect(() => parseAuditRecord({ ...stored(rec), Details: 'oops' }, 5)).toThrow(DamagedRowError);
    expect(() => parseAuditRecord({ ...stored(rec), Details: 'oops' }, 5)).toThrow(
      'Row 5 of the "Audit" tab cannot be read: the "Details" cell is not valid JSON.',
    );
    expect(() => parseAuditRecord({ ...stored(rec), Details: '[1]' }, 6)).toThrow(/Row 6 .* not a JSON object/);
  });
});

describe('the 50,000-character cell limit', () => {
  it('cuts the longest text with a note, keeps the rest, and the stored event still verifies', () => {
    const long = 'x'.repeat(80_000);
    const e = event({ comment: long, changes: [{ field: 'notes', before: 'short', after: 'y'.repeat(30_000) }] });
    const { rec, hash } = auditRow(1, 'k', e, GENESIS_HASH);
    const details = String(rec.Details);
    expect(details.length).toBeLessThanOrEqual(MAX_CELL_CHARS - 1);
    const back = parseAuditRecord(stored(rec), 2);
    expect(back.event.comment).toMatch(/^x+… \[[\d,]+ characters cut: the Audit cell holds 50,000\]$/);
    expect(back.event.changes[0]!.before).toBe('short');
    expect(back.event.actor).toBe('max@acme.test');
    expect(hashEvent(GENESIS_HASH, back.event)).toBe(hash);
    expect(e.comment).toBe(long); // the caller's event is not changed
  });

  it('escapes count: text of quotes and new lines that doubles in JSON still fits', () => {
    const e = event({ reason: '"\n'.repeat(20_000) });
    const { rec } = auditRow(1, 'k', e, GENESIS_HASH);
    expect(String(rec.Details).length).toBeLessThanOrEqual(MAX_CELL_CHARS - 1);
    expect(parseAuditRecord(stored(rec), 2).event.reason).toContain('characters cut');
  });

  it('many short changes are replaced by a note when cutting texts is not enough', () => {
    const changes = Array.from({ length: 3_000 }, (_, i) => ({ field: `field_${i}`, before: 'before value', after: 'after value' }));
    const { json, cut } = fitDetails({ actor: 'a', key: 'k', prev: GENESIS_HASH, changes });
    expect(json.length).toBeLessThanOrEqual(MAX_CELL_CHARS - 1);
    expect(cut).toBeGreaterThan(0);
    expect(JSON.parse(json)).toMatchObject({ actor: 'a', key: 'k', prev: GENESIS_HASH });
    expect(JSON.stringify(JSON.parse(json).changes)).toMatch(/characters cut/);
  });

  it('an event that fits is written whole', () => {
    const o = { actor: 'a', comment: 'z'.repeat(49_000) };
    expect(fitDetails(o)).toEqual({ json: JSON.stringify(o), cut: 0 });
  });
});

describe("a form answer's overflow in the audit log", () => {
  it('is split so each part fits its Details cell as JSON: nothing is cut, the parts join back to the text', () => {
    const rest = 'line "quoted"\n\t\u0001 end 😀 '.repeat(6_000); // escapes make JSON up to 6× longer per character
    const req = { id: 'PR-000009', workflowId: 'purchase-approval', version: 1, revision: 1, state: 'needs_info', assignee: null };
    const events = overflowEvents(req as never, [{ fieldId: 'notes', rest, total: rest.length + 50_000 }], 0);
    expect(events.length).toBeGreaterThan(1);
    let joined = '';
    for (const { key, event: e } of events) {
      const { rec } = auditRow(1, key, e, GENESIS_HASH);
      expect(String(rec.Details).length).toBeLessThanOrEqual(MAX_CELL_CHARS - 1);
      const back = parseAuditRecord(stored(rec), 2).event;
      expect(back.details.offset).toBe(50_000 + joined.length);
      joined += String(back.details.text);
    }
    expect(joined).toBe(rest);
    expect(jsonChunks('😀'.repeat(10), 3).every((c) => c.length === 2)).toBe(true); // never half a surrogate pair
  });
});
