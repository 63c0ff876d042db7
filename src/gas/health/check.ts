/**
 * The health check each entry point makes (the panel, a form submission, a web app request, the timer). It reads
 * nothing: it evaluates the script properties the entry point already read. Only when an incident opens or ends
 * does it take the lock (incidents.ts), which happens once per incident, not once per check. It never throws: a
 * check must not break the entry point it rides on.
 */
import type { AppContext } from '../context';
import { evaluate, transitions, type HealthReport } from './evaluate';
import { reconcile } from './incidents';
import { recordEditBeat, recordFormBeat, snapshotFrom, type Props } from './records';

export type EntryPoint = 'panel' | 'form-submit' | 'web-app' | 'timer' | 'health';

function log(ctx: AppContext, what: string, e: unknown): void {
  try {
    ctx.services.Logger.log(`Handoff health check (${what}) failed: ${e instanceof Error ? e.message : String(e)}`);
  } catch {
    /* no logger */
  }
}

/**
 * Evaluates the properties already read; opens or ends incidents when the record says so. When this execution
 * cannot (a panel user the Audit tab's protection does not list, the lock busy), the report still says what is
 * wrong, and the next entry point that can records it.
 */
export function checkAtEntry(ctx: AppContext, entry: EntryPoint, all: Props | null = ctx.propertiesIfRead()): HealthReport | null {
  if (!all) return null;
  let report: HealthReport | null = null;
  try {
    const snap = snapshotFrom(ctx, all, false);
    report = evaluate(snap, ctx.now());
    const t = transitions(snap, report);
    if (t.open.length === 0 && t.close.length === 0) return report;
    return reconcile(ctx, entry, false).report;
  } catch (e) {
    log(ctx, entry, e);
    return report;
  }
}

/** The form-submit trigger ran for `formId` (and took this response): its heartbeat, then the check. */
export function formTriggerRan(ctx: AppContext, formId: string, took: [string, number] | null): void {
  const all = ctx.propertiesIfRead();
  try {
    recordFormBeat(ctx, all, formId, took);
  } catch (e) {
    log(ctx, 'form-submit heartbeat', e);
  }
  checkAtEntry(ctx, 'form-submit', all);
}

/** The on-edit trigger ran: its heartbeat (one property write). */
export function editTriggerRan(ctx: AppContext): void {
  try {
    recordEditBeat(ctx);
  } catch (e) {
    log(ctx, 'on-edit heartbeat', e);
  }
}
