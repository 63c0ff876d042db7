/** Shows the set-up report to the person who ran it (an alert when a UI is available), and returns it. */
import type { AppContext } from '../context';
import type { SetupReport } from './setup';

export function reportText(r: SetupReport): string {
  const lines: string[] = [];
  if (!r.changed && r.problems.length === 0) lines.push('Everything is in order; nothing was changed.');
  if (r.created.length) lines.push(`Created: ${r.created.join(', ')}.`);
  for (const x of r.repaired) lines.push(`Repaired: ${x}.`);
  if (r.problems.length)
    lines.push('', 'Could not repair (please fix by hand, then run Set up / repair again):', ...r.problems.map((p) => `• ${p}`));
  return lines.join('\n');
}

export function showSetupReport(ctx: AppContext, r: SetupReport): SetupReport {
  try {
    ctx.services.SpreadsheetApp.getUi().alert('Handoff: set up / repair', reportText(r), ctx.services.SpreadsheetApp.getUi().ButtonSet.OK);
  } catch {
    // No UI (run from a trigger or the editor): the report is returned.
  }
  return r;
}
