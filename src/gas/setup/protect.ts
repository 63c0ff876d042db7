/**
 * Protects a governed tab so only the given editors (and the spreadsheet's owner, whom Sheets always allows)
 * may edit it. Idempotent: an existing Handoff protection (found by GOVERNED_PREFIX) with the right description
 * and editors is left alone (no writes), otherwise it is (re)applied.
 */
import { normalizeEmail } from '../../core';
import { GOVERNED_DESCRIPTION, GOVERNED_PREFIX } from '../sheet/tabs';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export function ensureProtection(
  app: GoogleAppsScript.Spreadsheet.SpreadsheetApp,
  sheet: Sheet,
  editors: readonly string[],
  description: string = GOVERNED_DESCRIPTION,
): 'ok' | 'applied' {
  const wanted = [...new Set(editors.map(normalizeEmail).filter((e) => e !== ''))].sort();
  const existing = sheet.getProtections(app.ProtectionType.SHEET);
  const ours = existing.find((p) => p.getDescription().startsWith(GOVERNED_PREFIX)) ?? null;
  if (ours) {
    const have = ours
      .getEditors()
      .map((u) => normalizeEmail(u.getEmail()))
      .sort();
    if (ours.getDescription() === description && !ours.canDomainEdit() && !ours.isWarningOnly() && sameSet(have, wanted)) return 'ok';
  }
  const p = ours ?? sheet.protect();
  if (p.getDescription() !== description) p.setDescription(description);
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
