/**
 * An Apps Script project folder as clasp keeps it: appsscript.json, script files (.gs / .js) and HTML files (.html),
 * possibly in subfolders (their names keep the folder: 'lib/util'). Script files run in Apps Script's file order:
 * clasp pushes `filePushOrder` from .clasp.json first, then the rest in alphabetical order.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface Manifest {
  timeZone?: string;
  runtimeVersion?: string;
  dependencies?: { enabledAdvancedServices?: Array<{ userSymbol: string; serviceId: string; version: string }> };
  webapp?: { executeAs?: string; access?: string };
  [key: string]: unknown;
}

export interface ProjectFile {
  /** The name Apps Script shows: the path without extension, with '/' separators. */
  name: string;
  path: string;
  source: string;
}

export interface Project {
  folder: string;
  manifest: Manifest;
  scripts: ProjectFile[];
  html: Record<string, string>;
}

const SKIP = new Set(['node_modules', '.git', '.handoff-local']);

function walk(folder: string, dir = folder, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    if (SKIP.has(entry) || entry.startsWith('.')) continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) walk(folder, p, out);
    else out.push(relative(folder, p));
  }
  return out;
}

export function loadProject(folder: string): Project {
  const manifestPath = join(folder, 'appsscript.json');
  if (!existsSync(manifestPath)) throw new Error(`${folder} has no appsscript.json: not an Apps Script project folder`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (e) {
    throw new Error(`appsscript.json is not valid JSON: ${(e as Error).message}`);
  }
  const files = walk(folder);
  const nameOf = (rel: string) =>
    rel
      .split(sep)
      .join('/')
      .replace(/\.(gs|js|html)$/, '');
  const scripts = files
    .filter((f) => /\.(gs|js)$/.test(f))
    .map((f) => ({ name: nameOf(f), path: join(folder, f), source: readFileSync(join(folder, f), 'utf8') }));
  const order = pushOrder(folder);
  const rank = (f: ProjectFile) => {
    const i = order.findIndex((o) => o === f.name || o.replace(/\.(gs|js)$/, '') === f.name);
    return i < 0 ? order.length : i;
  };
  scripts.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const html: Record<string, string> = {};
  for (const f of files.filter((x) => x.endsWith('.html'))) html[nameOf(f)] = readFileSync(join(folder, f), 'utf8');
  if (!scripts.length) throw new Error(`${folder} has no .gs or .js file`);
  return { folder, manifest, scripts, html };
}

function pushOrder(folder: string): string[] {
  const clasp = join(folder, '.clasp.json');
  if (!existsSync(clasp)) return [];
  try {
    const j = JSON.parse(readFileSync(clasp, 'utf8')) as { filePushOrder?: string[] };
    return (j.filePushOrder ?? []).map((p) => p.replace(/\\/g, '/'));
  } catch {
    return [];
  }
}

/** All script files as one program, in file order (they share one global scope in Apps Script). */
export function combinedSource(project: Project): string {
  return project.scripts.map((f) => `// ---- ${f.name} ----\n${f.source}\n;`).join('\n');
}
