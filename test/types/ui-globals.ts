/**
 * Type-level test of tsconfig.ui.json: the sidebar runs in a browser, so Apps Script's and Node's globals are not
 * there. Each @ts-expect-error line MUST be a compile error (`npm run typecheck`); nothing here runs.
 */
export function globals(): unknown[] {
  return [
    // @ts-expect-error Apps Script's services exist only on the server
    SpreadsheetApp,
    // @ts-expect-error nor its type namespace
    null as unknown as GoogleAppsScript.Spreadsheet.Sheet,
    // @ts-expect-error Node's process is not in a browser
    process,
    // @ts-expect-error nor Node's require
    require,
    // the DOM is
    document.title,
  ];
}
