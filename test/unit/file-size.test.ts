/**
 * Small files, one concept each: no source file under src/ (TypeScript, HTML, CSS) is over 300 lines.
 * A file that grows past it holds two concepts; split it by what each part is about. Docs (*.md) are not code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const MAX_LINES = 300;
const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(sourceFiles(p));
    else if (/\.(ts|html|css|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

function linesOf(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('file size', () => {
  it('counts lines as wc -l does, give or take a last line without a newline', () => {
    expect(linesOf('')).toBe(0);
    expect(linesOf('a\n')).toBe(1);
    expect(linesOf('a\nb')).toBe(2);
    expect(linesOf(`${'x\n'.repeat(MAX_LINES + 1)}`)).toBeGreaterThan(MAX_LINES);
  });

  it(`no file under src/ has more than ${MAX_LINES} lines`, () => {
    const files = sourceFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(100);
    const over = files
      .map((f) => ({ file: relative(root, f), lines: linesOf(readFileSync(f, 'utf8')) }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.file}: ${x.lines} lines`);
    expect(over).toEqual([]);
  });
});
