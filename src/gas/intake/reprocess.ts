/** Re-processing "Intake errors" (menu): after the cause is fixed, each open row is processed again. */
import type { AppContext } from '../context';
import { withLock } from '../lock';
import type { IntakeOutcome } from './outcome';
import { clearAlertFlag } from './park';
import { liveItemIds, readResponse } from './read';
import { IntakeErrors, type RawResponse } from './stores';
import { processSafely } from './submit';
import { ensureIntakeTabs } from './tabs';

export interface ReprocessResult {
  reprocessed: IntakeOutcome[];
  stillOpen: number;
}

/** Re-processes every open unmappable/failed row from its stored raw response (the form's mapping may have been fixed). */
export function reprocessIntakeErrors(ctx: AppContext): ReprocessResult {
  ensureIntakeTabs(ctx);
  const errors = new IntakeErrors(ctx);
  const rows = errors.readAll().filter((r) => r.status === 'open' && (r.kind === 'unmappable' || r.kind === 'failed') && r.raw);
  const result: ReprocessResult = { reprocessed: [], stillOpen: 0 };
  const forms = new Map<string, Set<number> | null>();
  const liveFor = (raw: RawResponse) => () => {
    if (!forms.has(raw.formId)) {
      try {
        forms.set(raw.formId, liveItemIds(ctx.services.FormApp.openById(raw.formId)));
      } catch {
        forms.set(raw.formId, null); // the form is gone: judge by the answers kept
      }
    }
    return forms.get(raw.formId) ?? new Set(raw.answers.map((a) => a.itemId));
  };
  for (const row of rows) {
    let raw = row.raw as RawResponse;
    if (raw.answers.length === 0) {
      // Parked before its answers could be read: read them from the form now.
      try {
        raw = readResponse(raw.formId, ctx.services.FormApp.openById(raw.formId).getResponse(raw.responseId));
      } catch {
        result.stillOpen++;
        continue;
      }
    }
    const outcome = processSafely(ctx, raw, liveFor(raw));
    if (
      outcome.status === 'created' ||
      outcome.status === 'duplicate' ||
      outcome.status === 'updated' ||
      outcome.status === 'resubmitted'
    ) {
      withLock(ctx, () =>
        errors.update({
          ...row,
          status: 'reprocessed',
          requestId: outcome.requestId ?? '',
          resolved: ctx.now(),
          reason: `${row.reason} — Re-processed: ${outcome.requestId ?? ''}`,
        }),
      );
      result.reprocessed.push(outcome);
    } else result.stillOpen++;
  }
  if (errors.openCount() === 0) clearAlertFlag(ctx);
  return result;
}
