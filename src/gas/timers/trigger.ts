/**
 * The ONE dispatcher trigger. Handoff recognises its trigger by handler name AND the trigger id it stored when
 * it created it; it never deletes or changes a trigger it did not create (deleting "all project triggers" would
 * take other tools' triggers with it). Installing is idempotent: with a live trigger it writes nothing.
 *   - ScriptApp lists only the current user's triggers. When another user installed the dispatcher, their
 *     trigger is invisible here: we report it and do not create a second one.
 *   - A trigger with our handler name but not our stored id (properties were reset, or someone added it by
 *     hand) is adopted rather than duplicated.
 */
import type { AppContext } from '../context';
import { ALLOWED_PERIODS, DISPATCHER_HANDLER, effectivePeriod, installedAsAddOn, readState, writeState, type TriggerRecord } from './state';

type Trigger = GoogleAppsScript.Script.Trigger;

export interface DispatcherStatus {
  installed: boolean;
  /** The trigger is in the current user's list (we can see and manage it). */
  visible: boolean;
  triggerId: string | null;
  installedBy: string | null;
  periodMinutes: number;
  addOn: boolean;
  paused: { by: string; at: number } | null;
  /** Plain English, one line each. */
  notes: string[];
}

function ours(ctx: AppContext): Trigger[] {
  return ctx.services.ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === DISPATCHER_HANDLER);
}

function me(ctx: AppContext): string {
  try {
    return (ctx.services.Session.getEffectiveUser().getEmail() ?? '').toLowerCase();
  } catch {
    return '';
  }
}

function create(ctx: AppContext, period: number): Trigger {
  const b = ctx.services.ScriptApp.newTrigger(DISPATCHER_HANDLER).timeBased();
  return (period >= 60 ? b.everyHours(Math.round(period / 60)) : b.everyMinutes(period)).create();
}

export interface InstallResult {
  action: 'created' | 'kept' | 'adopted' | 'replaced' | 'elsewhere';
  status: DispatcherStatus;
}

/**
 * Makes sure exactly one dispatcher trigger exists at the configured period. `repairOnly`: only create one when
 * none is known (what opening the sheet does) — never replace one.
 */
export function installDispatcher(ctx: AppContext, opts: { periodMinutes?: number; repairOnly?: boolean } = {}): InstallResult {
  const state = readState(ctx);
  const addOn = installedAsAddOn(ctx);
  if (opts.periodMinutes !== undefined) {
    if (!(ALLOWED_PERIODS as readonly number[]).includes(opts.periodMinutes)) {
      throw new RangeError(`The timer period must be one of ${ALLOWED_PERIODS.join(', ')} minutes; got ${opts.periodMinutes}.`);
    }
    state.config = { ...state.config, periodMinutes: opts.periodMinutes };
    writeState(ctx, 'config', state.config);
  }
  const period = effectivePeriod(state.config, addOn);
  const mine = ours(ctx);
  const user = me(ctx);
  const stored = state.trigger;
  const match = stored ? mine.find((t) => t.getUniqueId() === stored.id) : undefined;
  const record = (t: Trigger): TriggerRecord => ({ id: t.getUniqueId(), by: user, periodMinutes: period, at: ctx.now() });

  if (match && stored) {
    if (stored.periodMinutes === period || opts.repairOnly) return { action: 'kept', status: dispatcherStatus(ctx) };
    // Same trigger, new period: create the new one first, then delete the one we made.
    const t = create(ctx, period);
    writeState(ctx, 'trigger', record(t));
    ctx.services.ScriptApp.deleteTrigger(match);
    return { action: 'replaced', status: dispatcherStatus(ctx) };
  }
  if (!match && stored && stored.by && user && stored.by !== user) {
    // Installed by someone else: their trigger is invisible to us. Never create a second one.
    return { action: 'elsewhere', status: dispatcherStatus(ctx) };
  }
  const adopt = mine[0];
  if (adopt) {
    writeState(ctx, 'trigger', { ...record(adopt), periodMinutes: opts.repairOnly ? (stored?.periodMinutes ?? period) : period });
    return { action: 'adopted', status: dispatcherStatus(ctx) };
  }
  const t = create(ctx, period);
  writeState(ctx, 'trigger', record(t));
  return { action: 'created', status: dispatcherStatus(ctx) };
}

/**
 * Repair of a stalled timer (src/gas/health/repair.ts): a new dispatcher trigger that runs as the current user, at
 * the configured period. The stored one is deleted when the current user can see it (it stayed listed but stopped
 * firing); another user's is invisible here and is left to Google (the run lease keeps two triggers from
 * overlapping). Returns the new record.
 */
export function reinstallDispatcher(ctx: AppContext): TriggerRecord {
  const state = readState(ctx);
  const period = effectivePeriod(state.config, installedAsAddOn(ctx));
  const stored = state.trigger;
  const old = stored ? ours(ctx).find((t) => t.getUniqueId() === stored.id) : undefined;
  const t = create(ctx, period);
  const rec: TriggerRecord = { id: t.getUniqueId(), by: me(ctx), periodMinutes: period, at: ctx.now() };
  writeState(ctx, 'trigger', rec);
  if (old) ctx.services.ScriptApp.deleteTrigger(old);
  return rec;
}

/** Removes only the dispatcher Handoff created (by stored id). Returns true when one was deleted. */
export function removeDispatcher(ctx: AppContext): boolean {
  const state = readState(ctx);
  if (!state.trigger) return false;
  const t = ours(ctx).find((x) => x.getUniqueId() === state.trigger?.id);
  if (!t) return false;
  ctx.services.ScriptApp.deleteTrigger(t);
  writeState(ctx, 'trigger', null);
  return true;
}

export function dispatcherStatus(ctx: AppContext): DispatcherStatus {
  const state = readState(ctx);
  const addOn = installedAsAddOn(ctx);
  const mine = ours(ctx);
  const stored = state.trigger;
  const visible = !!stored && mine.some((t) => t.getUniqueId() === stored.id);
  const user = me(ctx);
  const elsewhere = !!stored && !visible && !!stored.by && stored.by !== user;
  const notes: string[] = [];
  const period = effectivePeriod(state.config, addOn);
  if (visible) notes.push(`The timer runs every ${period === 60 ? 'hour' : `${period} minutes`}.`);
  else if (elsewhere) notes.push(`The timer was installed by ${stored?.by}; only they can see or remove it.`);
  else notes.push('The timer is not installed: reminders, escalations, digests and the Outbox wait. Use Handoff > Timers: install.');
  if (addOn && state.config.periodMinutes !== null && state.config.periodMinutes < 60)
    notes.push('Installed as a Marketplace add-on: Apps Script allows a time-driven trigger at most once an hour.');
  const strays = mine.filter((t) => t.getUniqueId() !== stored?.id).length;
  if (strays > 0)
    notes.push(`${strays} other trigger(s) call ${DISPATCHER_HANDLER}; Handoff did not record creating them and leaves them alone.`);
  if (state.config.paused)
    notes.push(`Automation is PAUSED since ${new Date(state.config.paused.at).toISOString()} by ${state.config.paused.by}.`);
  if (state.last)
    notes.push(
      `Last run: ${new Date(state.last.startedAt).toISOString()}, ${state.last.outcome}${state.last.error ? ` (${state.last.error})` : ''}.`,
    );
  return {
    installed: visible || elsewhere,
    visible,
    triggerId: stored?.id ?? null,
    installedBy: stored?.by ?? null,
    periodMinutes: period,
    addOn,
    paused: state.config.paused,
    notes,
  };
}
