/**
 * Runs the built handoff command (bin/handoff.cjs → .build/handoff.cjs) as a child process, as a person or CI
 * would: the real googleapis client and its HTTP stack (gaxios cannot load its fetch inside jest's module
 * sandbox, and the command should be tested whole anyway).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(__dirname, '../../bin/handoff.cjs');

export interface Ran {
  code: number;
  out: string[];
  err: string[];
}

const lines = (s: string): string[] => s.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);

/** `onErr` sees stderr as it comes (the login's sign-in URL). */
export function runHandoff(args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; onErr?: (chunk: string) => void }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: o.cwd,
      env: { PATH: process.env.PATH, HOME: o.cwd, HANDOFF_CONFIG_DIR: join(o.cwd, '.config-handoff'), ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      const s = c.toString('utf8');
      err += s;
      o.onErr?.(s);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out: lines(out.replace(/\n$/, '')), err: lines(err.replace(/\n$/, '')) }));
  });
}
