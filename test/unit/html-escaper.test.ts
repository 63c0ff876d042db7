/**
 * One HTML escaper in the bundle: src/core/html.ts. Any other file of the bundle's sources (src/core, src/gas,
 * src/templates, src/main.ts) that escapes HTML itself (entity literals, a character class of &, <, >) fails here.
 * The sidebar (src/ui) is its own bundle, and the local Workspace (src/local) is never bundled.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { escapeHtml } from '../../src/core';

const SRC = join(__dirname, '../../src');

function files(p: string): string[] {
  if (!statSync(p).isDirectory()) return p.endsWith('.ts') ? [p] : [];
  return readdirSync(p).flatMap((n) => files(join(p, n)));
}

const BUNDLED = ['core', 'gas', 'templates', 'main.ts'].flatMap((d) => files(join(SRC, d)));
/** An entity for &, < or ' written out, or a regular expression that picks out HTML's special characters. */
const ESCAPING = /&(amp|lt|gt|quot|#39|#x27|apos);|&#\$\{|\/\[[^\]\n]*[&<][^\]\n]*[<>&][^\]\n]*\]\/g|\/&\/g/;

describe('the HTML escaper', () => {
  it('is the only one in the bundle', () => {
    const others = BUNDLED.filter((f) => ESCAPING.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));
    expect(others).toEqual(['core/html.ts']);
  });

  it('escapes the five characters, and null as empty', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(12)).toBe('12');
  });

  it('the pattern finds the copies it is meant to find', () => {
    for (const copy of [
      't.replace(/[&<>"\']/g, (c) => `&#$' + '{c.charCodeAt(0)};`)',
      "s.replace(/&/g, '&amp;').replace(/</g, '&lt;')",
      "const map = { '<': '&lt;' }",
    ])
      expect([copy, ESCAPING.test(copy)]).toEqual([copy, true]);
    expect(ESCAPING.test("const a = 'Tom & Jerry';")).toBe(false);
  });
});
