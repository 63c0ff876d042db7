/**
 * dist/Code.js is what Apps Script loads and parses at every execution start: its size is part of every
 * operation's cost. zod is imported as a namespace (`import * as z from 'zod'`), which leaves its locale files out,
 * and the bundle is minified with names kept.
 */
import { readFileSync, statSync } from 'node:fs';
import { CODE_PATH } from './harness';

// 464 KB with every feature of the 2026-12 sessions (370 KB before health, notifications, the data plane and archives;
// 513 KB with the Outbox queue and on-demand continuation columns); the limit catches a regression such as zod's
// locales (+800 KB), not steady growth.
const LIMIT_BYTES = 544 * 1024;

describe('dist/Code.js', () => {
  it(`is at most ${LIMIT_BYTES / 1024} KB`, () => {
    const size = statSync(CODE_PATH).size;
    expect(size).toBeLessThanOrEqual(LIMIT_BYTES);
  });

  it('carries no zod locale but English (a named import of z pulls every locale in)', () => {
    const code = readFileSync(CODE_PATH, 'utf8');
    // Every zod locale file defines its own error map with a distinctive phrase; the German one is a fair witness.
    expect(code).not.toMatch(/Ungültige Eingabe/);
    expect(code).toMatch(/Invalid input/);
  });

  it('keeps function names, so stack traces in the execution log stay readable', () => {
    // esbuild's keepNames names each minified function after its source name: a(LS,"handoffSetUp").
    const code = readFileSync(CODE_PATH, 'utf8');
    expect(code).toMatch(/\(\w+,\s*"handoffSetUp"\)/);
    expect(code).toMatch(/\(\w+,\s*"readHeaders"\)/);
  });

  it("holds one HTML escaper (the core's escapeHtml): a second copy could drift and miss a character", () => {
    const code = readFileSync(CODE_PATH, 'utf8');
    // Each escaper spells the entity for < once; the Sidebar page inlined into the bundle escapes with textContent.
    expect(code.match(/&lt;/g) ?? []).toHaveLength(1);
    expect(code.match(/&#39;|&#x27;|&apos;/g) ?? []).toHaveLength(1);
  });
});
