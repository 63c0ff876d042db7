/** The timers' retry of the pending list. */
import type { AppContext } from '../context';
import { readLink } from './links';
import type { IntakeOutcome } from './outcome';
import { alertOperatorsOnce, parkError } from './park';
import { pendingIntake, pendingKey } from './pending';
import { liveItemIds, readResponse } from './read';
import type { RawResponse } from './stores';
import { processSafely } from './submit';

/** After this many failed attempts a pending response is parked in "Intake errors" instead of retried. */
export const MAX_PENDING_ATTEMPTS = 5;

export interface RetryResult {
  processed: IntakeOutcome[];
  stillPending: number;
  parked: number;
}

/**
 * For the timers: processes the responses left pending (lock busy, or a failure) since the last run, oldest
 * first, at most `max` per run and none started after `deadline` (epoch ms). Each is read again from its form
 * (the latest answers).
 */
export function retryPendingIntake(ctx: AppContext, opts: { max?: number; deadline?: number } = {}): RetryResult {
  const result: RetryResult = { processed: [], stillPending: 0, parked: 0 };
  const list = pendingIntake(ctx);
  const max = opts.max ?? 50;
  const props = ctx.services.PropertiesService.getScriptProperties();
  for (const [i, p] of list.entries()) {
    if (i >= max || (opts.deadline !== undefined && ctx.now() >= opts.deadline)) {
      result.stillPending++;
      continue;
    }
    let raw: RawResponse | null = null;
    try {
      const form = ctx.services.FormApp.openById(p.formId);
      raw = readResponse(p.formId, form.getResponse(p.responseId), readLink(ctx.services, p.formId));
      const outcome = processSafely(ctx, raw, () => liveItemIds(form));
      result.processed.push(outcome);
      if (outcome.status === 'pending') result.stillPending++;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const attempts = p.attempts + 1;
      if (attempts >= MAX_PENDING_ATTEMPTS || !raw) {
        const stub: RawResponse = raw ?? {
          formId: p.formId,
          responseId: p.responseId,
          respondentEmail: '',
          timestamp: p.since,
          editLink: '',
          answers: [],
        };
        try {
          parkError(
            ctx,
            stub,
            'failed',
            readLink(ctx.services, p.formId)?.workflowId ?? '',
            `Gave up after ${attempts} attempts: ${message}`,
          );
          props.deleteProperty(pendingKey(ctx, p.responseId));
          result.parked++;
          alertOperatorsOnce(ctx);
        } catch {
          result.stillPending++;
        }
      } else {
        props.setProperty(pendingKey(ctx, p.responseId), JSON.stringify({ ...p, attempts, lastError: message.slice(0, 500) }));
        result.stillPending++;
      }
    }
  }
  return result;
}
