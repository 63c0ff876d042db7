/**
 * Whether the browser tests run, are skipped, or fail for want of a browser. Outside CI a missing Chromium (or a
 * missing build) skips them with a message; in CI (the CI environment variable set, as CI services and .ci/run set
 * it) a missing Chromium fails the run, so a green CI run has always run them.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Debian, Ubuntu and Chrome install a Chromium, searched after HANDOFF_CHROMIUM and PATH. */
const KNOWN = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export type Env = Record<string, string | undefined>;

/** True when the environment says this is a CI run (CI=true, CI=1, any value but '', 0 and false). */
export function inCi(env: Env): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/** The browser to launch: HANDOFF_CHROMIUM, else the first Chromium on PATH, else a known install path; null if none. */
export function findChromium(env: Env, exists: (p: string) => boolean = existsSync): string | null {
  if (env.HANDOFF_CHROMIUM) return exists(env.HANDOFF_CHROMIUM) ? env.HANDOFF_CHROMIUM : null;
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((d) => NAMES.map((n) => join(d, n)));
  return [...onPath, ...KNOWN].find((p) => exists(p)) ?? null;
}

export type Gate = { run: true; chromium: string } | { run: false; fail: boolean; why: string };

export function browserGate(env: Env, built: boolean, exists: (p: string) => boolean = existsSync): Gate {
  const chromium = findChromium(env, exists);
  if (!chromium) {
    const why = env.HANDOFF_CHROMIUM
      ? `no browser at HANDOFF_CHROMIUM=${env.HANDOFF_CHROMIUM}`
      : 'no Chromium on PATH or at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)';
    return { run: false, fail: inCi(env), why };
  }
  if (!built)
    return { run: false, fail: inCi(env), why: 'dist/Code.js or .build/playground.cjs is missing (npm run build; npm test builds first)' };
  return { run: true, chromium };
}
