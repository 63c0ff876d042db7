import type { AppContext } from '../context';
import { requireAdmin } from '../auth';
import { rotateKey, ensureKey } from './keys';

/** Menu: rotate the approval-link key (admins only). Every link sent before stops working, with a clear message. */
export function rotateApprovalKeyAsAdmin(ctx: AppContext): string {
  requireAdmin(ctx, 'handoffRotateApprovalKey');
  const r = rotateKey(ctx.services, ctx.now());
  return r.previous
    ? 'The approval-link key was rotated. Links in approval emails sent before now no longer work; people who open one are told so. New approval emails carry working links.'
    : 'An approval-link key was created.';
}

/** Set-up: make sure the signing key exists (idempotent). */
export function ensureApprovalKey(ctx: AppContext): void {
  ensureKey(ctx.services, ctx.now());
}
