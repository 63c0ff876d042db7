/**
 * Exactly one form-submit trigger per linked form. A Handoff trigger is identified by its handler name AND the
 * trigger id stored with the link; Handoff never deletes a trigger it did not create (other tools' triggers,
 * even on the same form, are left alone).
 */
import type { Services } from '../services';

/** The top-level function in dist/Code.js that form-submit triggers call (an export of src/main.ts). */
export const FORM_SUBMIT_HANDLER = 'handoffOnFormSubmit';

type Trig = GoogleAppsScript.Script.Trigger;

export interface TriggerOutcome {
  triggerId: string;
  owner: string;
  /** 'kept': the stored trigger is there; 'adopted': an unrecorded Handoff trigger for this form was found; 'created'. */
  action: 'kept' | 'adopted' | 'created';
}

function isOurs(t: Trig, formId: string): boolean {
  return (
    t.getHandlerFunction() === FORM_SUBMIT_HANDLER && t.getTriggerSourceId() === formId && String(t.getEventType()) === 'ON_FORM_SUBMIT'
  );
}

/**
 * Makes sure the form has Handoff's form-submit trigger, creating it only when none is found.
 * `stored` is the trigger id kept with the link (null on first link). ScriptApp only lists the current user's
 * triggers: when the stored trigger belongs to someone else, it is kept as is (it still runs as its owner).
 */
export function ensureFormTrigger(
  s: Pick<Services, 'ScriptApp' | 'Session'>,
  formId: string,
  stored: { triggerId: string | null; triggerOwner: string | null },
): TriggerOutcome {
  const me = (s.Session.getEffectiveUser().getEmail() || '').toLowerCase();
  if (stored.triggerId && stored.triggerOwner && stored.triggerOwner.toLowerCase() !== me) {
    return { triggerId: stored.triggerId, owner: stored.triggerOwner, action: 'kept' };
  }
  const mine = s.ScriptApp.getProjectTriggers();
  const byId = stored.triggerId ? mine.find((t) => t.getUniqueId() === stored.triggerId && isOurs(t, formId)) : undefined;
  if (byId) return { triggerId: byId.getUniqueId(), owner: me, action: 'kept' };
  const found = mine.find((t) => isOurs(t, formId));
  if (found) return { triggerId: found.getUniqueId(), owner: me, action: 'adopted' };
  const t = s.ScriptApp.newTrigger(FORM_SUBMIT_HANDLER).forForm(formId).onFormSubmit().create();
  return { triggerId: t.getUniqueId(), owner: me, action: 'created' };
}

/**
 * Repair of a form whose trigger stopped (src/gas/health/repair.ts): a new form-submit trigger that runs as the
 * current user; the stored one is deleted when the current user can see it (listed but not firing). Another user's
 * is invisible here; if it ever fires again, intake's ledger keeps each response to one request.
 */
export function reinstallFormTrigger(
  s: Pick<Services, 'ScriptApp' | 'Session'>,
  formId: string,
  stored: { triggerId: string | null },
): TriggerOutcome {
  const me = (s.Session.getEffectiveUser().getEmail() || '').toLowerCase();
  const old = stored.triggerId
    ? s.ScriptApp.getProjectTriggers().find((t) => t.getUniqueId() === stored.triggerId && isOurs(t, formId))
    : undefined;
  const t = s.ScriptApp.newTrigger(FORM_SUBMIT_HANDLER).forForm(formId).onFormSubmit().create();
  if (old) s.ScriptApp.deleteTrigger(old);
  return { triggerId: t.getUniqueId(), owner: me, action: 'created' };
}
