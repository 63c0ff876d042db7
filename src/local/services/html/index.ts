import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import type { Kernel } from '../../kernel/kernel';
import { LocalHtmlService, type HtmlEnv } from './html-service';

export { LocalHtmlOutput } from './output';
export { LocalHtmlTemplate, LocalHtmlService } from './html-service';
export { escapeHtml } from './escape';

/** Where the project's HTML files are read from: a folder (dist/) or an in-memory table. */
export type HtmlFileSource = string | Record<string, string> | ((name: string) => string | undefined);

export function fileReader(source: HtmlFileSource | undefined): (name: string) => string | undefined {
  if (source === undefined) return () => undefined;
  if (typeof source === 'function') return source;
  if (typeof source === 'string') {
    return (name) => {
      if (name.includes('/') || name.includes('..')) return undefined;
      const p = join(source, name);
      return existsSync(p) && p.endsWith('.html') ? readFileSync(p, 'utf8') : undefined;
    };
  }
  return (name) => source[name];
}

export interface HtmlControls {
  /** Sets where createHtmlOutputFromFile/createTemplateFromFile read files (e.g. the dist/ folder). */
  setFiles(source: HtmlFileSource): void;
  /** Sets the vm context scriptlets run in (the runtime's context of the loaded script). */
  setScriptContext(ctx: vm.Context | (() => vm.Context | undefined) | undefined): void;
}

export function createHtmlServices(
  kernel: Kernel,
  globals: Record<string, unknown>,
): { HtmlService: LocalHtmlService; controls: HtmlControls } {
  let read = fileReader(undefined);
  let ctxSource: (() => vm.Context | undefined) | undefined;
  let fallback: vm.Context | undefined;
  const env: HtmlEnv = {
    kernel,
    readFile: (name) => read(name),
    scriptContext: () => {
      const c = ctxSource?.();
      if (c) return c;
      // No script loaded: scriptlets see the workspace's service globals only.
      fallback ??= vm.createContext({ ...globals });
      return fallback;
    },
  };
  const controls: HtmlControls = {
    setFiles: (s) => {
      read = fileReader(s);
    },
    setScriptContext: (c) => {
      ctxSource = c === undefined ? undefined : typeof c === 'function' ? (c as () => vm.Context | undefined) : () => c;
    },
  };
  return { HtmlService: new LocalHtmlService(env), controls };
}
