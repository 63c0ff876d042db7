/**
 * The Requests tab's continuation columns ("Fields (2)"...) exist only once a request needs one (dist/Code.js on
 * the local Workspace, driven through its entry points as the bench drives it): a fresh workbook has none; the
 * first request whose Fields JSON passes a cell's 50,000 characters adds "Fields (2)" in its own write; later long
 * requests reuse it; decisions (the email's POST, the sidebar) and the timers keep the long value whole. Set up /
 * repair removes continuation columns that hold nothing, keeps those that hold something, and a workbook laid out
 * by the earlier version (seven continuation columns made by set-up) upgrades in place with nothing lost.
 */
import { createWorld, decideByEmail, lastRequestId, OWNER, PAT, type World } from '../../bench/world';

const CONTINUATIONS = ['Fields (2)', 'Fields (3)', 'Fields (4)', 'Fields (5)', 'Approval (2)', 'History (2)', 'History (3)'];
const BASE_COLUMNS = 18;
const DAY = 86_400_000;

const text = (n: number, seed = 0) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i + seed) % 26))).join('');
const headers = (w: World) => (w.values('Requests')[0] ?? []).map(String);
const gridColumns = (w: World) =>
  w.ws.kernel.meter.unmetered(() => w.ws.globals.SpreadsheetApp.openById(w.spreadsheetId).getSheetByName('Requests')!.getMaxColumns());
const request = (w: World, id: string) =>
  w.run<{ revision: number; state: string; fields: Record<string, unknown> }>('handoffGetRequest', [id], { as: OWNER });
/** The row's Fields cells as the sheet holds them, by header. */
const fieldCells = (w: World, id: string): Record<string, string> => {
  const [head, ...rows] = w.values('Requests');
  const row = rows.find((r) => r[0] === id)!;
  return Object.fromEntries(
    (head ?? []).flatMap((h, i) => (/^Fields( \(\d\))?$/.test(String(h)) && row[i] !== '' ? [[String(h), String(row[i])]] : [])),
  );
};
const joined = (cells: Record<string, string>) =>
  ['Fields', 'Fields (2)', 'Fields (3)', 'Fields (4)', 'Fields (5)'].map((c) => cells[c] ?? '').join('');
const setUp = (w: World) => w.run<{ repaired: string[]; problems: string[]; changed: boolean }>('handoffSetUp');

/** What the earlier version's Set up / repair left: the seven continuation columns after Meta, on every row. */
function earlierLayout(w: World): void {
  w.ws.kernel.meter.unmetered(() => {
    const sheet = w.ws.globals.SpreadsheetApp.openById(w.spreadsheetId).getSheetByName('Requests')!;
    sheet.insertColumnsAfter(BASE_COLUMNS, CONTINUATIONS.length);
    sheet.getRange(1, BASE_COLUMNS + 1, 1, CONTINUATIONS.length).setValues([CONTINUATIONS]);
  });
}

