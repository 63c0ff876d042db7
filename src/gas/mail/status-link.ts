import type { Request } from '../../core';
import type { AppContext } from '../context';
import { signStatusToken } from '../approvals/status-token';

/**
 * The link requesters get in their emails: the web app's read-only status page for the request (requesters usually
 * cannot open the governed spreadsheet). Null when the web app is not deployed (callers fall back to the sheet URL).
 * `row`, when known, rides along unsigned as `r` (as on approval links): a hint the page checks on read, so the
 * page finds the row without its Index look-up; a wrong or stale one costs that look-up, never a wrong page.
 */
export function requesterStatusLink(ctx: AppContext, request: Request, webAppUrl: string, row: number | null = null): string | null {
  if (!webAppUrl || !request.requester) return null;
  const token = signStatusToken(ctx.services, { requestId: request.id, requester: request.requester, now: ctx.now() });
  return `${webAppUrl}${webAppUrl.includes('?') ? '&' : '?'}status=${encodeURIComponent(token)}${row ? `&r=${row}` : ''}`;
}
