/**
 * What each folder may import. A reader should know, from the folder alone, what a file can depend on:
 *   src/core, src/templates  pure: each other and zod only
 *   src/gas                  core, templates, gas (Apps Script reached only through the Services object)
 *   src/main.ts              gas, core, templates
 *   src/ui                   ui only (pages run in the browser sandbox and load nothing from the internet)
 *   src/local                anything but src/main.ts; never imported by core, gas, main or ui
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '../..');
const src = join(root, 'src');

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else if (/\.ts$/.test(name)) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) specs.push((m[1] ?? m[2] ?? m[3]) as string);
  return specs;
}

/** The top-level area a source path belongs to: core, templates, gas, ui, local, main. */
function areaOf(absPath: string): string {
  const rel = relative(src, absPath).split(/[\\/]/);
  if (rel[0] === 'main.ts' || rel[0] === 'main') return 'main';
  return rel[0] ?? '';
}

const allowed: Record<string, { areas: string[]; packages: RegExp }> = {
  core: { areas: ['core', 'templates'], packages: /^zod(\/|$)/ },
  templates: { areas: ['core', 'templates'], packages: /^zod(\/|$)/ },
  gas: { areas: ['core', 'templates', 'gas'], packages: /^zod(\/|$)/ },
  main: { areas: ['core', 'templates', 'gas'], packages: /^zod(\/|$)/ },
  ui: { areas: ['ui'], packages: /^$/ },
};

describe('folder import rules', () => {
  const files = filesUnder(src);

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  for (const [area, rule] of Object.entries(allowed)) {
    it(`${area} imports only ${rule.areas.join(', ')}${rule.packages.source !== '^$' ? ' and zod' : ''}`, () => {
      const violations: string[] = [];
      for (const file of files.filter((f) => areaOf(f) === area)) {
        for (const spec of importsOf(file)) {
          if (spec.startsWith('.')) {
            const target = areaOf(resolve(dirname(file), spec));
            if (!rule.areas.includes(target)) violations.push(`${relative(root, file)} imports ${spec} (${target})`);
          } else if (!rule.packages.test(spec)) {
            violations.push(`${relative(root, file)} imports package ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }
});
