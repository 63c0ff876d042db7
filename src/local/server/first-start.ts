/** A playground's first start: the bound spreadsheet, the web app deployed as the manifest says, and the demo. */
import { DEMO_OWNER } from './demo';
import type { Playground } from './playground';
import { cardApiDeployment, seedDemo } from './seed';
import { readManifest } from './state-file';

/** Sets up a fresh workspace; returns what it did, line by line (the home page shows it). */
export async function firstStart(p: Playground, distDir: string, seed: boolean): Promise<string[]> {
  const ws = p.ws;
  const id = ws.sheets.create('Handoff', { owner: DEMO_OWNER, bind: true });
  ws.sheets.setActive(id);
  const manifest = readManifest(distDir);
  ws.webapp.deploy({ executeAs: manifest.executeAs, access: manifest.access, deployer: DEMO_OWNER });
  // The second deployment docs/deploy.md has an admin create, for the Gmail card and the sidebar relay.
  const deployed = cardApiDeployment(p);
  // Seeding runs alone, in this thread: fast, and nothing else is running yet.
  return seed ? [...deployed, ...(await p.executions.alone(() => seedDemo(p)))] : deployed;
}
