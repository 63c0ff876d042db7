/**
 * Loads dist/Code.js (built by `npm run build`) into a fresh node:vm context that holds only the local
 * Workspace's globals — no require, module or process — as Apps Script's V8 does, and lets tests call its
 * top-level functions by name as one execution each.
 *
 * TODO(runtime): switch to the local Workspace's own script loader (src/local/runtime) when it lands; this
 * file keeps the same `call` API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { dateClassFor } from '../../src/local/kernel/clock';
import type { ExecutionKind } from '../../src/local/kernel/execution';
import { testWorkspace, type TestWorkspace } from '../unit/gas/workspace';

export const CODE_PATH = join(__dirname, '../../dist/Code.js');

export interface CallOptions {
  /** The active user (Session.getActiveUser). Default: the owner. */
  as?: string;
  /** The user the execution runs as. Default: the owner (triggers, web app "execute as me", menu items of the owner). */
  runAs?: string;
  kind?: ExecutionKind;
}

export interface Harness extends TestWorkspace {
  /** The script's global scope. */
  context: vm.Context;
  /** Calls a top-level function of dist/Code.js as one execution; the result crosses as JSON, like google.script.run. */
  call<T = unknown>(fnName: string, args?: unknown[], opts?: CallOptions): T;
  /** The menus the script added (recorded by the local Workspace's Ui). */
  menus(): Array<{ caption: string; addon: boolean; entries: Array<{ kind: string; caption?: string; functionName?: string }> }>;
}

export function loadBundle(owner?: string): Harness {
  const t = testWorkspace(owner);
  const globals: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t.ws.globals)) globals[k] = v;
  globals.Date = dateClassFor(t.ws.kernel.clock);
  const context = vm.createContext(globals, { name: 'Code.js' });
  vm.runInContext(readFileSync(CODE_PATH, 'utf8'), context, { filename: 'Code.js' });
  const ownerEmail = t.ws.kernel.owner;
  return {
    ...t,
    context,
    call<T>(fnName: string, args: unknown[] = [], opts: CallOptions = {}): T {
      const fn = context[fnName];
      if (typeof fn !== 'function') throw new Error(`dist/Code.js has no top-level function ${fnName}`);
      const result = t.ws.kernel.executions.run(
        { activeUser: opts.as ?? ownerEmail, effectiveUser: opts.runAs ?? ownerEmail, kind: opts.kind ?? 'script-run' },
        () => (fn as (...a: unknown[]) => unknown)(...args),
      );
      return (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as T;
    },
    menus() {
      const sheets = (t.ws as unknown as { sheets: { ui: { menus: ReturnType<Harness['menus']> } } }).sheets;
      return sheets.ui.menus;
    },
  };
}
