/** Script property and cache keys keep the shape already stored in deployed projects: handoff:<spreadsheet id>:<parts>. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scopedKey, scopeOf } from '../../../src/gas/context';
import { withLock } from '../../../src/gas/lock';
import { claimSequence } from '../../../src/gas/store/sequence';
import { governedSheet } from './fixtures';

const SRC = join(__dirname, '../../../src/gas');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('scopedKey', () => {
  it('prefixes the governed spreadsheet and joins the parts with colons', () => {
    const t = governedSheet();
    const ctx = t.ctx();
    const id = ctx.spreadsheet().getId();
    expect(ctx.scope()).toBe(scopeOf(id));
    expect(scopeOf(id)).toBe(`handoff:${id}`);
    expect(scopedKey(ctx, 'journal')).toBe(`handoff:${id}:journal`);
    expect(scopedKey(ctx, 'journal', 3)).toBe(`handoff:${id}:journal:3`);
    expect(scopedKey(ctx, 'version', 'purchase', 2)).toBe(`handoff:${id}:version:purchase:2`);
    expect(scopedKey(ctx, 'intake:pending', '')).toBe(`handoff:${id}:intake:pending:`);
  });

  it('the stores write their keys in that shape (the sequence of request numbers)', () => {
    const t = governedSheet();
    const ctx = t.ctx();
    withLock(ctx, () => claimSequence(ctx, 'PO', 7));
    const props = t.services.PropertiesService.getScriptProperties().getProperties();
    expect(props[`handoff:${ctx.spreadsheet().getId()}:seq:PO`]).toBe('7');
    expect(Object.keys(props).filter((k) => k.includes('::'))).toEqual([]);
  });

  it('no file in src/gas builds a scoped key by hand (only context.ts knows the shape)', () => {
    const byHand = files(SRC)
      .filter((f) => !f.endsWith('context.ts'))
      .filter((f) => /scope\(\)\}|`handoff:\$\{/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(byHand).toEqual([]);
  });
});
