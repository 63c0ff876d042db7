/**
 * What each folder may import. A reader should know, from the folder alone, what a file can depend on:
 *   src/core, src/templates  pure: each other and zod only
 *   src/gas                  core, templates, gas (Apps Script reached only through the Services object)
 *   src/main.ts              gas, core, templates
 *   (what is bundled into dist/Code.js takes zod from src/core/zod.ts, the one file importing it: zod/mini, never the
 *   classic `zod`, whose JSON-schema layer would weigh on every execution start)
 *   src/ui                   ui only (pages run in the browser sandbox and load nothing from the internet), and the
 *                            types of src/main.ts (import type: google.script.run is typed from the server's exports)
 *   src/local                anything but src/main.ts; never imported by core, gas, main or ui
 *   src/cli                  core, templates, gas (their pure parts), zod, the googleapis clients and Node; nothing in
 *                            src imports it (the handoff command is never part of dist/Code.js)
 * And no file imports itself back, through any chain of run-time imports (src, test, bench): import-graph.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { findCycles, importGraph, runtimeImports, tsFilesUnder } from './import-graph';

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

/** The specifiers a file imports with `import type` only (erased at build: no code crosses). */
function typeOnlyImportsOf(file: string): string[] {
  const re = /import\s+type\s[^'"]*?from\s*['"]([^'"]+)['"]/g;
  return [...readFileSync(file, 'utf8').matchAll(re)].map((m) => m[1] as string);
}

/** The top-level area a source path belongs to: core, templates, gas, ui, local, main. */
function areaOf(absPath: string): string {
  const rel = relative(src, absPath).split(/[\\/]/);
  if (rel[0] === 'main.ts' || rel[0] === 'main') return 'main';
  return rel[0] ?? '';
}

const allowed: Record<string, { areas: string[]; packages: RegExp; typeOnly?: string[] }> = {
  core: { areas: ['core', 'templates'], packages: /^zod\/(mini|locales)$/ },
  templates: { areas: ['core', 'templates'], packages: /^zod\/(mini|locales)$/ },
  gas: { areas: ['core', 'templates', 'gas'], packages: /^zod\/(mini|locales)$/ },
  main: { areas: ['core', 'templates', 'gas'], packages: /^zod\/(mini|locales)$/ },
  ui: { areas: ['ui'], packages: /^$/, typeOnly: ['main'] },
  cli: { areas: ['core', 'templates', 'gas', 'cli'], packages: /^(zod|@googleapis\/(sheets|script)|google-auth-library|node:[a-z_/]+)$/ },
};

describe('folder import rules', () => {
  const files = filesUnder(src);

  it('nothing in src imports src/cli but src/cli', () => {
    const violations = files
      .filter((f) => areaOf(f) !== 'cli')
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => s.startsWith('.') && areaOf(resolve(dirname(f), s)) === 'cli')
          .map((s) => `${relative(root, f)} imports ${s}`),
      );
    expect(violations).toEqual([]);
  });

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
            const typeOnly = rule.typeOnly?.includes(target) && typeOnlyImportsOf(file).includes(spec);
            if (!rule.areas.includes(target) && !typeOnly) violations.push(`${relative(root, file)} imports ${spec} (${target})`);
          } else if (!rule.packages.test(spec)) {
            violations.push(`${relative(root, file)} imports package ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }
});

describe('zod in the bundle', () => {
  it('only src/core/zod.ts imports zod (mini, with its English messages); every bundled file takes z from it', () => {
    const bundled = filesUnder(src).filter((f) => ['core', 'templates', 'gas', 'main'].includes(areaOf(f)));
    const importers = bundled.filter((f) => importsOf(f).some((spec) => /^zod(\/|$)/.test(spec)));
    expect(importers.map((f) => relative(root, f))).toEqual(['src/core/zod.ts']);
  });
});

describe('import cycles', () => {
  it('no file imports itself back, in src, test or bench', () => {
    const files = ['src', 'test', 'bench'].flatMap((d) => tsFilesUnder(join(root, d)));
    expect(files.length).toBeGreaterThan(100);
    expect(findCycles(importGraph(files), root)).toEqual([]);
  });

  describe('the detector', () => {
    let dir = '';
    const write = (files: Record<string, string>): string[] => {
      dir = mkdtempSync(join(tmpdir(), 'handoff-cycles-'));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return Object.keys(files).map((n) => join(dir, n));
    };
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('finds a cycle of three files, through a multi-line import and an export … from, and names its path', () => {
      const files = write({
        'a.ts': "import {\n  b,\n} from './b';\nexport const a = b + 1;\n",
        'b.ts': "export { c as b } from './c';\n",
        'c.ts': "import { a } from './a';\nexport const c = () => a;\n",
        'd.ts': "import { a } from './a';\n",
      });
      expect(findCycles(importGraph(files), dir)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    });

    it('finds a two-file cycle through require() and a side-effect import, and a file importing itself', () => {
      const files = write({
        'a.ts': "const b = require('./b');\n",
        'b.ts': "import './a';\n",
        'self.ts': "import { x } from './self';\nexport const y = x;\n",
      });
      expect(findCycles(importGraph(files), dir)).toEqual(
        expect.arrayContaining([
          ['a.ts', 'b.ts', 'a.ts'],
          ['self.ts', 'self.ts'],
        ]),
      );
    });

    it('leaves out type-only imports (erased at build), but not an import with one value name', () => {
      const typeOnly = write({
        'a.ts': "import type { B } from './b';\nexport class A { b?: B }\n",
        'b.ts': "import { A } from './a';\nexport class B { a = new A() }\n",
        'c.ts': "import { type B } from './b';\nexport type C = B;\n",
      });
      expect(findCycles(importGraph(typeOnly), dir)).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
      const mixed = write({
        'a.ts': "import { type B, makeB } from './b';\nexport const a = (): B => makeB();\n",
        'b.ts': "import { a } from './a';\nexport type B = number;\nexport const makeB = () => 1;\nexport const b = a;\n",
      });
      expect(findCycles(importGraph(mixed), dir)).toEqual([['a.ts', 'b.ts', 'a.ts']]);
    });

    it('reads no import out of a comment block, and keeps statements apart', () => {
      expect(runtimeImports("/**\n * import { a } from './a';\n */\nexport const x = 1;\n")).toEqual([]);
      expect(runtimeImports("export class A {\n  f() {}\n}\nimport type { B } from './b';\nexport { c } from './c'\n")).toEqual(['./c']);
    });
  });
});
