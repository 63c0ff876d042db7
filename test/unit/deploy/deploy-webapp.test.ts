/**
 * bin/deploy-webapp.mjs against a fake clasp on PATH: it creates the web app deployment the first time, updates the
 * same deployment (so the /exec URL and mailed links stay) afterwards, and stops with one clear sentence otherwise.
 * And `npm run deploy` pushes only after the type-check, the lint and the tests.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const SCRIPT = join(ROOT, 'bin/deploy-webapp.mjs');

interface Deployment {
  deploymentId: string;
  versionNumber?: number;
  description?: string;
}

/** A clasp that answers from a JSON file of deployments, logs every call, and fails when FAKE_CLASP_FAIL names the command. */
const FAKE = `#!/usr/bin/env node
const fs = require('node:fs');
const dir = __dirname;
const args = process.argv.slice(2);
fs.appendFileSync(dir + '/calls.log', JSON.stringify(args) + '\\n');
if (args[0] !== '--json') { console.error('expected --json first'); process.exit(2); }
const [cmd, ...rest] = args.slice(1);
if (process.env.FAKE_CLASP_FAIL === cmd) { console.error('Could not read API credentials. Are you logged in globally?'); process.exit(1); }
const file = dir + '/deployments.json';
const list = JSON.parse(fs.readFileSync(file, 'utf8'));
const desc = rest[rest.indexOf('--description') + 1];
const next = Math.max(0, ...list.map((d) => d.versionNumber || 0)) + 1;
if (cmd === 'list-deployments') console.log(JSON.stringify(list, null, 2));
else if (cmd === 'create-deployment') {
  const d = { deploymentId: 'AKfy-new-' + next, versionNumber: next, description: desc };
  list.push(d); fs.writeFileSync(file, JSON.stringify(list));
  console.log(JSON.stringify(d, null, 2));
} else if (cmd === 'update-deployment') {
  const d = list.find((x) => x.deploymentId === rest[0]);
  if (!d) { console.error('No deployment ' + rest[0]); process.exit(1); }
  d.versionNumber = next; d.description = desc; fs.writeFileSync(file, JSON.stringify(list));
  console.log(JSON.stringify(d, null, 2));
} else { console.error('unknown command ' + cmd); process.exit(2); }
`;

function world(deployments: Deployment[]) {
  const dir = mkdtempSync(join(tmpdir(), 'fake-clasp-'));
  writeFileSync(join(dir, 'clasp'), FAKE);
  chmodSync(join(dir, 'clasp'), 0o755);
  writeFileSync(join(dir, 'deployments.json'), JSON.stringify(deployments));
  writeFileSync(join(dir, 'calls.log'), '');
  const run = (env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, HANDOFF_WEBAPP_DEPLOYMENT_ID: '', ...env, PATH: `${dir}${delimiter}${process.env.PATH}` },
    });
    return { status: r.status, out: r.stdout, err: r.stderr };
  };
  const calls = () =>
    readFileSync(join(dir, 'calls.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as string[]).slice(1, 3));
  const deployed = () => JSON.parse(readFileSync(join(dir, 'deployments.json'), 'utf8')) as Deployment[];
  return { run, calls, deployed };
}

const HEAD: Deployment = { deploymentId: 'AKfy-head', description: '' };

describe('npm run deploy:webapp (bin/deploy-webapp.mjs)', () => {
  it('creates the web app deployment when there is none (the @HEAD test deployment is not one)', () => {
    const w = world([HEAD]);
    const r = w.run();
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(w.calls()).toEqual([['list-deployments'], ['create-deployment', '--description']]);
    expect(r.out).toMatch(
      /^Created the web app deployment AKfy-new-1 \(version 1\)\.\nURL: https:\/\/script\.google\.com\/macros\/s\/AKfy-new-1\/exec\n$/,
    );
  });

  it('updates the same deployment to a new version afterwards, so the URL stays', () => {
    const w = world([
      HEAD,
      { deploymentId: 'AKfy-web', versionNumber: 3, description: 'Handoff web app' },
      { deploymentId: 'AKfy-card', versionNumber: 2, description: 'card API' },
    ]);
    const r = w.run();
    expect(r.status).toBe(0);
    expect(w.calls()).toEqual([['list-deployments'], ['update-deployment', 'AKfy-web']]);
    expect(r.out).toContain('Updated the web app deployment AKfy-web (version 4)');
    expect(r.out).toContain('https://script.google.com/macros/s/AKfy-web/exec');
    expect(w.deployed().map((d) => d.deploymentId)).toEqual(['AKfy-head', 'AKfy-web', 'AKfy-card']);
  });

  it('updates the deployment HANDOFF_WEBAPP_DEPLOYMENT_ID names, and refuses one that does not exist', () => {
    const w = world([HEAD, { deploymentId: 'AKfy-card', versionNumber: 2, description: 'card API' }]);
    expect(w.run({ HANDOFF_WEBAPP_DEPLOYMENT_ID: 'AKfy-card' }).status).toBe(0);
    expect(w.calls()[1]).toEqual(['update-deployment', 'AKfy-card']);
    const bad = w.run({ HANDOFF_WEBAPP_DEPLOYMENT_ID: 'AKfy-gone' });
    expect(bad.status).toBe(1);
    expect(bad.err).toBe('deploy:webapp: HANDOFF_WEBAPP_DEPLOYMENT_ID names AKfy-gone, which is not a deployment of this script.\n');
  });

  it('stops, changing nothing, when two deployments claim to be the web app', () => {
    const ours = (id: string, v: number): Deployment => ({ deploymentId: id, versionNumber: v, description: 'Handoff web app' });
    const w = world([ours('AKfy-a', 1), ours('AKfy-b', 2)]);
    const r = w.run();
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/2 deployments are described as "Handoff web app" \(AKfy-a, AKfy-b\): set HANDOFF_WEBAPP_DEPLOYMENT_ID/);
    expect(w.calls()).toEqual([['list-deployments']]);
  });

  it("passes clasp's own error on (not logged in) with a failing exit", () => {
    const w = world([HEAD]);
    const r = w.run({ FAKE_CLASP_FAIL: 'list-deployments' });
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/^deploy:webapp: clasp list-deployments failed \(exit 1\): Could not read API credentials/);
  });
});

describe('npm run deploy', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const steps = (name: string) => scripts[name]!.split('&&').map((s) => s.trim());

  it('type-checks, lints and tests before clasp push, each step gating the next', () => {
    const deploy = steps('deploy');
    expect(deploy.at(-1)).toBe('clasp push');
    expect(deploy.slice(0, -1)).toEqual(['npm test']);
    expect(steps('test')).toEqual(expect.arrayContaining(['npm run build', 'npm run typecheck', 'npm run lint', 'jest']));
    expect(scripts.typecheck).toMatch(/tsc/);
    expect(scripts.lint).toMatch(/^biome check/);
  });

  it('deploy:webapp pushes through the same gate first', () => {
    expect(steps('deploy:webapp')).toEqual(['npm run deploy', 'node bin/deploy-webapp.mjs']);
  });
});
