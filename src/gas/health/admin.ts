/** handoffHealth() as a top-level function (admins only; the panel's Admin view calls handoffPanelHealth). */
import { requireAdmin } from '../auth';
import type { AppContext } from '../context';
import { healthReport, type HealthView } from './report';

export function healthAsAdmin(ctx: AppContext): HealthView {
  const actor = requireAdmin(ctx, 'handoffHealth');
  return healthReport(ctx, { email: actor.email, admin: true });
}
