/** "Intake errors": responses kept whole with the reason, and the operators' one alert. */
import { scopedKey, type AppContext } from '../context';
import { withLock } from '../lock';
import { DirectoryStore } from '../store/directory';
import type { IntakeOutcome, IntakeStatus } from './outcome';
import { IntakeErrors, type IntakeErrorKind, type RawResponse } from './stores';
import { ensureIntakeTabs } from './tabs';

/**
 * Keeps the raw response whole in "Intake errors" with the reason. One open row per response and kind: a second
 * delivery (or a re-process that fails again) updates that row instead of adding one.
 */
export function parkError(
  ctx: AppContext,
  raw: RawResponse,
  kind: IntakeErrorKind,
  workflow: string,
  reason: string,
  requestId = '',
): IntakeOutcome {
  ensureIntakeTabs(ctx);
  withLock(ctx, () => {
    const errors = new IntakeErrors(ctx);
    const open = errors.findOpen(raw.responseId, kind);
    const row = {
      received: ctx.now(),
      kind,
      status: 'open' as const,
      formId: raw.formId,
      responseId: raw.responseId,
      workflow,
      respondent: raw.respondentEmail,
      requestId,
      reason,
      resolved: null,
      raw,
    };
    if (open !== null) {
      const base = errors.table.readRow(open);
      errors.table.writeRow(open, errors.table.row(errors.toRecord(row), base));
    } else errors.append(row);
    ctx.services.SpreadsheetApp.flush();
  });
  const status: IntakeStatus = kind === 'unmappable' ? 'unmappable' : kind === 'failed' ? 'failed' : 'review';
  return { status, responseId: raw.responseId, ...(requestId ? { requestId } : {}), reason };
}

const alertedKey = (ctx: AppContext) => scopedKey(ctx, 'intake', 'alerted');

/**
 * Tells the operators once that responses wait in "Intake errors" (not once per response): the first open row
 * since the tab was last cleared sends one email; the flag is set under the lock so two executions cannot both
 * send; re-processing that leaves no open row clears it.
 */
export function alertOperatorsOnce(ctx: AppContext): boolean {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const claimed = withLock(ctx, () => {
    if (props.getProperty(alertedKey(ctx))) return false;
    props.setProperty(alertedKey(ctx), String(ctx.now()));
    return true;
  });
  if (!claimed) return false;
  try {
    const to = operatorEmails(ctx);
    if (!to.length) throw new Error('nobody to alert');
    const url = ctx.spreadsheet().getUrl();
    ctx.services.MailApp.sendEmail({
      to: to.join(','),
      subject: 'Handoff: form responses need attention',
      body: `Some form responses could not become requests (or were edited after their request moved on). They are kept whole in the "Intake errors" tab with the reason.\n\nFix the cause (for example the form's mapping: Handoff > Link a form > Connect existing form), then run Handoff > Re-process intake errors.\n\n${url}\n\nYou will not be emailed again until the tab has been cleared.`,
      name: 'Handoff',
    });
    return true;
  } catch {
    props.deleteProperty(alertedKey(ctx)); // not sent: the next error tries again
    return false;
  }
}

/** Operators from the Directory, else admins, else the spreadsheet's owner. */
function operatorEmails(ctx: AppContext): string[] {
  try {
    const list = new DirectoryStore(ctx).list();
    const ops = list.filter((p) => p.roles.includes('operator')).map((p) => p.email);
    if (ops.length) return ops;
    const admins = list.filter((p) => p.roles.includes('admin')).map((p) => p.email);
    if (admins.length) return admins;
  } catch {
    /* no Directory */
  }
  const owner = ctx.spreadsheet().getOwner()?.getEmail() ?? '';
  return owner ? [owner] : [];
}

export function clearAlertFlag(ctx: AppContext): void {
  ctx.services.PropertiesService.getScriptProperties().deleteProperty(alertedKey(ctx));
}
