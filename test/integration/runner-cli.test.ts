/** `npx handoff-local run …` as a person types it: the package's bin (bin/handoff-local.cjs) and the build it loads. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, '.build/handoff-local.cjs');
const BIN = join(ROOT, 'bin/handoff-local.cjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });

test('runs a project folder, keeps state between runs, and exits 1 when the run failed, 2 on a usage error', () => {
  const state = mkdtempSync(join(tmpdir(), 'handoff-local-cli-'));
  try {
    const project = 'test/fixtures/projects/runaway';
    const first = cli('run', project, '--fn', 'install', '--state', state);
    expect(first.status).toBe(0);
    const second = cli('run', project, '--trigger', 'clock:2h', '--state', state);
    expect(second.stdout).toMatch(/clock: now \S+; 2 trigger run/);
    expect(second.stdout).toMatch(/== meter/);
    const spin = cli('run', project, '--fn', 'spin', '--max-runtime', '300ms', '--state', state);
    expect(spin.status).toBe(1);
    expect(spin.stdout).toContain('spin failed: Exceeded maximum execution time');
    const usage = cli('run', project);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('nothing to run: give --fn NAME or --trigger SPEC');
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

test('the package bin runs the built runner: the same output and exit codes', () => {
  const state = mkdtempSync(join(tmpdir(), 'handoff-local-bin-'));
  try {
    const bin = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
    // Functions that do not read the cache: CI runs this file again with caches that drop items early.
    const installed = bin('run', 'test/fixtures/projects/runaway', '--fn', 'install', '--state', state);
    expect(installed.status).toBe(0);
    expect(installed.stdout).toMatch(/#\d+ install script-run as owner@example.com: COMPLETED/);
    const spin = bin('run', 'test/fixtures/projects/runaway', '--fn', 'spin', '--max-runtime', '300ms', '--state', state);
    expect(spin.status).toBe(1);
    expect(spin.stdout).toContain('spin failed: Exceeded maximum execution time');
    const usage = bin('run', 'test/fixtures/projects/runaway');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('nothing to run');
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});
