import { cellInt, cellText, cellTime, needsQuotePrefix, readBack, splitText, textCell, toCell } from '../../../src/gas/sheet/values';
import { chunkByBytes } from '../../../src/gas/store/journal';
import { utf8Bytes } from '../../../src/core';

describe('values written to cells', () => {
  it.each([
    '=SUM(A1:A9)',
    '+1',
    '-2',
    '@mention',
    ' =HYPERLINK("x")',
    "'quoted",
    '12',
    '2026-01-05',
    'TRUE',
    'false',
    '$5',
    '1/2/2026',
    'Jan 5 2026',
    '50%',
  ])('prefixes %p so Sheets keeps it as text', (s) => {
    expect(needsQuotePrefix(s)).toBe(true);
    expect(textCell(s)).toBe("'" + s);
    expect(readBack(textCell(s))).toBe(s);
  });

  it.each(['hello', 'Ada Lovelace', 'ada@acme.test', '{"a":1}', 'PR-000123', 'queue:finance', ''])('leaves ordinary text %p alone', (s) => {
    expect(needsQuotePrefix(s)).toBe(false);
    expect(textCell(s)).toBe(s);
  });

  it('keeps numbers, booleans and dates typed', () => {
    const d = new Date(Date.UTC(2026, 0, 5, 9, 30, 0, 123));
    expect(toCell(3.5)).toBe(3.5);
    expect(toCell(true)).toBe(true);
    expect(toCell(d)).toBe(d);
    expect(toCell(null)).toBe('');
    expect(toCell(Number.NaN)).toBe('');
    expect(toCell('=1+1')).toBe("'=1+1");
  });

  it('reads cells back', () => {
    expect(cellText(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(cellText(12)).toBe('12');
    expect(cellTime(new Date(1234))).toBe(1234);
    expect(cellTime('')).toBeNull();
    expect(cellInt(7)).toBe(7);
    expect(cellInt('7')).toBe(7);
    expect(cellInt(7.5)).toBeNull();
    expect(cellInt('x')).toBeNull();
  });

  it('splits long text into cell-sized parts without breaking a surrogate pair', () => {
    const s = 'a'.repeat(9) + '😀' + 'b'.repeat(20);
    const parts = splitText(s, 10);
    expect(parts.join('')).toBe(s);
    expect(parts.every((p) => p.length <= 10)).toBe(true);
    expect(parts[0]).toBe('a'.repeat(9));
  });
});

describe('journal chunks', () => {
  it('splits by UTF-8 bytes, each chunk within the limit, and joins back exactly', () => {
    const s = 'é€😀x'.repeat(3000);
    const chunks = chunkByBytes(s, 8000);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(s);
    for (const c of chunks) expect(utf8Bytes(c).length).toBeLessThanOrEqual(8000);
  });
});
