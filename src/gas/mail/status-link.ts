import type { Request } from '../../core';
import type { AppContext } from '../context';
import { signStatusToken } from '../approvals/status-token';

/**
 * The link requesters get in their emails: the web app's read-only status page for the request (requesters usually
 * cannot open the governed spreadsheet). Null when the web app is not deployed (callers fall back to the sheet URL).
 */
export function requesterStatusLink(ctx: AppContext, request: Request, webAppUrl: string): string | null {
  if (!webAppUrl || !request.requester) return null;
  const token = signStatusToken(ctx.services, { requestId: request.id, requester: request.requester, now: ctx.now() });
  return `${webAppUrl}${webAppUrl.includes('?') ? '&' : '?'}status=${encodeURIComponent(token)}`;
}
