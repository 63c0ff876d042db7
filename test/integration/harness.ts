/**
 * Loads dist/Code.js (built by `npm run build`) with the local Workspace's own script loader
 * (src/local/runtime: loadScript), so there is one loader: every call is one execution in a fresh node:vm context
 * that holds only the Workspace's globals (no require, module or process) and a SimClock-bound Date, as Apps
 * Script's V8 does. The script is also the workspace's runtime script, so ScriptApp triggers and the web-app
 * simulation (ws.webapp) reach its handlers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vm from 'node:vm';
import type { ExecutionKind } from '../../src/local/kernel/execution';
import { loadScript, type LoadedScript, type LoadOptions } from '../../src/local/runtime';
import { earlyDropFromEnv } from '../../src/local/services/cache';
import type { Workspace } from '../../src/local/workspace';
import { testWorkspace, type TestWorkspace } from '../unit/gas/workspace';

export const CODE_PATH = join(__dirname, '../../dist/Code.js');
export const MANIFEST_PATH = join(__dirname, '../../dist/appsscript.json');

export interface CallOptions {
  /** The active user (Session.getActiveUser). Default: the owner. */
  as?: string;
  /** The user the execution runs as. Default: the owner (triggers, web app "execute as me", menu items of the owner). */
  runAs?: string;
  kind?: ExecutionKind;
}

export interface Harness extends TestWorkspace {
  /**
   * The script's global scope: its top-level functions and the ECMAScript built-ins as one execution's context
   * has them, and the Workspace's services. Assigning a service here installs it for every later execution.
   * Call the script's functions through `call`, or from inside an execution you run yourself.
   */
  context: vm.Context;
  /** The loaded script (src/local/runtime), e.g. for `concurrent`. */
  script: LoadedScript;
  /** Calls a top-level function of dist/Code.js as one execution; the result crosses as JSON, like google.script.run. */
  call<T = unknown>(fnName: string, args?: unknown[], opts?: CallOptions): T;
  /** The menus the script added (recorded by the local Workspace's Ui). */
  menus(): Array<{ caption: string; addon: boolean; entries: Array<{ kind: string; caption?: string; functionName?: string }> }>;
}

/** `load.reuseContext` keeps one vm context for every call (fast, but globals survive between calls: for sweeps only). */
export function loadBundle(owner?: string, load: LoadOptions = {}): Harness {
  const t = testWorkspace(owner);
  const ws = t.ws as Workspace;
  // HANDOFF_LOCAL_CACHE_DROP=seed[:probability]: caches drop items early at random (CI runs the suite once so).
  const drop = earlyDropFromEnv(process.env.HANDOFF_LOCAL_CACHE_DROP);
  if (drop) ws.caches.setEarlyDrop(drop);
  const script = loadScript(ws, readFileSync(CODE_PATH, 'utf8'), 'Code.js', load);
  // The project's manifest decides which advanced services (Sheets) exist, as in Apps Script.
  ws.advanced.applyManifest(JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')));
  const globals = ws.globals as Record<string, unknown>;
  let inspected: vm.Context | null = null;
  const scope = (): vm.Context => (inspected ??= script.inspect());
  const context = new Proxy({} as vm.Context, {
    get: (_t, name: string) => (name in globals ? globals[name] : scope()[name]),
    set: (_t, name: string, value: unknown) => {
      globals[name] = value;
      scope()[name] = value;
      return true;
    },
    has: (_t, name: string) => name in globals || name in scope(),
  });
  const ownerEmail = ws.kernel.owner;
  return {
    ...t,
    context,
    script,
    call<T>(fnName: string, args: unknown[] = [], opts: CallOptions = {}): T {
      if (!script.hasFunction(fnName)) throw new Error(`dist/Code.js has no top-level function ${fnName}`);
      const result = script.call(fnName, args, {
        activeUser: opts.as ?? ownerEmail,
        effectiveUser: opts.runAs ?? ownerEmail,
        kind: opts.kind ?? 'script-run',
      });
      return (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as T;
    },
    menus() {
      return (ws as unknown as { ui: { menus: ReturnType<Harness['menus']> } }).ui.menus;
    },
  };
}
