/**
 * "Set up / repair": creates the governed tabs or repairs them. Idempotent: over a healthy sheet it writes
 * nothing. Over a damaged one it repairs what it can (missing tabs, headers of empty tabs, missing optional
 * columns, empty on-demand columns (removed), an Audit tab in an earlier version's layout (audit-upgrade.ts), protections, the owner's admin role) and lists what it could not (a required column missing from a
 * tab that holds data — renamed? — or a column present twice), so an operator can fix those by hand.
 */
import { normalizeEmail } from '../../core';
import { ownerEmail } from '../auth';
import { SPREADSHEET_ID_PROPERTY, type AppContext } from '../context';
import { withLock } from '../lock';
import { bumpStamp } from '../plane/schema';
import { headerKey, readHeaders, type TabSpec } from '../sheet/table';
import { textCell } from '../sheet/values';
import { DirectoryStore } from '../store/directory';
import { recoverJournal } from '../store/journal';
import { ensureProtection } from './protect';
import { dropEmptyOnDemand, trimLine, trimTab } from './trim';
import { ADMIN_DESCRIPTION, AUDIT, DIRECTORY, GOVERNED_DESCRIPTION, TABS } from '../sheet/tabs';
import { upgradeAudit, upgradeLines } from './audit-upgrade';
import { upgradeIntakeLog } from './ledger-upgrade';
import { INTAKE_LOG } from '../intake/tabs';
import { ensureApprovalKey } from '../approvals/admin';

export interface SetupReport {
  /** Tabs created. */
  created: string[];
  /** What was repaired, one line each. */
  repaired: string[];
  /** What could not be repaired, one line each (plain English). */
  problems: string[];
  /** False when the sheet was already in order and nothing was written. */
  changed: boolean;
}

/** Who may edit the governed tabs, from the Directory: see docs/deploy.md, "Who may write". */
export function protectionEditors(
  owner: string,
  people: ReadonlyArray<{ email: string; roles: readonly string[] }>,
): { writers: string[]; admins: string[] } {
  const admins = [owner, ...people.filter((p) => p.roles.includes('admin')).map((p) => p.email)];
  const writers = [...admins, ...people.filter((p) => p.roles.includes('operator')).map((p) => p.email)];
  const tidy = (l: string[]) => [...new Set(l.map(normalizeEmail).filter((e) => e !== ''))].sort();
  return { writers: tidy(writers), admins: tidy(admins) };
}

/** Sets each protected tab's editors from the Directory; returns a line per protection it (re)applied. */
function applyProtections(ctx: AppContext, owner: string, dir: DirectoryStore | null): string[] {
  const who = protectionEditors(owner, dir?.list() ?? []);
  const lines: string[] = [];
  for (const spec of TABS) {
    if (!spec.protect) continue;
    const sheet = ctx.spreadsheet().getSheetByName(spec.name);
    if (!sheet) continue;
    const adminsOnly = spec.protect === 'admins';
    const done = ensureProtection(
      ctx.services.SpreadsheetApp,
      sheet,
      adminsOnly ? who.admins : who.writers,
      adminsOnly ? ADMIN_DESCRIPTION : GOVERNED_DESCRIPTION,
    );
    if (done === 'applied') lines.push(`${spec.name}: protected (${adminsOnly ? 'owner and admins' : 'owner, admins and operators'})`);
  }
  return lines;
}

/**
 * Brings the governed tabs' protections in step with the Directory's admins and operators (set-up does this
 * too). For the panel to call after it changes someone's roles, so a new operator can write from the sidebar
 * at once. Runs under the lock; the caller must be allowed to edit the protections (the owner or an admin).
 */
export function syncProtections(ctx: AppContext): string[] {
  return withLock(ctx, () => applyProtections(ctx, ownerEmail(ctx), new DirectoryStore(ctx)));
}

export function setUp(ctx: AppContext): SetupReport {
  const report = setUpLocked(ctx);
  // Tabs or headers changed: the data plane's cached schema is out of date (Directory writes bump it themselves).
  if (report.changed) bumpStamp(ctx);
  // After the lock: ensureKey takes the script lock itself (idempotent; writes only when no key exists).
  ensureApprovalKey(ctx);
  return report;
}

