/**
 * Intake's tabs on the governed Sheet. Created on first use (linking a form, or the first submission), under
 * the lock, so set-up need not know about them.
 *   - "Intake log" (hidden): one row per form response processed — the response id → request id ledger that
 *     makes intake idempotent (the form-submit trigger may fire twice) and lets edits find their request, with the
 *     response's edit link (the requester's emails offer it) and a note for admins (answers not stored, taken by the
 *     sweep). The request's times and state live in its Requests row, so the ledger does not repeat them; its rows
 *     move to the yearly archive with their request (docs/archives.md, "The Intake log").
 *   - "Intake errors": responses that could not become a request (whole, with the reason), and edits that
 *     arrived after the request moved on (for an operator to review). Re-processable from the menu.
 */
import type { AppContext } from '../context';
import { bumpStamp } from '../plane/schema';
import { withLock } from '../lock';
import type { TabSpec } from '../sheet/table';
import { textCell } from '../sheet/values';
import { trimTab } from '../setup/trim';

/** Continuation columns of the raw response past the 50,000-character cell limit. */
export const RAW_PARTS = 5;
export const rawColumn = (part: number): string => (part <= 1 ? 'Raw response' : `Raw response (${part})`);

export const INTAKE_LOG: TabSpec = {
  name: 'Intake log',
  columns: ['Response ID', 'Request', 'Edit link', 'Note'],
  hidden: true,
};

/** Columns earlier versions' Intake log had (they repeat the Requests row); set-up's repair folds them into Note. */
export const OLD_INTAKE_LOG_ONLY = ['Form', 'Received', 'Updated', 'Status'] as const;

export const INTAKE_ERRORS: TabSpec = {
  name: 'Intake errors',
  columns: [
    'Received',
    'Kind',
    'Status',
    'Form',
    'Response ID',
    'Workflow',
    'Respondent',
    'Request',
    'Reason',
    'Resolved',
    ...Array.from({ length: RAW_PARTS }, (_, i) => rawColumn(i + 1)),
  ],
};

export const INTAKE_TABS: readonly TabSpec[] = [INTAKE_LOG, INTAKE_ERRORS];

/** Creates the intake tabs that are missing (two reads when both exist). Returns the names created. */
export function ensureIntakeTabs(ctx: AppContext): string[] {
  const ss = ctx.spreadsheet();
  const missing = INTAKE_TABS.filter((spec) => !ss.getSheetByName(spec.name));
  if (missing.length === 0) return [];
  return withLock(ctx, () => {
    const created: string[] = [];
    for (const spec of INTAKE_TABS) {
      if (ss.getSheetByName(spec.name)) continue;
      const sheet = ss.insertSheet(spec.name);
      sheet.getRange(1, 1, 1, spec.columns.length).setValues([spec.columns.map(textCell)]);
      sheet.setFrozenRows(1);
      if (spec.hidden) sheet.hideSheet();
      trimTab(sheet, spec.columns.length);
      created.push(spec.name);
    }
    ctx.resetTables();
    if (created.length) bumpStamp(ctx); // the data plane's schema learns the new tabs
    return created;
  });
}
