/**
 * Registers ScriptApp, FormApp, MailApp, GmailApp, HtmlService, ContentService and CardService on a workspace,
 * with their test/playground controls (`ws.triggers`, `ws.forms`, `ws.mail`, `ws.webapp`, `ws.cards`, `ws.html`).
 */
import type { Kernel } from '../../kernel/kernel';
import type { Persistence } from '../../runtime/persistence';
import type { SheetsInternal } from '../spreadsheet';
import { createCardControls, createCardService, type CardControls } from '../card';
import { createContentService } from '../content';
import { createFormsServices, type FormControls } from '../forms';
import { SheetsDestination } from '../forms/sheets-destination';
import { LocalUi } from '../spreadsheet/ui';
import { createHtmlServices, type HtmlControls } from '../html';
import { createMailServices, type MailControls } from '../mail';
import { createWebApp, type WebAppControls } from '../webapp';
import { defaultScriptConfig, type ScriptConfig } from './config';
import { createScriptServices, type TriggerControls } from './index';
import { InvokerSlot, type ScriptInvoker } from './invoker';

/** The globals typed as Apps Script's own interfaces. */
export interface AppGlobals {
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  FormApp: GoogleAppsScript.Forms.FormApp;
  MailApp: GoogleAppsScript.Mail.MailApp;
  GmailApp: GoogleAppsScript.Gmail.GmailApp;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  ContentService: GoogleAppsScript.Content.ContentService;
  CardService: GoogleAppsScript.Card_Service.CardService;
}

export interface AppInternals {
  /** Installable triggers: list, runs, clock stepping. */
  readonly triggers: TriggerControls;
  /** Forms: submitAs / editAs a person, duplicate delivery. */
  readonly forms: FormControls;
  /** Mail: inboxes, outbox, quota, failure injection. */
  readonly mail: MailControls;
  /** The web app: deploy, get/post/head as a visitor. */
  readonly webapp: WebAppControls;
  /** The Gmail add-on: open a message, click a card's button. */
  readonly cards: CardControls;
  /** HtmlService: the HTML file source (dist/) and the scriptlet context. */
  readonly html: HtmlControls;
  /** Script project settings: add-on installation, web app deployment, script id. */
  readonly script: ScriptConfig;
  /** Replaces what runs the script's functions (default: ws.runtime). */
  setInvoker(invoker: ScriptInvoker | undefined): void;
}

export interface AppDeps {
  settings: { timeZone: string; scriptId: string };
  sheets: SheetsInternal;
  persistence: Persistence;
  runtime: {
    invoke(name: string, args?: unknown[], opts?: Record<string, unknown>): unknown;
    hasFunction(name: string): boolean;
    readonly loaded: boolean;
  };
  /** The final globals object (for scriptlets when no script is loaded). */
  globals: () => Record<string, unknown>;
}

export function createAppServices(kernel: Kernel, deps: AppDeps): { globals: AppGlobals; internals: AppInternals } {
  const invoker = new InvokerSlot();
  const runtimeInvoker: ScriptInvoker = {
    invoke: (fn, e, opts) => deps.runtime.invoke(fn, [e], { ...opts }),
    has: (fn) => deps.runtime.loaded && deps.runtime.hasFunction(fn),
  };
  invoker.set(runtimeInvoker);

  const config: ScriptConfig = defaultScriptConfig(kernel.owner);
  // The time zone and script id follow the workspace's settings (appsscript.json).
  Object.defineProperty(config, 'timeZone', {
    get: () => deps.settings.timeZone,
    set: (v: string) => (deps.settings.timeZone = v),
    enumerable: true,
  });
  Object.defineProperty(config, 'scriptId', {
    get: () => deps.settings.scriptId,
    set: (v: string) => (deps.settings.scriptId = v),
    enumerable: true,
  });

  const script = createScriptServices(kernel, invoker, config);
  const forms = createFormsServices(kernel, script.store, () => config.timeZone);
  forms.controls.setDestinationSheets(new SheetsDestination(deps.sheets));
  forms.FormApp.makeUi = () => new LocalUi(kernel, deps.sheets.ui);
  const mail = createMailServices(kernel);
  const html = createHtmlServices(
    kernel,
    new Proxy(
      {},
      {
        ownKeys: () => Reflect.ownKeys(deps.globals()),
        getOwnPropertyDescriptor: (_t, k) => Reflect.getOwnPropertyDescriptor(deps.globals(), k),
        get: (_t, k) => deps.globals()[k as string],
      },
    ),
  );
  const { ContentService } = createContentService(kernel);
  const CardService = createCardService(kernel);
  const webapp = createWebApp(kernel, config, invoker);
  const cards = createCardControls({
    kernel,
    invoker,
    timeZone: () => config.timeZone,
    message: (user, id) => {
      const m = mail.store.find(user, id);
      return m ? { threadId: m.threadId, accessToken: mail.controls.accessToken(id) } : undefined;
    },
  });

  deps.persistence.register('triggers', {
    toJSON: () => script.store.toJSON(),
    restore: (j) => script.store.restore(j as ReturnType<typeof script.store.toJSON>),
  });
  deps.persistence.register('forms', {
    toJSON: () => forms.controls.toJSON(),
    restore: (j) => forms.controls.restore(j as ReturnType<typeof forms.controls.toJSON>),
  });
  deps.persistence.register('mail', {
    toJSON: () => mail.controls.toJSON(),
    restore: (j) => mail.controls.restore(j as ReturnType<typeof mail.controls.toJSON>),
  });
  deps.persistence.register('scriptConfig', {
    toJSON: () => ({
      installedAsAddOn: config.installedAsAddOn,
      webApp: { ...config.webApp },
      moreWebApps: config.moreWebApps.map((d) => ({ ...d })),
      activeFormId: forms.FormApp.activeFormId,
    }),
    restore: (j) => {
      // moreWebApps is absent from state saved before the web app held several deployments.
      const s = j as {
        installedAsAddOn: boolean;
        webApp: ScriptConfig['webApp'];
        moreWebApps?: ScriptConfig['moreWebApps'];
        activeFormId: string | null;
      };
      config.installedAsAddOn = s.installedAsAddOn;
      Object.assign(config.webApp, s.webApp);
      config.moreWebApps.splice(0, config.moreWebApps.length, ...(s.moreWebApps ?? []).map((d) => ({ ...d })));
      forms.FormApp.activeFormId = s.activeFormId;
    },
  });

  const globals = {
    ScriptApp: script.ScriptApp,
    FormApp: forms.FormApp,
    MailApp: mail.MailApp,
    GmailApp: mail.GmailApp,
    HtmlService: html.HtmlService,
    ContentService,
    CardService,
  } as unknown as AppGlobals;
  const internals: AppInternals = {
    triggers: script.controls,
    forms: forms.controls,
    mail: mail.controls,
    webapp,
    cards,
    html: html.controls,
    script: config,
    setInvoker: (i) => invoker.set(i ?? runtimeInvoker),
  };
  return { globals, internals };
}
