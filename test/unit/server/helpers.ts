/**
 * A playground on a small stand-in script (not dist/Code.js): the server's own behaviour — routing, limits,
 * errors, identity, persistence — is tested without the whole add-on. test/unit/server/seed.test.ts and the
 * e2e tests use the real build.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { createPlaygroundServer, type ServerConfig } from '../../../src/local/server/http';
import { Playground, type PlaygroundOptions } from '../../../src/local/server/playground';

export const FAKE_CODE = `
function handoffPanelEcho(x) { return { got: x, as: Session.getActiveUser().getEmail(), runsAs: Session.getEffectiveUser().getEmail() }; }
function handoffPanelWhen() { return { when: new Date() }; }
function handoffPanelBoom() { throw new Error('boom: ' + Session.getActiveUser().getEmail()); }
function handoffPanelCount() {
  var p = PropertiesService.getScriptProperties();
  var n = Number(p.getProperty('count') || '0') + 1;
  p.setProperty('count', String(n));
  return n;
}
function handoffPanelInstallTick() { ScriptApp.newTrigger('tick').timeBased().everyHours(1).create(); return 'ok'; }
function tick() { var p = PropertiesService.getScriptProperties(); p.setProperty('ticks', String(Number(p.getProperty('ticks') || '0') + 1)); }
function secret_() { return 'private'; }
function doGet(e) { return HtmlService.createHtmlOutput('<p>visitor=' + Session.getActiveUser().getEmail() + ' q=' + (e.parameter.q || '') + '</p><a href="' + ScriptApp.getService().getUrl() + '?q=next">next</a>'); }
function doPost(e) { PropertiesService.getScriptProperties().setProperty('posted', e.postData.contents); return HtmlService.createHtmlOutput('<p>posted</p>'); }
function onOpen() {}
// Two executions that wait for each other: each marks itself here, then waits (a bounded number of service calls)
// until the other has too. Run one after the other, the first gives up: true only when they really overlap.
function handoffPanelMeet(me, other) {
  var p = PropertiesService.getScriptProperties();
  p.setProperty('here-' + me, 'yes');
  for (var i = 0; i < 5000; i++) if (p.getProperty('here-' + other)) return true;
  return false;
}
function handoffPanelInstallSlowTick() { ScriptApp.newTrigger('slowTick').timeBased().everyMinutes(10).create(); return 'ok'; }
// A timer run that keeps its thread busy for a second or two (run inline, it would stall the server that long).
function handoffPanelInstallHeavyTick() { ScriptApp.newTrigger('heavyTick').timeBased().everyHours(12).create(); return 'ok'; }
function heavyTick() { var x = 0; for (var i = 0; i < 4e8; i++) x += i % 7; PropertiesService.getScriptProperties().setProperty('heavy', String(x)); }
function slowTick() { var p = PropertiesService.getScriptProperties(); for (var i = 0; i < 40; i++) p.getProperty('x'); }
`;

export const PEOPLE = [
  ['Email', 'Name', 'Roles', 'Manager', 'Delegate', 'Away from', 'Away to', 'Time zone', 'Digest'],
  ['ada@acme.test', 'Ada Admin', 'admin', '', '', '', '', '', ''],
  ['rita@acme.test', 'Rita Requester', '', 'max@acme.test', '', '', '', '', ''],
  ['max@acme.test', 'Max Manager', 'manager', '', '', '', '', '', ''],
];

export interface Fixture {
  p: Playground;
  dist: string;
  data: string;
  cleanup(): Promise<void>;
}

/** A temporary dist/ with the stand-in script, and a playground on it (Directory tab written directly). */
export async function fakePlayground(opts: Partial<PlaygroundOptions> = {}, dirs?: { dist: string; data: string }): Promise<Fixture> {
  const dist = dirs?.dist ?? mkdtempSync(join(tmpdir(), 'handoff-pg-dist-'));
  const data = dirs?.data ?? mkdtempSync(join(tmpdir(), 'handoff-pg-data-'));
  writeFileSync(join(dist, 'Code.js'), FAKE_CODE);
  writeFileSync(join(dist, 'appsscript.json'), JSON.stringify({ webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE' } }));
  const p = await Playground.open({ distDir: dist, dataDir: data, seed: false, ...opts });
  const ss = p.ws.sheets.get(p.spreadsheetId);
  if (!ss.sheetNames().includes('Directory')) {
    ss.addSheet('Directory');
    ss.write('Directory', 'A1', PEOPLE);
    p.save();
  }
  return {
    p,
    dist,
    data,
    async cleanup() {
      await p.close();
      rmSync(dist, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export interface Running {
  base: string;
  server: Server;
  close(): Promise<void>;
}

export async function serve(p: Playground, config: Partial<ServerConfig> = {}): Promise<Running> {
  const server = createPlaygroundServer(p, { host: '127.0.0.1', ...config });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://localhost:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function postJson(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const r = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

export async function getJson(base: string, path: string): Promise<{ status: number; json: any }> {
  const r = await fetch(base + path);
  return { status: r.status, json: await r.json() };
}
