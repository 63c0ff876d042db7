/** The playground's data folder: the saved state, and the build's HTML files and manifest read at start. */
import { existsSync, mkdirSync, rmSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_OWNER } from './demo';

export const STATE_FILE = 'state.json';
export const STATE_FORMAT = 1;

export interface SavedState {
  format: number;
  owner: string;
  savedAt: string;
  seedLog?: string[];
  workspace: Record<string, unknown>;
}

export function readState(file: string): SavedState {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `${file} is not readable JSON (${e instanceof Error ? e.message : String(e)}). Start with --reset to start fresh (the file is deleted).`,
    );
  }
  const s = json as SavedState;
  if (!s || s.format !== STATE_FORMAT || typeof s.workspace !== 'object')
    throw new Error(`${file} was saved by another version of the playground. Start with --reset to start fresh.`);
  if (s.owner !== DEMO_OWNER) throw new Error(`${file} belongs to another owner (${s.owner}). Start with --reset to start fresh.`);
  return s;
}

/** dist/*.html by file name, with and without the extension (createHtmlOutputFromFile('Sidebar') or 'Sidebar.html'). */
export function readHtmlFiles(distDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(distDir)) {
    if (!f.endsWith('.html')) continue;
    const text = readFileSync(join(distDir, f), 'utf8');
    out[f] = text;
    out[f.slice(0, -5)] = text;
  }
  return out;
}

/** The build's appsscript.json as is ({} when unreadable): the advanced services it enables (ws.advanced.applyManifest). */
export function readManifestJson(distDir: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(distDir, 'appsscript.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function readManifest(distDir: string): {
  executeAs: 'USER_DEPLOYING' | 'USER_ACCESSING';
  access: 'MYSELF' | 'DOMAIN' | 'ANYONE' | 'ANYONE_ANONYMOUS';
} {
  try {
    const m = JSON.parse(readFileSync(join(distDir, 'appsscript.json'), 'utf8')) as { webapp?: { executeAs?: string; access?: string } };
    const executeAs = m.webapp?.executeAs === 'USER_ACCESSING' ? 'USER_ACCESSING' : 'USER_DEPLOYING';
    const access = (['MYSELF', 'DOMAIN', 'ANYONE', 'ANYONE_ANONYMOUS'] as const).find((a) => a === m.webapp?.access) ?? 'ANYONE';
    return { executeAs, access };
  } catch {
    return { executeAs: 'USER_DEPLOYING', access: 'ANYONE' };
  }
}

/** The state as the file holds it. */
export function stateText(seedLog: string[], workspace: Record<string, unknown>): string {
  const state: SavedState = { format: STATE_FORMAT, owner: DEMO_OWNER, savedAt: new Date().toISOString(), seedLog, workspace };
  return JSON.stringify(state);
}

let tmpSeq = 0;

/** Where one write goes before it is renamed over the state file (each write its own). */
export function stateTmp(dataDir: string): { tmp: string; file: string } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, STATE_FILE);
  return { file, tmp: `${file}.${process.pid}.${++tmpSeq}.tmp` };
}

/** Writes the state to the data folder (atomically: a temporary file renamed over the old one). */
export function writeState(dataDir: string, seedLog: string[], workspace: Record<string, unknown>): void {
  const { tmp, file } = stateTmp(dataDir);
  writeFileSync(tmp, stateText(seedLog, workspace));
  renameSync(tmp, file);
}

/** The state saved in the data folder, if any (with `reset`, the file is deleted first and none is returned). */
export function takeSavedState(
  dataDir: string | null,
  reset: boolean,
  log: (line: string) => void,
): { file: string | null; saved: SavedState | null } {
  const file = dataDir ? join(dataDir, STATE_FILE) : null;
  if (file && reset && existsSync(file)) {
    rmSync(file);
    log(`reset: deleted ${file}`);
  }
  return { file, saved: file && existsSync(file) ? readState(file) : null };
}
