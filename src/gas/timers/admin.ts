/**
 * What the menu and set-up call: install / status of the dispatcher trigger, pause and resume automation
 * (break glass), set-up's install and open's repair. Admin-only entry points check the Directory themselves.
 */
import { lowerNextDueNow } from '../plane/next-due';
import { normalizeEmail } from '../../core';
import { isAdminEmail, requireAdmin } from '../auth';
import { SPREADSHEET_ID_PROPERTY, type AppContext } from '../context';
import { withLock } from '../lock';
import type { SetupReport } from '../setup/setup';
import { readState, writeState } from './state';
import { dispatcherStatus, installDispatcher, type DispatcherStatus } from './trigger';

export function statusText(s: DispatcherStatus): string {
  return ['Handoff timers', ...s.notes].join('\n');
}

/** Menu (admins): install the dispatcher, or change its period; idempotent. */
export function installTimersAsAdmin(ctx: AppContext, periodMinutes?: number): string {
  requireAdmin(ctx, 'handoffInstallTimers');
  const r = installDispatcher(ctx, periodMinutes === undefined ? {} : { periodMinutes });
  const what = {
    created: 'Installed the timer.',
    kept: 'The timer was already installed; nothing changed.',
    adopted: 'Found the timer and recorded it.',
    replaced: "Changed the timer's period.",
    elsewhere: 'The timer is installed by another user; no second one was created.',
  }[r.action];
  return `${what}\n${statusText(r.status)}`;
}

export function timersStatus(ctx: AppContext): DispatcherStatus {
  return dispatcherStatus(ctx);
}

function setPaused(ctx: AppContext, paused: { by: string; at: number } | null): void {
  withLock(ctx, () => {
    const state = readState(ctx);
    writeState(ctx, 'config', { ...state.config, paused });
    lowerNextDueNow(ctx, ctx.now()); // the next run catches up (resume) or records the pause
  });
}

/** Break glass (admins): no reminders, escalations, digests or Outbox sends until resumed. Intake still records. */
export function pauseAutomationAsAdmin(ctx: AppContext): string {
  const actor = requireAdmin(ctx, 'handoffToggleAutomation');
  if (readState(ctx).config.paused) return 'Automation is already paused.';
  setPaused(ctx, { by: actor.email, at: ctx.now() });
  return 'Automation is paused: no reminders, escalations, digests or emails are sent. Requests are still recorded. Use Handoff > Resume automation to catch up.';
}

/** Resume (admins): the next run catches up; reminders that are moot by now are skipped, not sent. */
export function resumeAutomationAsAdmin(ctx: AppContext): string {
  requireAdmin(ctx, 'handoffToggleAutomation');
  if (!readState(ctx).config.paused) return 'Automation is not paused.';
  setPaused(ctx, null);
  return 'Automation resumed. The next timer run catches up: one reminder per request at most, escalations for what is overdue, the Outbox in order within the daily quota.';
}

/** Menu "Pause / resume automation" (admins): one item that toggles. */
export function toggleAutomationAsAdmin(ctx: AppContext): string {
  requireAdmin(ctx, 'handoffToggleAutomation');
  return readState(ctx).config.paused ? resumeAutomationAsAdmin(ctx) : pauseAutomationAsAdmin(ctx);
}

/** Set-up installs the dispatcher (idempotent) and says so in its report. */
export function installAtSetUp(ctx: AppContext, report: SetupReport): SetupReport {
  try {
    const r = installDispatcher(ctx, { repairOnly: true });
    if (r.action === 'created' || r.action === 'adopted') {
      report.repaired.push(
        r.action === 'created' ? 'Installed the timer (reminders, escalations, digests, Outbox)' : 'Recorded the existing timer',
      );
      report.changed = true;
    }
  } catch (e) {
    report.problems.push(`The timer could not be installed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return report;
}

/**
 * Opening the sheet: put the dispatcher back if it is missing. Simple onOpen runs in AuthMode.NONE or LIMITED,
 * where ScriptApp cannot create triggers; then this does nothing (set-up and the Timers menu install it).
 */
export function repairOnOpen(ctx: AppContext, authMode: unknown): 'repaired' | 'ok' | 'skipped' {
  if (authMode !== undefined && String(authMode) !== 'FULL') return 'skipped';
  // Only an admin's open may install it: the trigger runs as whoever creates it (and sends mail from their account).
  if (!isAdminEmail(ctx, normalizeEmail(ctx.activeUser()))) return 'skipped';
  try {
    const state = readState(ctx);
    if (!state.trigger && !ctx.services.PropertiesService.getScriptProperties().getProperty(SPREADSHEET_ID_PROPERTY)) return 'skipped'; // not set up
    const r = installDispatcher(ctx, { repairOnly: true });
    return r.action === 'created' ? 'repaired' : 'ok';
  } catch {
    return 'skipped';
  }
}
