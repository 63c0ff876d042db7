import { Kernel, type KernelOptions } from './kernel/kernel';
import { createCoreServices, type CoreGlobals, type CoreInternals, type CoreOptions } from './runtime/core-services';
import { createAppServices, type AppGlobals, type AppInternals } from './services/script/register';
import { createChatService, type ChatControls } from './services/chat';
import { createUrlFetchService, type UrlFetchControls } from './services/urlfetch';
import { createAdvancedServices, type AdvancedServicesControls } from './services/sheets-api';

/**
 * The local Workspace: an offline, in-memory implementation of the Apps Script services.
 *
 *   const ws = createWorkspace({ owner: 'ada@acme.test' });
 *   ws.globals.SpreadsheetApp.create('Handoff');           // typed as GoogleAppsScript.Spreadsheet.SpreadsheetApp
 *   ws.kernel.clock.advance(60_000);                       // time-driven triggers fire from here
 *
 * `globals` is the object handed to the script: as the global scope of a node:vm context (test/integration,
 * the playground), or as the `Services` object the adapters in src/gas take.
 * Each service lives in its own folder under src/local/services/ and registers itself below.
 */
export interface WorkspaceGlobals extends CoreGlobals, AppGlobals {
  UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  [name: string]: unknown;
}

export interface WorkspaceOptions extends KernelOptions, CoreOptions {}

export interface Workspace extends CoreInternals, AppInternals {
  readonly kernel: Kernel;
  readonly globals: WorkspaceGlobals;
  /** UrlFetchApp: the log of fetches and the daily quota (src/local/services/urlfetch). */
  readonly urlfetch: UrlFetchControls;
  /**
   * Advanced services (src/local/services/sheets-api): `applyManifest(appsscript.json)` installs the `Sheets` global
   * when the manifest enables it; `sheetsApi` is the Sheets API model itself (for an HTTP surface).
   */
  readonly advanced: AdvancedServicesControls;
  /** Google Chat spaces with incoming webhooks, and what was posted to them (src/local/services/chat). */
  readonly chat: ChatControls;
}

export function createWorkspace(opts: WorkspaceOptions = {}): Workspace {
  const kernel = new Kernel(opts);
  const core = createCoreServices(kernel, opts);
  let globals: WorkspaceGlobals;
  const apps = createAppServices(kernel, { ...core.internals, globals: () => globals });
  // UrlFetchApp: no network; the script's own web app URL is served by ws.webapp.
  const chat = createChatService(kernel);
  const urlfetch = createUrlFetchService(kernel, {
    webapp: apps.internals.webapp,
    chat: (method, url, body) => chat.chat.handle(method, url, body),
  });
  core.internals.persistence.register('chat', chat.controls);
  globals = { ...core.globals, ...apps.globals, UrlFetchApp: urlfetch.UrlFetchApp as unknown as GoogleAppsScript.URL_Fetch.UrlFetchApp };
  core.internals.boundForm.get = () => (apps.globals.FormApp as unknown as { activeFormId: string | null }).activeFormId;
  // Template scriptlets (`<?!= include('Css') ?>`) see the running script's own functions, as in Apps Script.
  apps.internals.html.setScriptContext(() => core.internals.runtime.currentContext());
  const advanced = createAdvancedServices(kernel, core.internals.spreadsheetEnv, () => globals);
  return { kernel, globals, ...core.internals, ...apps.internals, urlfetch: urlfetch.controls, advanced, chat: chat.controls };
}
