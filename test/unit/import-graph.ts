/**
 * The import graph of a folder of TypeScript files, and its cycles (for test/unit/architecture.test.ts).
 *
 * Edges are the imports that exist at run time: `import … from`, `export … from`, side-effect imports, `import()` and
 * `require()` of a relative path. `import type` / `export type` (and an import whose every name is `type X`) are erased
 * by TypeScript and esbuild, so they cannot make a load-order cycle; they are left out, which lets two classes name
 * each other's types (Sheet.getParent() and Spreadsheet.getSheets()) without a cycle.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export function tsFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFilesUnder(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Whether an import's names are all types (`{ type A, type B }`, or no names at all is a value import). */
function allTypes(clause: string): boolean {
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!braces) return false;
  const names = (braces[1] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return names.length > 0 && names.every((n) => /^type\s/.test(n));
}

/** The module specifiers a file imports at run time. */
export function runtimeImports(text: string): string[] {
  const specs: string[] = [];
  // Each statement that starts a line with import/export, up to its end (a ';', or the next such statement).
  const starts = [...text.matchAll(/^[ \t]*(?:import|export)\b/gm)].map((m) => m.index as number);
  starts.forEach((at, i) => {
    const next = starts[i + 1] ?? text.length;
    const semi = text.indexOf(';', at);
    const statement = text.slice(at, semi >= 0 && semi < next ? semi + 1 : next);
    const m = /^\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*['"]([^'"]+)['"]/.exec(statement);
    if (m) {
      if (!m[2] && !allTypes(m[3] ?? '')) specs.push(m[4] as string);
      return;
    }
    const bare = /^\s*import\s*['"]([^'"]+)['"]/.exec(statement);
    if (bare) specs.push(bare[1] as string);
  });
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1] as string);
  return specs;
}

function resolveFile(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const c of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts'), base]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** file → the files it imports at run time (relative imports only: packages cannot import back). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const targets = runtimeImports(readFileSync(f, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveFile(f, s))
      .filter((t): t is string => t !== null);
    graph.set(f, [...new Set(targets)]);
  }
  return graph;
}

/**
 * Every cycle, one per strongly connected component (Tarjan), each as a path that returns to its start:
 * ["a.ts", "b.ts", "a.ts"]. A file importing itself is a cycle too.
 */
export function findCycles(graph: Map<string, string[]>, root = ''): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(c);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  const name = (f: string) => (root ? relative(root, f) : f);
  return components.map((c) => {
    // A concrete loop inside the component, for the message: breadth-first from its first file back to it.
    const inside = new Set(c);
    const start = [...c].sort()[0] as string;
    const prev = new Map<string, string>();
    const queue = [start];
    let end: string | null = null;
    while (queue.length && end === null) {
      const v = queue.shift() as string;
      for (const w of graph.get(v) ?? []) {
        if (!inside.has(w)) continue;
        if (w === start) {
          end = v;
          break;
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = end; v !== null && v !== start; v = prev.get(v) ?? null) path.splice(1, 0, v);
    path.push(start);
    return path.map(name);
  });
}
