/**
 * Faults the playground can cause: Google drops one of Handoff's triggers without telling the add-on (no script
 * runs, nothing is recorded), and later restores it. POST /api/faults:
 *   { "drop": "form-submit" | "timer" | "on-edit", "formId"?: "...", "how"?: "removed" | "disabled" }
 *   { "restore": "form-submit" | "timer" | "on-edit", "formId"?: "...", "late"?: true | false }
 * "removed" (default) takes the trigger out of every list, as when its owner left; "disabled" keeps it listed but
 * silent. A restored trigger delivers the events it missed, late, unless "late" is false.
 *   { "fail": "mail", "times"?: 1–100 (default 8), "message"?: "..." }
 * makes the next sends through MailApp/GmailApp throw, as Gmail does when it refuses a message: eight failures in a
 * row are what makes Handoff give an email up (Admin > Undelivered emails lists it).
 *   { "restore": "mail" }
 * drops the failures not used yet: sending works again.
 */
import type { TriggerRecord, TriggerRun } from '../services/script/triggers';
import { runView, triggerView, type TriggerRunView, type TriggerView } from './clock';
import { BadRequest } from './errors';
import type { Playground } from './playground';

export const FAULT_KINDS = ['form-submit', 'timer', 'on-edit'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const HANDLERS: Record<FaultKind, { handler: string; event: string }> = {
  'form-submit': { handler: 'handoffOnFormSubmit', event: 'ON_FORM_SUBMIT' },
  timer: { handler: 'handoffTimerRun', event: 'CLOCK' },
  'on-edit': { handler: 'handoffOnEdit', event: 'ON_EDIT' },
};

function kindOf(v: unknown, field: string): FaultKind {
  if (typeof v === 'string' && (FAULT_KINDS as readonly string[]).includes(v)) return v as FaultKind;
  throw new BadRequest(`"${field}" must be one of ${FAULT_KINDS.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(v)}`);
}

function matches(kind: FaultKind, formId: unknown) {
  const h = HANDLERS[kind];
  return (t: TriggerRecord) =>
    t.handler === h.handler && t.eventType === h.event && (typeof formId !== 'string' || formId === '' || t.sourceId === formId);
}

export interface FaultsView {
  /** Triggers dropped ('removed') or disabled by a fault. */
  faults: Array<TriggerView & { kind: FaultKind; how: 'removed' | 'disabled'; since: string }>;
}

export function faultsView(p: Playground): FaultsView {
  const kind = (t: TriggerRecord) => FAULT_KINDS.find((k) => matches(k, undefined)(t)) ?? ('timer' as FaultKind);
  return {
    faults: [
      ...p.ws.triggers.dropped().map((d) => ({
        ...triggerView(d.record),
        kind: kind(d.record),
        how: 'removed' as const,
        since: new Date(d.at).toISOString(),
      })),
      ...p.ws.triggers
        .list()
        .filter((t) => t.disabledSince !== undefined)
        .map((t) => ({
          ...triggerView(t),
          kind: kind(t),
          how: 'disabled' as const,
          since: new Date(t.disabledSince as number).toISOString(),
        })),
    ],
  };
}

/** Drops or restores; resolves once the late deliveries of a restore have run (on the playground's pool). */
export async function applyFault(
  p: Playground,
  body: Record<string, unknown>,
): Promise<
  {
    dropped?: TriggerView[];
    restored?: TriggerView[];
    lateRuns?: TriggerRunView[];
    mailFailures?: number;
    mailFailuresDropped?: number;
  } & FaultsView
> {
  const has = (k: string) => body[k] !== undefined;
  if (has('fail')) return failMail(p, body);
  if (body.restore === 'mail') return { mailFailuresDropped: p.ws.mail.clearFailures(), ...faultsView(p) };
  if (has('drop') === has('restore'))
    throw new BadRequest('Send either "drop" or "restore" (one of "form-submit", "timer", "on-edit"), or "fail": "mail"');
  if (has('drop')) {
    const kind = kindOf(body.drop, 'drop');
    const how = body.how ?? 'removed';
    if (how !== 'removed' && how !== 'disabled') throw new BadRequest(`"how" must be "removed" or "disabled", got ${JSON.stringify(how)}`);
    const targets = p.ws.triggers.list().filter((t) => matches(kind, body.formId)(t) && t.disabledSince === undefined);
    if (targets.length === 0)
      throw new BadRequest(`No running ${HANDLERS[kind].handler} trigger to drop${body.formId ? ` for form ${body.formId}` : ''}`, 409);
    const dropped = targets.map((t) => triggerView(p.ws.triggers.drop(t.uid, { how })));
    return { dropped, ...faultsView(p) };
  }
  const kind = kindOf(body.restore, 'restore');
  if (body.late !== undefined && typeof body.late !== 'boolean') throw new BadRequest('"late" must be true or false');
  const match = matches(kind, body.formId);
  const uids = [
    ...p.ws.triggers
      .dropped()
      .map((d) => d.record)
      .filter(match),
    ...p.ws.triggers.list().filter((t) => match(t) && t.disabledSince !== undefined),
  ];
  if (uids.length === 0) throw new BadRequest(`No dropped ${HANDLERS[kind].handler} trigger to restore`, 409);
  const runs: TriggerRun[] = [];
  const restored: TriggerView[] = [];
  for (const t of uids) {
    runs.push(...p.ws.triggers.restore(t.uid, { late: body.late !== false }));
    restored.push(triggerView(t));
  }
  await Promise.all(runs.map((r) => p.ws.triggers.store.whenDone(r)));
  return { restored, lateRuns: runs.map(runView), ...faultsView(p) };
}

/** The next `times` mail sends throw `message` (then sending works again). */
function failMail(p: Playground, body: Record<string, unknown>): { mailFailures: number } & FaultsView {
  if (body.fail !== 'mail') throw new BadRequest(`"fail" must be "mail", got ${JSON.stringify(body.fail)}`);
  const times = body.times ?? 8;
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 100)
    throw new BadRequest(`"times" must be a whole number from 1 to 100, got ${JSON.stringify(body.times)}`);
  if (body.message !== undefined && (typeof body.message !== 'string' || body.message.trim() === '' || body.message.length > 300))
    throw new BadRequest('"message" must be a sentence of at most 300 characters');
  p.ws.mail.failNext(times, typeof body.message === 'string' ? body.message : 'Mail service refused the message (a playground fault)');
  return { mailFailures: times, ...faultsView(p) };
}
