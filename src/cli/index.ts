#!/usr/bin/env node
/** The `handoff` command (package.json "bin" → bin/handoff.cjs → this, built to .build/handoff.cjs). */
import { spawn } from 'node:child_process';
import { run } from './main';

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    /* the URL is printed; the person opens it */
  }
}

run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  io: {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    raw: (text) => process.stderr.write(text),
    tty: process.stderr.isTTY === true,
  },
  open: openBrowser,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`handoff: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
