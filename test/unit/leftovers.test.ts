/**
 * Leftovers that once crept in and say nothing true about the code: lint suppressions for a linter the project
 * does not run (Biome is the linter), links to a retired folder, comments that name a work item or a colleague
 * instead of what the code does, and menu items that look features up on globalThis.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mjs|js)$/.test(n) ? [p] : [];
  });
}

const SOURCES = ['src', 'test', 'bench'].flatMap((d) => files(join(ROOT, d)));

/** Files whose text matches `re`, as repository paths. The patterns are built from parts so this file passes. */
function matching(re: RegExp): string[] {
  return SOURCES.filter((f) => re.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
}

describe('no leftovers in src, test and bench', () => {
  it('no eslint suppressions (biome-ignore with a reason, if ever needed)', () => {
    expect(matching(new RegExp(['eslint', 'disable'].join('-')))).toEqual([]);
  });

  it('no links to the retired notes folder', () => {
    expect(matching(new RegExp(`\\b${'notes'}/[\\w-]+\\.md`))).toEqual([]);
  });

  it('no comments naming a work item or a colleague', () => {
    expect(matching(new RegExp(`\\b${'issue'}s? \\d+|${'another'} engineer`, 'i'))).toEqual([]);
  });

  it('the menu calls the features directly, never through globalThis', () => {
    const menu = readFileSync(join(ROOT, 'src/gas/panel/menu-actions.ts'), 'utf8');
    expect(menu).not.toMatch(/globalThis/);
    expect(menu).not.toMatch(/not in this build/);
  });

  it('tsconfig.json includes only folders that exist', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include?: string[] };
    const missing = (config.include ?? [])
      .map((p) => p.split('/')[0]!)
      .filter((d) => !d.includes('*'))
      .filter((d) => {
        try {
          statSync(join(ROOT, d));
          return false;
        } catch {
          return true;
        }
      });
    expect(missing).toEqual([]);
  });
});
