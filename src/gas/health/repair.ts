/**
 * Repair, where the current user may: reinstall the timer or a trigger when they installed it, or take it over as
 * an admin (the new trigger runs as them). Otherwise the answer names who must act. The incident ends at once,
 * audited as "reinstalled by …"; if the new trigger does not run either, the record opens a new one.
 */
import type { AppContext } from '../context';
import { reinstallEditTrigger } from '../governance/install';
import { readLink, writeLink } from '../intake/links';
import { reinstallFormTrigger } from '../intake/triggers';
import { installedAsAddOn } from '../timers/state';
import { reinstallDispatcher } from '../timers/trigger';
import { mayRepair, type BannerCaller } from './banners';
import { evaluate, type HealthReport } from './evaluate';
import { reconcile } from './incidents';
import { snapshotFrom } from './records';

export interface RepairResult {
  ok: boolean;
  message: string;
  report: HealthReport;
}

export function repairTrigger(ctx: AppContext, caller: BannerCaller, key: string): RepairResult {
  const addOn = installedAsAddOn(ctx);
  const all = ctx.services.PropertiesService.getScriptProperties().getProperties() as Record<string, string>;
  const report = evaluate(snapshotFrom(ctx, all, addOn), ctx.now());
  const problem = report.problems.find((p) => p.key === key);
  if (!problem) return { ok: true, message: 'Nothing to repair: it is running (the health record shows no problem).', report };
  if (!mayRepair(problem, caller))
    return {
      ok: false,
      message: `Only ${problem.owner ? `${problem.owner}, who installed it, or ` : ''}a Handoff admin can repair this; nothing was changed.`,
      report,
    };
  let did: string;
  if (problem.kind === 'timer') {
    const rec = reinstallDispatcher(ctx);
    did = `Reinstalled the timer: it runs every ${rec.periodMinutes} minutes as ${rec.by || 'you'}.`;
  } else if (problem.kind === 'on-edit') {
    reinstallEditTrigger(ctx);
    did = 'Reinstalled the on-edit trigger: hand edits to Requests and Audit are checked again.';
  } else {
    const link = readLink(ctx.services, problem.subject);
    if (!link) return { ok: false, message: 'That form is no longer linked; nothing was changed.', report };
    const t = reinstallFormTrigger(ctx.services, link.formId, link);
    writeLink(ctx.services, { ...link, triggerId: t.triggerId, triggerOwner: t.owner, repairedAt: ctx.now() });
    did = `Reinstalled the trigger of form "${link.title || link.formId}": it runs as ${t.owner || 'you'}. Responses it missed were (or will be) taken by the timer's sweep.`;
  }
  const after = reconcile(ctx, 'repair', addOn);
  return { ok: true, message: did, report: after.report };
}
