/**
 * An order-of-magnitude model of Apps Script wall time, from published measurements
 * (the project's Apps Script facts, "A cost model … (version 3)"). Used by `npm run bench` to turn metered
 * call counts into an estimate, and optionally by the local Workspace to advance simulated time.
 */
export const COST_MODEL_VERSION = 'handoff-cost-model/3 (apps-script-facts.md, cost model version 3)';

export interface CallCost {
  /** Fixed milliseconds per call. */
  baseMs: number;
  /** Extra milliseconds per cell read / written (SpreadsheetApp ranges, Sheets API). */
  perCellReadMs?: number;
  perCellWrittenMs?: number;
}

/** Start of an execution (trigger, web app request, google.script.run call, card action): 1.5 s. */
export const EXECUTION_START_MS = 1500;
/** Plain JavaScript: measured Node time × 3. */
export const PLAIN_JS_FACTOR = 3;

const SHEET_ROUND_TRIP: CallCost = { baseMs: 150, perCellReadMs: 0.01, perCellWrittenMs: 0.05 };
/** The Sheets API advanced service: one call, any number of ranges or requests. */
const SHEETS_API: CallCost = { baseMs: 250, perCellReadMs: 0.005, perCellWrittenMs: 0.02 };
/** Handles and metadata, no cell data (getSheetByName, getRange before reading it, getId …): a guessed 10 ms. */
const HANDLE_LOOKUP: CallCost = { baseMs: 10 };

/** The SpreadsheetApp calls the facts table measures as round trips (reads, writes, size queries, TextFinder, flush). */
const SHEET_ROUND_TRIP_METHODS = new Set([
  'getValues',
  'setValues',
  'getDisplayValues',
  'getFormulas',
  'setFormulas',
  'getSheetValues',
  'getNotes',
  'setNotes',
  'appendRow',
  'getLastRow',
  'getLastColumn',
  'getMaxRows',
  'getMaxColumns',
  'getDataRange',
  'insertRows',
  'insertRowsAfter',
  'insertRowsBefore',
  'insertColumns',
  'insertColumnsAfter',
  'insertColumnsBefore',
  'deleteRow',
  'deleteRows',
  'deleteColumn',
  'deleteColumns',
  'clear',
  'clearContent',
  'flush',
  'insertSheet',
  'deleteSheet',
  'setNumberFormat',
  'setNumberFormats',
  'setFrozenRows',
  'protect',
  'getProtections',
  'addEditor',
  'addEditors',
  'removeEditor',
  'removeEditors',
  'getEditors',
  'findNext',
  'findPrevious',
  'findAll',
]);

/** Cost of one metered call, keyed "Service.method" (cost model version 3; see apps-script-facts.md). */
export function costOf(service: string, method: string): CallCost {
  const key = `${service}.${method}`;
  switch (key) {
    case 'SpreadsheetApp.openById':
    case 'SpreadsheetApp.openByUrl':
    case 'FormApp.openById':
    case 'FormApp.openByUrl':
      return { baseMs: 200 };
    case 'Range.getValue':
    case 'Range.setValue':
      return { baseMs: 2 };
    case 'Properties.getProperty':
    case 'Properties.getProperties':
    case 'Properties.getKeys':
      return { baseMs: 40 };
    case 'Properties.setProperty':
    case 'Properties.setProperties':
    case 'Properties.deleteProperty':
    case 'Properties.deleteAllProperties':
      return { baseMs: 75 };
    case 'Cache.get':
    case 'Cache.getAll':
      return { baseMs: 20 };
    case 'Cache.put':
    case 'Cache.putAll':
    case 'Cache.remove':
    case 'Cache.removeAll':
      return { baseMs: 100 };
    case 'Lock.tryLock':
    case 'Lock.waitLock':
      return { baseMs: 100 };
    case 'Lock.releaseLock':
      return { baseMs: 20 };
    case 'MailApp.sendEmail':
    case 'GmailApp.sendEmail':
      return { baseMs: 1000 };
    case 'MailApp.getRemainingDailyQuota':
      return { baseMs: 20 };
    case 'UrlFetchApp.fetch':
    case 'UrlFetchApp.fetchAll':
      return { baseMs: 400 };
    case 'TriggerBuilder.create':
      return { baseMs: 300 };
    case 'ScriptApp.getProjectTriggers':
    case 'ScriptApp.getUserTriggers':
      return { baseMs: 100 };
    case 'ScriptApp.deleteTrigger':
      return { baseMs: 200 };
    case 'HtmlService.createTemplate':
    case 'HtmlService.createTemplateFromFile':
    case 'HtmlTemplate.evaluate':
      return { baseMs: 25 };
    case 'HtmlService.createHtmlOutput':
    case 'HtmlService.createHtmlOutputFromFile':
      return { baseMs: 10 };
  }
  if (service === 'Sheets') return SHEETS_API;
  if (service === 'Form' || service === 'FormApp') return { baseMs: 200 };
  // A response already fetched (the trigger's event carries it; getResponses returns them): its getters read what was
  // fetched, as the item responses' do (10 ms); submitting or building a response is a round trip (200 ms).
  if (service === 'FormResponse') return method.startsWith('get') ? HANDLE_LOOKUP : { baseMs: 200 };
  // Getters on items and item responses already fetched; handles of services; HtmlOutput setters; other ScriptApp.
  if (
    service === 'Item' ||
    service === 'ItemResponse' ||
    service.endsWith('Item') ||
    service === 'PropertiesService' ||
    service === 'CacheService' ||
    service === 'LockService' ||
    service === 'Lock' ||
    service === 'HtmlOutput' ||
    service === 'ScriptApp' ||
    service === 'Trigger'
  ) {
    return HANDLE_LOOKUP;
  }
  if (
    service === 'Range' ||
    service === 'Sheet' ||
    service === 'Spreadsheet' ||
    service === 'SpreadsheetApp' ||
    service === 'Protection' ||
    service === 'TextFinder'
  ) {
    return SHEET_ROUND_TRIP_METHODS.has(method) ? SHEET_ROUND_TRIP : HANDLE_LOOKUP;
  }
  // Utilities, Session, Logger/console, CardService builders, trigger builders' setters: 1 ms.
  return { baseMs: 1 };
}

export interface MeteredCall {
  service: string;
  method: string;
  cellsRead?: number;
  cellsWritten?: number;
}

export function estimateMs(call: MeteredCall): number {
  const c = costOf(call.service, call.method);
  return c.baseMs + (call.cellsRead ?? 0) * (c.perCellReadMs ?? 0) + (call.cellsWritten ?? 0) * (c.perCellWrittenMs ?? 0);
}