function setUpLocked(ctx: AppContext): SetupReport {
  return withLock(
    ctx,
    () => {
      const report: SetupReport = { created: [], repaired: [], problems: [], changed: false };
      const ss = ctx.spreadsheet();
      const healthy = new Set<string>();
      // An Audit tab written by an earlier version (22 columns) is rewritten compact first, every hash kept.
      const audit = ss.getSheetByName(AUDIT.name);
      const upgrade = audit ? upgradeAudit(audit) : null;
      if (upgrade?.problem) report.problems.push(upgrade.problem);
      else if (upgrade) report.repaired.push(...upgradeLines(upgrade));
      // An earlier version's Intake log: the columns that repeat the Requests row go (their cells kept in Note).
      const ledger = ss.getSheetByName(INTAKE_LOG.name);
      const shortened = ledger ? upgradeIntakeLog(ledger) : null;
      if (shortened)
        report.repaired.push(
          `${INTAKE_LOG.name}: removed the earlier columns that repeat the Requests row (${shortened.columns}); ${shortened.rows} row${shortened.rows === 1 ? '' : 's'} keep their cells in Note`,
        );
      for (const spec of TABS) if (ensureTab(ctx, spec, report)) healthy.add(spec.name);
      ctx.resetTables();

      // No owner (a shared drive): the admin running set-up stands in for it.
      const owner = ownerEmail(ctx) || normalizeEmail(ctx.services.Session.getEffectiveUser().getEmail() ?? '');
      let dir: DirectoryStore | null = null;
      if (healthy.has(DIRECTORY.name)) {
        dir = new DirectoryStore(ctx);
        if (owner && dir.ensureRole(owner, 'admin')) report.repaired.push(`Directory: ${owner} is an admin`);
      }
      report.repaired.push(...applyProtections(ctx, owner, dir));

      const props = ctx.services.PropertiesService.getScriptProperties();
      const id = ss.getId();
      if (props.getProperty(SPREADSHEET_ID_PROPERTY) !== id) {
        props.setProperty(SPREADSHEET_ID_PROPERTY, id);
        report.repaired.push('Remembered this spreadsheet for triggers and the web app');
      }
      if (report.problems.length === 0) {
        try {
          const replayed = recoverJournal(ctx);
          if (replayed) report.repaired.push(`Finished an interrupted change (${replayed.op})`);
        } catch (e) {
          report.problems.push(`An interrupted change could not be finished: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      report.changed = report.created.length > 0 || report.repaired.length > 0;
      return report;
    },
    { recover: false },
  );
}

/** Creates or repairs one tab; returns true when the tab is usable afterwards. */
function ensureTab(ctx: AppContext, spec: TabSpec, report: SetupReport): boolean {
  const ss = ctx.spreadsheet();
  let sheet = ss.getSheetByName(spec.name);
  // On-demand columns (Requests' continuation columns) are added by the writer that first needs one.
  const onDemand = new Set((spec.onDemand ?? []).map(headerKey));
  const all = [...spec.columns, ...(spec.optional ?? []).filter((c) => !onDemand.has(headerKey(c)))];
  if (!sheet) {
    sheet = ss.insertSheet(spec.name);
    sheet.getRange(1, 1, 1, all.length).setValues([all.map(textCell)]);
    sheet.setFrozenRows(1);
    if (spec.hidden) sheet.hideSheet();
    trimTab(sheet, all.length);
    report.created.push(spec.name);
    return true;
  }
  const headers = readHeaders(sheet);
  const keys = headers.map(headerKey);
  let ok = true;
  for (const c of all) {
    const n = keys.filter((k) => k === headerKey(c)).length;
    if (n > 1) {
      report.problems.push(`${spec.name}: the column "${c}" appears ${n} times; rename or remove the extra one.`);
      ok = false;
    }
  }
  const missing = all.filter((c) => !keys.includes(headerKey(c)));
  if (missing.length > 0) {
    const hasData = sheet.getLastRow() > 1;
    const required = missing.filter((c) => spec.columns.includes(c));
    if (hasData && required.length > 0) {
      for (const c of required) {
        report.problems.push(
          `${spec.name}: the required column "${c}" is missing and the tab holds data. If it was renamed, give it back its header "${c}"; otherwise add the column and fill it.`,
        );
      }
      ok = false;
    }
    const addable = hasData ? missing.filter((c) => !spec.columns.includes(c)) : missing;
    if (addable.length > 0) {
      sheet.getRange(1, headers.length + 1, 1, addable.length).setValues([addable.map(textCell)]);
      report.repaired.push(`${spec.name}: added column${addable.length > 1 ? 's' : ''} ${addable.map((c) => `"${c}"`).join(', ')}`);
    }
  }
  const dropped = dropEmptyOnDemand(sheet, spec);
  if (dropped) report.repaired.push(dropped);
  const trimmed = trimTab(sheet, readHeaders(sheet).length);
  if (trimmed > 0) report.repaired.push(trimLine(spec.name, trimmed));
  if (spec.hidden && !sheet.isSheetHidden()) {
    sheet.hideSheet();
    report.repaired.push(`${spec.name}: hidden`);
  }
  return ok;
}
