/**
 * .ci/run with fake npm, apt-get and sleep on PATH: it fails, before the tests, when Chromium cannot be installed,
 * and runs npm test (then the cache-drop run) with CI set when a Chromium is there.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUN = join(__dirname, '../../.ci/run');

function fakes(withChromium: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  script('npm', `echo "npm $* CI=$CI" >> "${dir}/log"`);
  script('apt-get', `echo "apt-get $*" >> "${dir}/log"; exit 100`);
  script('sleep', 'exit 0');
  if (withChromium) script('chromium', 'exit 0');
  // Only these and dirname on PATH: the machine's own chromium must not be found.
  symlinkSync(spawnSync('sh', ['-c', 'command -v dirname'], { encoding: 'utf8' }).stdout.trim(), join(dir, 'dirname'));
  const r = spawnSync('/bin/bash', [RUN], { encoding: 'utf8', env: { PATH: dir, HOME: dir } });
  let log = '';
  try {
    log = readFileSync(join(dir, 'log'), 'utf8');
  } catch {
    /* nothing ran */
  }
  return { status: r.status, err: r.stderr, log: log.trim().split('\n') };
}

describe('.ci/run', () => {
  it('fails before the tests when chromium cannot be installed', () => {
    const r = fakes(false);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/ci: FAILED: chromium could not be installed/);
    expect(r.log.filter((l) => l.startsWith('npm'))).toEqual(['npm ci --no-audit --no-fund CI=true']);
    expect(r.log.filter((l) => l.startsWith('apt-get'))).toEqual(['apt-get update -qq', 'apt-get update -qq', 'apt-get update -qq']);
  });

  it('runs npm test with CI set when chromium is there', () => {
    const r = fakes(true);
    expect(r.status).toBe(0);
    expect(r.log).toEqual(['npm ci --no-audit --no-fund CI=true', 'npm test CI=true', 'npm run test:cache-drop CI=true']);
  });
});
