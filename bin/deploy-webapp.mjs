#!/usr/bin/env node
// `npm run deploy:webapp`: after the gated push (`npm run deploy`), create the web app deployment, or update the one
// that exists to a new version, so the web app's /exec URL (and every approval link already mailed) stays the same.
// The deployment is found by its description (DESCRIPTION below), or named with HANDOFF_WEBAPP_DEPLOYMENT_ID.
// Runs `clasp` from PATH (npm puts node_modules/.bin first); every clasp answer is read as JSON (`clasp --json`).
import { spawnSync } from 'node:child_process';

const DESCRIPTION = 'Handoff web app';

function clasp(args) {
  const r = spawnSync('clasp', ['--json', ...args], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.error) throw new Error(`clasp could not be started (${r.error.message}): run npm ci first.`);
  if (r.status !== 0) {
    const said = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim();
    throw new Error(`clasp ${args[0]} failed (exit ${r.status})${said ? `: ${said}` : ''}`);
  }
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`clasp ${args[0]} did not answer JSON: ${String(r.stdout).trim().slice(0, 200)}`);
  }
}

/** The deployment to update: the one named in the environment, else the one described as ours; null to create one. */
function pick(list, wanted) {
  if (wanted) {
    const d = list.find((x) => x.deploymentId === wanted);
    if (!d) throw new Error(`HANDOFF_WEBAPP_DEPLOYMENT_ID names ${wanted}, which is not a deployment of this script.`);
    return d;
  }
  // The @HEAD deployment (no version number) is the editor's test deployment: never ours to update.
  const ours = list.filter((x) => x.description === DESCRIPTION && x.versionNumber);
  if (ours.length > 1)
    throw new Error(
      `${ours.length} deployments are described as "${DESCRIPTION}" (${ours.map((x) => x.deploymentId).join(', ')}): set HANDOFF_WEBAPP_DEPLOYMENT_ID to the one to update.`,
    );
  return ours[0] ?? null;
}

function deployWebApp(env = process.env) {
  const list = clasp(['list-deployments']);
  if (!Array.isArray(list)) throw new Error('clasp list-deployments did not answer a list.');
  const existing = pick(list, env.HANDOFF_WEBAPP_DEPLOYMENT_ID);
  const d = existing
    ? clasp(['update-deployment', existing.deploymentId, '--description', DESCRIPTION])
    : clasp(['create-deployment', '--description', DESCRIPTION]);
  if (!d || typeof d.deploymentId !== 'string') throw new Error('clasp did not name the deployment it made.');
  return { action: existing ? 'updated' : 'created', deploymentId: d.deploymentId, versionNumber: d.versionNumber };
}

try {
  const r = deployWebApp();
  process.stdout.write(
    `${r.action === 'created' ? 'Created' : 'Updated'} the web app deployment ${r.deploymentId} (version ${r.versionNumber}).\n` +
      `URL: https://script.google.com/macros/s/${r.deploymentId}/exec\n`,
  );
} catch (e) {
  process.stderr.write(`deploy:webapp: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
