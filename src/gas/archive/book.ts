/**
 * One archive spreadsheet: "Handoff archive 2026". It holds the Requests and Audit rows moved out of the live
 * workbook, with the live tabs' headers, each tab protected so only the owner may edit it. Created by the owner's
 * run (the timer runs as the person who installed it), so the owner owns it.
 * Opening an archive checks it is still there, still reachable, and still has its name: an archive that was
 * deleted, renamed or is no longer shared with the owner stops the move with a clear error before anything is
 * removed from the live tabs.
 */
import { normalizeEmail } from '../../core';
import { ownerEmail } from '../auth';
import type { AppContext } from '../context';
import { HandoffError } from '../errors';
import { ensureProtection } from '../setup/protect';
import { DirectoryStore } from '../store/directory';
import { AUDIT, OUTBOX, REQUESTS } from '../sheet/tabs';
import { headerKey, readHeaders, Table, type TabSpec } from '../sheet/table';
import { textCell } from '../sheet/values';
import type { ArchiveLink } from './registry';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export const ARCHIVE_TABS: readonly TabSpec[] = [REQUESTS, AUDIT, OUTBOX];
/** The tabs an archive must still have to be used (an Outbox tab missing from an older archive is added). */
const REQUIRED_TABS: readonly TabSpec[] = [REQUESTS, AUDIT];
export const ARCHIVE_PROTECTION = 'Handoff: governed archive (only the owner may edit; rows are moved here by Handoff)';

export class ArchiveUnavailableError extends HandoffError {
  constructor(message: string) {
    super('not_found', message);
    this.name = 'ArchiveUnavailableError';
  }
}

/** Opens a linked archive, or throws ArchiveUnavailableError naming what is wrong. */
export function openArchive(ctx: AppContext, link: Pick<ArchiveLink, 'id' | 'name'>): Spreadsheet {
  let ss: Spreadsheet;
  try {
    ss = ctx.services.SpreadsheetApp.openById(link.id);
  } catch {
    throw new ArchiveUnavailableError(
      `The archive "${link.name}" (${link.id}) cannot be opened: it was deleted or is no longer shared with the owner. Restore it or share it back with the owner. Nothing was removed from the live tabs.`,
    );
  }
  const name = ss.getName();
  if (name !== link.name)
    throw new ArchiveUnavailableError(
      `The archive "${link.name}" (${link.id}) was renamed to "${name}": give it back its name "${link.name}". Nothing was removed from the live tabs.`,
    );
  for (const spec of REQUIRED_TABS)
    if (!ss.getSheetByName(spec.name))
      throw new ArchiveUnavailableError(
        `The archive "${link.name}" (${link.id}) has no "${spec.name}" tab any more. Nothing was removed from the live tabs.`,
      );
  return ss;
}

/** Creates an archive spreadsheet with the live tabs' headers, trimmed to them, protected for the owner alone. */
export function createArchive(ctx: AppContext, name: string): Spreadsheet {
  const owner = ownerEmail(ctx);
  const me = normalizeEmail(ctx.services.Session.getEffectiveUser().getEmail() ?? '');
  if (owner && me && me !== owner)
    throw new HandoffError(
      'refused',
      `A new archive must be created by the spreadsheet's owner (${owner}) so that the owner owns it; this run is ${me}. Install the timers as the owner.`,
    );
  const app = ctx.services.SpreadsheetApp;
  const ss = app.create(name, 2, 1);
  const first = ss.getSheets()[0]!;
  ARCHIVE_TABS.forEach((spec, i) => {
    const live = ctx.sheet(spec.name);
    addTab(app, ss, spec, live ? readHeaders(live) : [...spec.columns], owner, i === 0 ? first : null);
  });
  shareWithOperators(ctx, ss);
  return ss;
}

