/**
 * The links intake adds to the requester's emails (rendered by src/gas/mail): the request's status link on the
 * receipt, and the form's edit-response link wherever the requester has something to fix.
 */
import type { NotificationIntent, Request } from '../../core';
import type { AppContext } from '../context';
import { MissingTabError } from '../errors';
import { IntakeLog } from './stores';

/** The edit-response link of the form response behind a request, or null (not from a form, or unknown). */
export function formEditLink(ctx: AppContext, request: Request): string | null {
  if (request.channel !== 'form') return null;
  try {
    return new IntakeLog(ctx).findByRequest(request.id)?.editLink || null;
  } catch (e) {
    if (e instanceof MissingTabError) return null;
    throw e;
  }
}

export function requesterLinks(
  ctx: AppContext,
  intent: NotificationIntent,
  request: Request,
  statusLink: string | null,
): Array<{ label: string; url: string }> {
  // Every receipt links to the request's status page; the edit-response links are for form requests only.
  if (intent.kind === 'receipt' && request.channel !== 'form')
    return statusLink ? [{ label: `Follow ${request.id}`, url: statusLink }] : [];
  if (request.channel !== 'form' || (intent.kind !== 'receipt' && intent.kind !== 'needs_info')) return [];
  const out: Array<{ label: string; url: string }> = [];
  const edit = formEditLink(ctx, request);
  if (intent.kind === 'needs_info') {
    if (edit) out.push({ label: 'Fix your answers (edit your form response)', url: edit });
  } else {
    if (statusLink) out.push({ label: `Follow ${request.id}`, url: statusLink });
    if (edit) out.push({ label: 'Change your answers (edit your form response)', url: edit });
  }
  return out;
}
