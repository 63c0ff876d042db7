/** Runs the handoff command in-process, collecting what it prints. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../src/cli/main';

export interface Ran {
  code: number;
  out: string[];
  err: string[];
}

export async function handoff(
  argv: string[],
  o: { cwd: string; env?: NodeJS.ProcessEnv; open?: (url: string) => void; tty?: boolean },
): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, {
    cwd: o.cwd,
    env: { HANDOFF_CONFIG_DIR: join(o.cwd, '.config-handoff'), ...(o.env ?? {}) },
    io: { out: (l) => out.push(l), err: (l) => err.push(l), raw: (t) => err.push(t), tty: o.tty ?? false },
    open: o.open ?? (() => undefined),
  });
  return { code, out, err };
}

export function tempDir(prefix = 'handoff-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
