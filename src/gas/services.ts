/**
 * The one typed object through which every adapter in src/gas reaches Apps Script.
 * In Apps Script, src/main.ts builds it from the globals; tests hand in the local Workspace's services.
 * Adapters never touch a global service directly.
 */
export interface Services {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  FormApp: GoogleAppsScript.Forms.FormApp;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  CacheService: GoogleAppsScript.Cache.CacheService;
  LockService: GoogleAppsScript.Lock.LockService;
  MailApp: GoogleAppsScript.Mail.MailApp;
  GmailApp: GoogleAppsScript.Gmail.GmailApp;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  ContentService: GoogleAppsScript.Content.ContentService;
  CardService: GoogleAppsScript.Card_Service.CardService;
  UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  Session: GoogleAppsScript.Base.Session;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  Logger: GoogleAppsScript.Base.Logger;
  /** The Sheets API advanced service (appsscript.json dependencies.enabledAdvancedServices): one call, many ranges. */
  Sheets: GoogleAppsScript.Sheets;
}

/** Reads the services from the global scope, at call time (Apps Script, or a node:vm context holding the local Workspace). */
export function servicesFromGlobals(g: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): Services {
  const names: Array<keyof Services> = [
    'SpreadsheetApp',
    'FormApp',
    'ScriptApp',
    'PropertiesService',
    'CacheService',
    'LockService',
    'MailApp',
    'GmailApp',
    'HtmlService',
    'ContentService',
    'CardService',
    'UrlFetchApp',
    'Session',
    'Utilities',
    'Logger',
    'Sheets',
  ];
  const out = {} as Services;
  for (const n of names) {
    Object.defineProperty(out, n, {
      enumerable: true,
      get() {
        const service = g[n];
        if (service === undefined) {
          if (n === 'Sheets')
            throw new Error('Handoff: the Sheets advanced service is not enabled (appsscript.json dependencies.enabledAdvancedServices)');
          throw new Error(`Handoff: the Apps Script service ${n} is not available in this context`);
        }
        return service;
      },
    });
  }
  return out;
}
