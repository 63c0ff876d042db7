/**
 * An order-of-magnitude model of Apps Script wall time, from published measurements
 * (see ../shared/apps-script-facts.md, "A cost model"). Used by `npm run bench` to turn metered
 * call counts into an estimate, and optionally by the local Workspace to advance simulated time.
 */
export const COST_MODEL_VERSION = 'handoff-cost-model/2 (2026-11, from apps-script-facts.md; handle lookups 10 ms)';

export interface CallCost {
  /** Fixed milliseconds per call. */
  baseMs: number;
  /** Extra milliseconds per cell read / written (SpreadsheetApp ranges). */
  perCellReadMs?: number;
  perCellWrittenMs?: number;
}

export const EXECUTION_START_MS = 1500;
export const PLAIN_JS_FACTOR = 3;

const SHEET_ROUND_TRIP: CallCost = { baseMs: 150, perCellReadMs: 0.01, perCellWrittenMs: 0.05 };
/**
 * Calls that only hand back an object or a property Apps Script already holds (getSheetByName, getRange, getId…)
 * are not data round trips in the facts table; they are charged a guessed 10 ms.
 */
const HANDLE_LOOKUP: CallCost = { baseMs: 10 };

/** The SpreadsheetApp calls the facts table measures as round trips (reads, writes, size queries, flush). */
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
]);

/** Cost of one metered call, keyed "Service.method". SpreadsheetApp data round trips 150 ms, handle lookups 10 ms, unknown others 1 ms. */
export function costOf(service: string, method: string): CallCost {
  const key = `${service}.${method}`;
  switch (key) {
    case 'SpreadsheetApp.openById':
    case 'SpreadsheetApp.openByUrl':
    case 'FormApp.openById':
      return { baseMs: 200 };
    case 'Range.getValue':
    case 'Range.setValue':
      return { baseMs: 2 };
    case 'PropertiesService.getProperty':
    case 'Properties.getProperty':
    case 'Properties.getProperties':
      return { baseMs: 40 };
    case 'Properties.setProperty':
    case 'Properties.setProperties':
    case 'Properties.deleteProperty':
      return { baseMs: 75 };
    case 'Cache.get':
    case 'Cache.getAll':
      return { baseMs: 20 };
    case 'Cache.put':
    case 'Cache.putAll':
    case 'Cache.remove':
      return { baseMs: 100 };
    case 'MailApp.sendEmail':
    case 'GmailApp.sendEmail':
      return { baseMs: 1000 };
    case 'UrlFetchApp.fetch':
      return { baseMs: 400 };
  }
  if (
    service === 'Lock' ||
    service === 'LockService' ||
    service === 'FormApp' ||
    service === 'Form' ||
    service === 'ScriptApp' ||
    service === 'TriggerBuilder'
  ) {
    return { baseMs: 200 };
  }
  if (service === 'Range' || service === 'Sheet' || service === 'Spreadsheet' || service === 'SpreadsheetApp' || service === 'Protection') {
    return SHEET_ROUND_TRIP_METHODS.has(method) ? SHEET_ROUND_TRIP : HANDLE_LOOKUP;
  }
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
