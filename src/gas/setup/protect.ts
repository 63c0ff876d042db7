/**
 * Protects a governed tab so only the script's owner and the admins may edit it. Idempotent: an existing
 * Handoff protection with the right editors is left alone (no writes), otherwise it is (re)applied.
 */
import { normalizeEmail } from '../../core';
import { GOVERNED_DESCRIPTION } from './tabs';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export function ensureProtection(app: GoogleAppsScript.Spreadsheet.SpreadsheetApp, sheet: Sheet, editors: readonly string[]): 'ok' | 'applied' {
  const wanted = [...new Set(editors.map(normalizeEmail).filter((e) => e !== ''))].sort();
  const existing = sheet.getProtections(app.ProtectionType.SHEET);
  const ours = existing.find((p) => p.getDescription() === GOVERNED_DESCRIPTION) ?? null;
  if (ours) {
    const have = ours.getEditors().map((u) => normalizeEmail(u.getEmail())).sort();
    if (!ours.canDomainEdit() && !ours.isWarningOnly() && sameSet(have, wanted)) return 'ok';
  }
  const p = ours ?? sheet.protect();
  p.setDescription(GOVERNED_DESCRIPTION);
  p.setWarningOnly(false);
  const current = p.getEditors().map((u) => normalizeEmail(u.getEmail()));
  const remove = current.filter((e) => !wanted.includes(e));
  if (remove.length) p.removeEditors(remove);
  const add = wanted.filter((e) => !current.includes(e));
  if (add.length) p.addEditors(add);
  if (p.canDomainEdit()) p.setDomainEdit(false);
  return 'applied';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  // The owner is always an editor in Sheets even when not asked for; compare on what we asked for.
  return b.every((x) => a.includes(x)) && a.every((x) => b.includes(x));
}