describe('continuation columns on demand (dist/Code.js)', () => {
  jest.setTimeout(180_000);

  it('a fresh workbook has none; a long form request adds "Fields (2)", a second reuses it, decisions and timers keep it whole', () => {
    const w = createWorld();
    expect(headers(w)).toHaveLength(BASE_COLUMNS);
    for (const c of CONTINUATIONS) expect(headers(w)).not.toContain(c);
    expect(gridColumns(w)).toBe(BASE_COLUMNS);

    // Through the form: Justification at the answer limit (50,000), so the Fields JSON passes one cell.
    const long = text(50_000);
    const sub = w.submit('Standing desk', 480, { Justification: long, 'PO number': 'PO-9' });
    expect(sub.status).toBe('created');
    const first = lastRequestId(w);
    expect(headers(w).filter((h) => CONTINUATIONS.includes(h))).toEqual(['Fields (2)']);
    expect(gridColumns(w)).toBe(BASE_COLUMNS + 1);
    const made = request(w, first);
    expect(made.fields.justification).toBe(long);
    const cells = fieldCells(w, first);
    expect(Object.keys(cells)).toEqual(['Fields', 'Fields (2)']);
    expect(joined(cells)).toBe(JSON.stringify(made.fields));

    // A short request leaves the new column empty; a second long one reuses it.
    w.submit('Stapler', 12);
    const short = lastRequestId(w);
    expect(Object.keys(fieldCells(w, short))).toEqual(['Fields']);
    // (the sidebar sends at most 50,000 characters of fields to the web app, so a request this long comes by form)
    const longer = { justification: text(45_000, 7), vendor: text(20_000, 9) };
    w.submit('Monitor', 300, { Justification: longer.justification, Vendor: longer.vendor });
    const second = lastRequestId(w);
    expect(headers(w).filter((h) => CONTINUATIONS.includes(h))).toEqual(['Fields (2)']);
    expect(request(w, second).fields).toMatchObject(longer);
    expect(Object.keys(fieldCells(w, second))).toEqual(['Fields', 'Fields (2)']);

    // The timer sends the approval emails; the approver decides from the email (GET, then the page's POST).
    w.timer();
    expect(decideByEmail(w, first, 'approve')).toMatch(/approved/);
    let now = request(w, first);
    expect(now.state).toBe('ordering');
    expect(now.fields).toEqual(made.fields);
    // The sidebar: mark ordered.
    w.run('handoffPanelAct', [{ requestId: first, expectedRevision: now.revision, action: { type: 'transition', name: 'mark_ordered' } }], {
      as: PAT,
    });
    now = request(w, first);
    expect(now.state).toBe('ordered');
    expect(now.fields).toEqual(made.fields);

    // A timer write of a long request: the second one, left pending past its SLA, is escalated by the timers.
    const before = request(w, second);
    w.ws.kernel.clock.advance(4 * DAY);
    w.timer();
    w.timer();
    const after = request(w, second);
    expect(after.revision).toBeGreaterThan(before.revision); // the timer rewrote its row
    expect(after.fields).toEqual(before.fields);
    expect(joined(fieldCells(w, second))).toBe(JSON.stringify(after.fields));
    expect(joined(fieldCells(w, first))).toBe(JSON.stringify(made.fields));
    expect(headers(w).filter((h) => CONTINUATIONS.includes(h))).toEqual(['Fields (2)']);
  });

  it('Set up / repair removes empty continuation columns, keeps those with content, and upgrades an earlier layout with nothing lost', () => {
    const w = createWorld();
    earlierLayout(w);
    expect(headers(w)).toHaveLength(BASE_COLUMNS + CONTINUATIONS.length);
    // Requests written on the earlier layout: short ones, one long one (its spill in the existing "Fields (2)").
    w.submit('Chair', 90);
    const long = text(50_000, 3);
    w.submit('Desk', 400, { Justification: long });
    const longId = lastRequestId(w);
    w.timer();
    decideByEmail(w, longId, 'approve');
    w.submit('Lamp', 30);
    expect(Object.keys(fieldCells(w, longId))).toEqual(['Fields', 'Fields (2)']);
    const ids = w
      .values('Requests')
      .slice(1)
      .map((r) => String(r[0]));
    const requests = Object.fromEntries(ids.map((id) => [id, request(w, id)]));

    const report = setUp(w);
    expect(report.problems).toEqual([]);
    const line = report.repaired.find((l) => /removed the empty columns/.test(l));
    expect(line).toContain('"Fields (3)", "Fields (4)", "Fields (5)", "Approval (2)", "History (2)", "History (3)"');
    expect(line).toContain('kept "Fields (2)", which holds long values');
    expect(headers(w).filter((h) => CONTINUATIONS.includes(h))).toEqual(['Fields (2)']);
    expect(gridColumns(w)).toBe(BASE_COLUMNS + 1);
    for (const id of ids) expect(request(w, id)).toEqual(requests[id]);
    expect(joined(fieldCells(w, longId))).toBe(JSON.stringify(requests[longId]!.fields));
    expect(setUp(w).changed).toBe(false); // nothing more to do

    // The upgraded workbook goes on: a decision on the long request, and a new request that needs "Fields (3)".
    decideByEmail(w, ids[0]!, 'approve');
    expect(request(w, ids[0]!).state).toBe('ordering');
    const longest = { justification: text(50_000, 5), vendor: text(50_000, 6) };
    w.submit('Rack', 900, { Justification: longest.justification, Vendor: longest.vendor });
    const id = lastRequestId(w);
    expect(headers(w).filter((h) => CONTINUATIONS.includes(h))).toEqual(['Fields (2)', 'Fields (3)']);
    expect(request(w, id).fields).toMatchObject(longest);
    expect(request(w, longId).fields).toEqual(requests[longId]!.fields);
  });

  it('on a workbook whose continuation columns are all empty, Set up / repair removes them all and the requests read the same', () => {
    const w = createWorld();
    earlierLayout(w);
    w.submit('Chair', 90);
    w.submit('Desk', 400);
    const ids = w
      .values('Requests')
      .slice(1)
      .map((r) => String(r[0]));
    const before = ids.map((id) => request(w, id));
    const report = setUp(w);
    expect(report.repaired.some((l) => l.startsWith('Requests: removed the empty columns') && !l.includes('kept'))).toBe(true);
    expect(headers(w)).toHaveLength(BASE_COLUMNS);
    expect(gridColumns(w)).toBe(BASE_COLUMNS);
    expect(ids.map((id) => request(w, id))).toEqual(before);
    // A decision after the upgrade still writes the row (the data plane rebuilt its view of the headers).
    w.timer();
    decideByEmail(w, ids[1]!, 'reject');
    expect(request(w, ids[1]!).state).toBe('rejected');
  });
});