/**
 * Operators and admins can read the archives: they are added as viewers (the protections keep every write to the
 * owner), so the panel's lookup by id, which opens the archive as the person using the sidebar, works for them.
 * Requesters and approvers are not: a requester reads an archived request on its status page (the web app runs as
 * the owner). Run when the archive is made and after each batch, so people given the role since are added; nobody
 * is removed. Cost: one read of the Directory, 2 metadata calls, plus one call per person added.
 */
export function shareWithOperators(ctx: AppContext, ss: Spreadsheet): void {
  try {
    const wanted = new DirectoryStore(ctx)
      .list()
      .filter((p) => p.roles.includes('operator') || p.roles.includes('admin'))
      .map((p) => normalizeEmail(p.email))
      .filter((e) => e !== '');
    const emails = (users: GoogleAppsScript.Base.User[]) => users.map((u) => normalizeEmail(u.getEmail() ?? ''));
    const have = new Set([...emails(ss.getEditors()), ...emails(ss.getViewers())]);
    for (const e of new Set(wanted)) if (!have.has(e)) ss.addViewer(e);
  } catch {
    // Sharing is a convenience for lookups; the move never depends on it.
  }
}

/** One archive tab: the live tab's headers, trimmed to them, protected for the owner alone. */
function addTab(
  app: GoogleAppsScript.Spreadsheet.SpreadsheetApp,
  ss: Spreadsheet,
  spec: TabSpec,
  headers: readonly string[],
  owner: string,
  reuse: GoogleAppsScript.Spreadsheet.Sheet | null = null,
): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = reuse ? reuse.setName(spec.name) : ss.insertSheet(spec.name);
  fitGrid(sheet, 2, headers.length); // the header and one empty row: Sheets cannot freeze every row
  sheet.getRange(1, 1, 1, headers.length).setValues([headers.map(textCell)]);
  sheet.setFrozenRows(1);
  ensureProtection(app, sheet, owner ? [owner] : [], ARCHIVE_PROTECTION);
  return sheet;
}

/** Makes a sheet exactly rows × columns (no spare cells: Sheets counts empty cells against the limit). */
export function fitGrid(sheet: GoogleAppsScript.Spreadsheet.Sheet, rows: number, columns: number): void {
  const maxR = sheet.getMaxRows();
  const maxC = sheet.getMaxColumns();
  if (maxC > columns) sheet.deleteColumns(columns + 1, maxC - columns);
  else if (maxC < columns) sheet.insertColumnsAfter(maxC, columns - maxC);
  if (maxR > rows) sheet.deleteRows(rows + 1, maxR - rows);
  else if (maxR < rows) sheet.insertRowsAfter(maxR, rows - maxR);
}

/** An archive tab as a Table, with every header the live tab has (added at the end when the live tab grew one). */
export function archiveTable(ss: Spreadsheet, spec: TabSpec, liveHeaders: readonly string[], ctx?: AppContext): Table {
  const sheet = ss.getSheetByName(spec.name) ?? (ctx ? addTab(ctx.services.SpreadsheetApp, ss, spec, liveHeaders, ownerEmail(ctx)) : null);
  if (!sheet)
    throw new ArchiveUnavailableError(`The archive "${ss.getName()}" has no "${spec.name}" tab. Nothing was removed from the live tabs.`);
  const have = readHeaders(sheet);
  const keys = new Set(have.map(headerKey));
  const add = liveHeaders.filter((h) => h.trim() !== '' && !keys.has(headerKey(h)));
  if (add.length > 0) {
    const at = have.length + 1;
    if (sheet.getMaxColumns() < have.length + add.length)
      sheet.insertColumnsAfter(sheet.getMaxColumns(), have.length + add.length - sheet.getMaxColumns());
    sheet.getRange(1, at, 1, add.length).setValues([add.map(textCell)]);
    return Table.fromSheet(sheet, spec, [...have, ...add]);
  }
  return Table.fromSheet(sheet, spec, have);
}

/** Cells a spreadsheet holds: every tab's rows × columns (2 metadata calls per tab). */
export function cellsOfSpreadsheet(ss: Spreadsheet): number {
  return ss.getSheets().reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0);
}
