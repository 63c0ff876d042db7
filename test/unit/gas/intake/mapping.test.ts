import { answersToFields, changedFields, proposeMapping, MAX_ANSWER_CHARS } from '../../../../src/gas/intake/mapping';
import type { Definition } from '../../../../src/core';

const def = {
  id: 'w',
  name: 'W',
  prefix: 'W',
  fields: [
    { id: 'tick', label: 'Agree', type: 'checkbox' },
    { id: 'tags', label: 'Tags', type: 'multi_choice', options: ['a', 'b', 'c'] },
    { id: 'when', label: 'When', type: 'date' },
    { id: 'n', label: 'Count', type: 'number' },
    { id: 'note', label: 'Note', type: 'long_text' },
  ],
  states: [],
  transitions: [],
} as unknown as Definition;

const mapping = def.fields.map((f, i) => ({ itemId: i + 1, fieldId: f.id, itemTitle: f.label }));
const live = new Set([1, 2, 3, 4, 5]);

describe('intake mapping', () => {
  it('coerces each item type to the field shape; leaves unparsable values for validation to report', () => {
    const r = answersToFields(
      def,
      mapping,
      [
        { itemId: 1, title: 'Agree', type: 'CHECKBOX', value: ['Yes'] },
        { itemId: 2, title: 'Tags', type: 'CHECKBOX', value: ['a', 'c'] },
        { itemId: 3, title: 'When', type: 'DATETIME', value: '2026-03-01 10:30' },
        { itemId: 4, title: 'Count', type: 'TEXT', value: 'twelve' },
      ],
      live,
    );
    expect(r).toEqual({
      ok: true,
      fields: { tick: true, tags: ['a', 'c'], when: '2026-03-01', n: 'twelve', note: null },
      overflow: [],
      ignored: [],
    });
    const unticked = answersToFields(def, mapping, [], live);
    expect(unticked.ok && unticked.fields.tick).toBe(false);
  });

  it('an answer past 50,000 characters keeps the start and reports the rest', () => {
    const text = 'x'.repeat(MAX_ANSWER_CHARS) + 'TAIL';
    const r = answersToFields(def, mapping, [{ itemId: 5, title: 'Note', type: 'PARAGRAPH_TEXT', value: text }], live);
    expect(r.ok && (r.fields.note as string).length).toBe(MAX_ANSWER_CHARS);
    expect(r.ok && r.overflow).toEqual([{ fieldId: 'note', rest: 'TAIL', total: MAX_ANSWER_CHARS + 4 }]);
  });

  it('not mappable when a mapped item is gone or a mapped field left the workflow', () => {
    const gone = answersToFields(def, mapping, [], new Set([1, 2, 3, 4]));
    expect(gone.ok).toBe(false);
    expect(!gone.ok && gone.reason).toContain('"Note" is no longer on it');
    const noField = answersToFields(def, [...mapping, { itemId: 1, fieldId: 'removed', itemTitle: 'Old' }], [], live);
    expect(!noField.ok && noField.reason).toContain('"removed"');
  });

  it('matches titles case- and punctuation-insensitively, by label or id; lists the unmatched', () => {
    const p = proposeMapping(
      [
        { id: 1, title: 'AGREE?', type: 'CHECKBOX' },
        { id: 2, title: 'n', type: 'TEXT' },
        { id: 3, title: 'Section', type: 'SECTION_HEADER' },
        { id: 4, title: 'Other', type: 'TEXT' },
      ],
      def,
    );
    expect(p.entries.map((e) => [e.itemId, e.fieldId])).toEqual([
      [1, 'tick'],
      [2, 'n'],
    ]);
    expect(p.unmatchedItems.map((i) => i.id)).toEqual([4]);
    expect(p.unmatchedFields.map((f) => f.id)).toEqual(['tags', 'when', 'note']);
  });

  it('changedFields lists only real differences', () => {
    expect(changedFields({ a: 1, b: ['x'] }, { a: 1, b: ['x', 'y'], c: null })).toEqual([{ field: 'b', before: ['x'], after: ['x', 'y'] }]);
  });
});
