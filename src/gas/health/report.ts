/**
 * handoffHealth() (admins; the Admin view shows it): the health record, made definitive where the caller can see
 * more. ScriptApp lists only the caller's own triggers, so for each trigger the caller installed it checks that the
 * trigger is still there (`found`); one that is gone opens an incident at once, without waiting for a missed run.
 * For another user's trigger `found` is null: only its runs tell.
 */
import type { AppContext } from '../context';
import { FORM_SUBMIT_HANDLER } from '../intake/triggers';
import { ON_EDIT_HANDLER } from '../governance/install';
import { DISPATCHER_HANDLER, installedAsAddOn } from '../timers/state';
import { bannersFor, type Banner, type BannerCaller } from './banners';
import { formKey, type EditHealth, type FormHealth, type Problem, type TimerHealth } from './evaluate';
import { reconcile } from './incidents';
import type { Incident } from './records';

export interface HealthView {
  now: number;
  timer: TimerHealth & { found: boolean | null };
  forms: Array<FormHealth & { trigger: FormHealth['trigger'] & { found: boolean | null } }>;
  onEdit: EditHealth & { found: boolean | null };
  incidents: Array<Incident & { status: 'open' | 'ended' }>;
  banners: Banner[];
}

export function healthReport(ctx: AppContext, caller: BannerCaller): HealthView {
  const me = (() => {
    try {
      return (ctx.services.Session.getEffectiveUser().getEmail() ?? '').toLowerCase();
    } catch {
      return '';
    }
  })();
  const mine = ctx.services.ScriptApp.getProjectTriggers().map((t) => ({
    id: t.getUniqueId(),
    handler: t.getHandlerFunction(),
  }));
  const has = (id: string | null, handler: string) => !!id && mine.some((t) => t.id === id && t.handler === handler);
  const seen = (owner: string | null, id: string | null, handler: string): boolean | null =>
    owner && me && owner.toLowerCase() === me ? has(id, handler) : null;

  const addOn = installedAsAddOn(ctx);
  // First pass: what the record says; then the live checks, which may open incidents.
  let r = reconcile(ctx, 'health', addOn).report;
  const gone: Problem[] = [];
  const timerFound = seen(r.timer.installedBy, r.timer.triggerId, DISPATCHER_HANDLER);
  if (timerFound === false)
    gone.push({
      key: 'timer',
      kind: 'timer',
      subject: '',
      title: `The timer trigger ${r.timer.installedBy} installed is gone from their triggers: reminders, escalations, digests and emails stop.`,
      since: r.timer.lastRun,
      owner: r.timer.installedBy,
    });
  const formFound = new Map<string, boolean | null>();
  for (const f of r.forms) {
    const found = seen(f.trigger.owner, f.trigger.id, FORM_SUBMIT_HANDLER);
    formFound.set(f.formId, found);
    if (found === false)
      gone.push({
        key: formKey(f.formId),
        kind: 'form-submit',
        subject: f.formId,
        title: `The trigger of form "${f.title || f.formId}" is gone from ${f.trigger.owner}'s triggers: its responses reach Handoff only through the timer's sweep.`,
        since: f.trigger.lastRun,
        owner: f.trigger.owner,
      });
  }
  const editFound = seen(r.onEdit.installedBy, r.onEdit.triggerId, ON_EDIT_HANDLER);
  if (editFound === false)
    gone.push({
      key: 'on-edit',
      kind: 'on-edit',
      subject: '',
      title: `The on-edit trigger ${r.onEdit.installedBy} installed is gone: hand edits to the Requests and Audit tabs are no longer undone.`,
      since: r.onEdit.lastRun,
      owner: r.onEdit.installedBy,
    });
  if (gone.length) r = reconcile(ctx, 'health', addOn, gone).report;
  return {
    now: r.now,
    timer: { ...r.timer, found: timerFound },
    forms: r.forms.map((f) => ({ ...f, trigger: { ...f.trigger, found: formFound.get(f.formId) ?? null } })),
    onEdit: { ...r.onEdit, found: editFound },
    incidents: [
      ...r.incidents.open.map((i) => ({ ...i, status: 'open' as const })),
      ...r.incidents.closed.map((i) => ({ ...i, status: 'ended' as const })),
    ],
    banners: bannersFor(r, caller),
  };
}
