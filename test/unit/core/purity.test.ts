/** src/core and src/templates must run anywhere: no Node built-ins, no Apps Script globals, no eval. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const DIRS = ['src/core', 'src/templates'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Strip comments and string contents so that words in docs and messages do not count. */
function code(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/`(?:\\.|[^`\\])*`/g, '``')
    .replace(/'(?:\\.|[^'\\\n])*'/g, "''")
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""');
}

const NODE_MODULES = [
  'fs',
  'path',
  'crypto',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
  'buffer',
  'stream',
  'vm',
  'worker_threads',
  'events',
  'zlib',
  'timers',
];
const BANNED_IDENTIFIERS = [
  'SpreadsheetApp',
  'Utilities',
  'process',
  'require',
  'eval',
  'GmailApp',
  'MailApp',
  'Session',
  'PropertiesService',
  'CacheService',
  'LockService',
  'ScriptApp',
  'UrlFetchApp',
  'FormApp',
  'DriveApp',
  'HtmlService',
  'ContentService',
  'Logger',
  'console',
  'window',
  'document',
  'globalThis',
  'Buffer',
  'setTimeout',
  'setInterval',
  'structuredClone',
  'TextEncoder',
  'fetch',
];

function violations(file: string, src: string): string[] {
  const out: string[] = [];
  const imports = [
    ...src.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  for (const spec of imports) {
    if (spec.startsWith('node:') || NODE_MODULES.includes(spec.split('/')[0]!)) out.push(`${file}: imports ${spec}`);
    // zod/mini and its English locale (src/core/zod.ts): classic `zod` would bring its JSON-schema layer into the bundle.
    else if (!spec.startsWith('.') && !/^zod\/(mini|locales)$/.test(spec))
      out.push(`${file}: imports ${spec} (only zod/mini and relative imports are allowed)`);
    else if (spec.startsWith('.') && /\/(gas|local|ui)\//.test(spec)) out.push(`${file}: imports ${spec} (outside the pure layers)`);
  }
  const body = code(src);
  for (const id of BANNED_IDENTIFIERS) if (new RegExp(`(?<![\\w$.])${id}(?![\\w$])`).test(body)) out.push(`${file}: uses ${id}`);
  if (/\bnew\s+Function\b/.test(body) || /(?<![\w$.])Function\s*\(/.test(body)) out.push(`${file}: uses new Function`);
  return out;
}

describe('purity of src/core and src/templates', () => {
  const all = DIRS.flatMap((d) => files(join(ROOT, d)));

  it('finds the files it checks', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it('imports only zod/mini and relative pure modules, and uses no Node, Apps Script or DOM globals, eval or new Function', () => {
    const problems = all.flatMap((f) => violations(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the checker catches what it should (and ignores comments and strings)', () => {
    expect(violations('x.ts', "import { readFileSync } from 'fs';")).toEqual(['x.ts: imports fs']);
    expect(violations('x.ts', "import { createHash } from 'node:crypto';")).toEqual(['x.ts: imports node:crypto']);
    expect(violations('x.ts', "import x from 'lodash';")).toEqual([
      'x.ts: imports lodash (only zod/mini and relative imports are allowed)',
    ]);
    expect(violations('x.ts', "import * as z from 'zod';")).toEqual(['x.ts: imports zod (only zod/mini and relative imports are allowed)']);
    expect(violations('x.ts', "import { config } from 'zod/mini';")).toEqual([]);
    expect(violations('x.ts', 'const s = SpreadsheetApp.getActive();')).toEqual(['x.ts: uses SpreadsheetApp']);
    expect(violations('x.ts', 'const d = Utilities.formatDate(x);')).toEqual(['x.ts: uses Utilities']);
    expect(violations('x.ts', 'if (process.env.X) {}')).toEqual(['x.ts: uses process']);
    expect(violations('x.ts', "const m = require('x');")).toEqual(['x.ts: uses require']);
    expect(violations('x.ts', 'eval(code);')).toEqual(['x.ts: uses eval']);
    expect(violations('x.ts', "const f = new Function('a', 'return a');")).toEqual(['x.ts: uses new Function']);
    expect(violations('x.ts', "// SpreadsheetApp in a comment\nconst m = 'eval(x) in a message';")).toEqual([]);
    expect(violations('x.ts', 'const o = x.process + y.eval;')).toEqual([]);
  });
});
