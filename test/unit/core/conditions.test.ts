import fc from 'fast-check';
import {
  describeCondition,
  evaluateCondition,
  parsePlaceholders,
  renderHtml,
  renderText,
  checkFields,
  coerceFieldValue,
  type Condition,
  type Fields,
} from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';

const f: Fields = { amount: 7200, region: 'EU', tags: ['urgent', 'hw'], note: 'Needs Quote', empty: '', day: '2025-03-04', ok: true };

describe('conditions', () => {
  it.each<[Condition, boolean]>([
    [{ field: 'amount', op: 'gt', value: 5000 }, true],
    [{ field: 'amount', op: 'gt', value: 7200 }, false],
    [{ field: 'amount', op: 'gte', value: 7200 }, true],
    [{ field: 'amount', op: 'lt', value: '9000' }, false], // type mismatch never matches
    [{ field: 'amount', op: 'lte', value: 7200 }, true],
    [{ field: 'region', op: 'eq', value: 'EU' }, true],
    [{ field: 'region', op: 'neq', value: 'EU' }, false],
    [{ field: 'region', op: 'in', value: ['US', 'EU'] }, true],
    [{ field: 'region', op: 'not_in', value: ['US', 'EU'] }, false],
    [{ field: 'tags', op: 'in', value: ['hw'] }, true],
    [{ field: 'tags', op: 'contains', value: 'urgent' }, true],
    [{ field: 'note', op: 'contains', value: 'quote' }, true],
    [{ field: 'empty', op: 'empty' }, true],
    [{ field: 'missing', op: 'empty' }, true],
    [{ field: 'note', op: 'not_empty' }, true],
    [{ field: 'note', op: 'matches', value: '^Needs' }, true],
    [{ field: 'note', op: 'matches', value: '(' }, false],
    [{ field: 'day', op: 'lt', value: '2025-04-01' }, true],
    [{ field: 'ok', op: 'eq', value: true }, true],
    [{ field: 'tags', op: 'eq', value: ['urgent', 'hw'] }, true],
    [{ all: [] }, true],
    [{ any: [] }, false],
    [
      {
        all: [
          { field: 'amount', op: 'gt', value: 5000 },
          { field: 'region', op: 'eq', value: 'US' },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { field: 'amount', op: 'gt', value: 5000 },
          { field: 'region', op: 'eq', value: 'US' },
        ],
      },
      true,
    ],
    [{ not: { field: 'region', op: 'eq', value: 'US' } }, true],
  ])('%j → %s', (c, expected) => {
    expect(evaluateCondition(c, f)).toBe(expected);
  });

  it('describes conditions in plain English with field labels', () => {
    expect(
      describeCondition(
        { all: [{ field: 'amount', op: 'gt', value: 5000 }, { not: { field: 'vendor', op: 'empty' } }] },
        purchaseApproval.fields,
      ),
    ).toBe('Amount is more than 5000 and not (Vendor is empty)');
  });

  const leaf = fc.record({
    field: fc.constantFrom('a', 'b', 'c'),
    op: fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'contains', 'empty', 'not_empty') as fc.Arbitrary<'eq'>,
    value: fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom('x', 'y', ''),
      fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }),
    ),
  }) as fc.Arbitrary<Condition>;
  const cond: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ all: fc.array(tie('c'), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('c'), { maxLength: 3 }) }),
      fc.record({ not: tie('c') }),
    ) as fc.Arbitrary<Condition>,
  })).c;
  const fields = fc.record({
    a: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(null)),
    b: fc.constantFrom('x', 'y', '', null),
    c: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }),
  }) as fc.Arbitrary<Fields>;

  it('property: boolean algebra holds (not, De Morgan, all/any as and/or)', () => {
    fc.assert(
      fc.property(cond, cond, fields, (p, q, v) => {
        const P = evaluateCondition(p, v);
        const Q = evaluateCondition(q, v);
        expect(evaluateCondition({ not: p }, v)).toBe(!P);
        expect(evaluateCondition({ all: [p, q] }, v)).toBe(P && Q);
        expect(evaluateCondition({ any: [p, q] }, v)).toBe(P || Q);
        expect(evaluateCondition({ not: { all: [p, q] } }, v)).toBe(evaluateCondition({ any: [{ not: p }, { not: q }] }, v));
      }),
      { numRuns: 500 },
    );
  });

  it('property: paired operators are complements; gt/lt never both hold; evaluation is total and pure', () => {
    fc.assert(
      fc.property(leaf, fields, (c, v) => {
        if (!('field' in c)) return;
        const copy = JSON.parse(JSON.stringify(v));
        const ev = (op: string) => evaluateCondition({ ...c, op } as Condition, v);
        expect(ev('eq')).toBe(!ev('neq'));
        expect(ev('in')).toBe(!ev('not_in'));
        expect(ev('empty')).toBe(!ev('not_empty'));
        expect(ev('gt') && ev('lt')).toBe(false);
        if (ev('gt')) expect(ev('gte')).toBe(true);
        expect(v).toEqual(copy);
      }),
      { numRuns: 500 },
    );
  });
});

describe('placeholders', () => {
  it('parses, renders text, and HTML-escapes both template and values', () => {
    const t = 'Hi {{ requester }}, <b>{{item}}</b> for {{amount}} & {{tags}}\nnew line {{missing}}';
    expect(parsePlaceholders(t)).toEqual(['requester', 'item', 'amount', 'tags', 'missing']);
    const values = { requester: 'Rita', item: '<script>x</script>', amount: 7200, tags: ['a', 'b'] };
    expect(renderText(t, values)).toBe('Hi Rita, <b><script>x</script></b> for 7200 & a, b\nnew line ');
    expect(renderHtml(t, values)).toBe('Hi Rita, &lt;b&gt;&lt;script&gt;x&lt;/script&gt;&lt;/b&gt; for 7200 &amp; a, b<br>\nnew line ');
  });
});

describe('field checks and coercion', () => {
  const defs = purchaseApproval.fields;
  it('names each field and problem', () => {
    expect(
      checkFields(
        defs,
        { item: 'x'.repeat(201), amount: 0, costCenter: 'Sales', justification: 'j', neededBy: '2025-02-30', quote: 'ftp://x' },
        { requireAll: true },
      ),
    ).toEqual([
      { path: 'item', message: 'Item must be at most 200 characters.' },
      { path: 'amount', message: 'Amount must be at least 0.01.' },
      { path: 'neededBy', message: 'Needed by must be a date written YYYY-MM-DD.' },
      { path: 'quote', message: 'Quote must be a link starting with http:// or https://.' },
    ]);
  });
  it('coerces form answers', () => {
    const amount = defs.find((d) => d.id === 'amount')!;
    expect(coerceFieldValue(amount, '$1,234.50')).toBe(1234.5);
    expect(coerceFieldValue(amount, 'lots')).toBe('lots');
    expect(coerceFieldValue({ id: 'c', label: 'C', type: 'checkbox' }, 'Yes')).toBe(true);
    expect(coerceFieldValue({ id: 'm', label: 'M', type: 'multi_choice', options: ['a', 'b'] }, 'a, b')).toEqual(['a', 'b']);
    expect(coerceFieldValue({ id: 'e', label: 'E', type: 'email' }, ' Max@Example.com ')).toBe('max@example.com');
  });
});
