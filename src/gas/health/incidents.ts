/**
 * Incidents: a trigger stopped (the timer missed two periods, a form's trigger missed a response, a trigger is
 * gone). Opening and ending one happens under the script lock, from a fresh read of the properties, so that
 * however many entry points notice it at the same moment:
 *   - it is opened once: one Audit row, and one email to each admin, queued in the Outbox and sent at once (the
 *     timer that usually flushes the Outbox may be the thing that stalled);
 *   - it ends once, with how (it ran again, or who reinstalled it): one Audit row.
 * Checking costs nothing when nothing changes (check.ts compares against the snapshot the entry point read).
 */
import { requestlessEvent, type AuditEvent } from '../../core';
import type { AppContext } from '../context';
import { withLock } from '../lock';
import { flushOutbox } from '../mail/outbox-sender';
import { ownerEmail } from '../auth';
import { AuditStore } from '../store/audit';
import { DirectoryStore } from '../store/directory';
import { OutboxStore, type NoticePayload, type OutboxEntry } from '../store/outbox';
import { evaluate, transitions, type HealthReport, type Problem } from './evaluate';
import { CLOSED_KEPT, incidentsKey, put, snapshotFrom, type HealthSnapshot, type Incident } from './records';

export const INCIDENT_ACTION: AuditEvent['action'] = 'health_incident';
export const INCIDENT_END_ACTION: AuditEvent['action'] = 'health_incident_end';

export interface ReconcileResult {
  report: HealthReport;
  opened: Incident[];
  ended: Incident[];
}

/** The report with problems only a live check can see (kept once the incident is open, until a sign of life). */
export function withExtra(r: HealthReport, extra: readonly Problem[]): HealthReport {
  const add = extra.filter((p) => !r.problems.some((q) => q.key === p.key));
  if (add.length === 0) return r;
  const bad = new Set(add.map((p) => p.key));
  return {
    ...r,
    problems: [...r.problems, ...add],
    timer: bad.has('timer') ? { ...r.timer, ok: false } : r.timer,
    onEdit: bad.has('on-edit') ? { ...r.onEdit, ok: false } : r.onEdit,
    forms: r.forms.map((f) => (bad.has(`form-submit:${f.formId}`) ? { ...f, ok: false } : f)),
  };
}

/** The admins in the Directory, else the spreadsheet's owner. */
function adminEmails(ctx: AppContext): string[] {
  try {
    const admins = new DirectoryStore(ctx)
      .list()
      .filter((p) => p.roles.includes('admin'))
      .map((p) => p.email);
    if (admins.length) return admins;
  } catch {
    /* no Directory */
  }
  const owner = ownerEmail(ctx);
  return owner ? [owner] : [];
}

function auditEvent(
  ctx: AppContext,
  action: AuditEvent['action'],
  i: Incident,
  reason: string,
  details: AuditEvent['details'],
): AuditEvent {
  return requestlessEvent({
    at: ctx.now(),
    actor: 'system',
    method: 'system',
    action,
    name: i.kind,
    reason: reason.slice(0, 1000),
    details,
  });
}

function noticeText(ctx: AppContext, i: Incident): { subject: string; text: string } {
  let url = '';
  try {
    url = ctx.spreadsheet().getUrl();
  } catch {
    url = '';
  }
  const who = i.owner ? `${i.owner} installed it: they, or any Handoff admin, can repair it` : 'Any Handoff admin can repair it';
  const what = i.kind === 'timer' ? 'Automation has stalled' : i.kind === 'on-edit' ? 'Sheet protection has stopped' : 'A form has stopped';
  return {
    subject: `Handoff: ${what} (${i.kind === 'form-submit' ? 'form trigger' : i.kind === 'timer' ? 'timer' : 'on-edit trigger'})`,
    text: [
      i.title,
      `${who}: open the spreadsheet, then Handoff > Open panel, and click the Repair button in the banner at the top (admins also find it under Admin > Health).`,
      url,
      'You get this email once for this incident; its start and its end are written to the Audit tab.',
    ]
      .filter((x) => x !== '')
      .join('\n\n'),
  };
}

function newIncident(ctx: AppContext, p: Problem, detectedBy: string, admins: string[]): Incident {
  const now = ctx.now();
  return {
    id: `inc-${now.toString(36)}-${ctx.services.Utilities.getUuid().slice(0, 6)}`,
    key: p.key,
    kind: p.kind,
    subject: p.subject,
    title: p.title,
    since: p.since,
    openedAt: now,
    detectedBy,
    owner: p.owner,
    notified: admins,
  };
}

/**
 * Opens the incidents the health record shows and ends the ones it no longer shows, under the lock, from a fresh
 * read. `detectedBy` names the entry point; `extra` adds problems a check found that no property shows (a trigger
 * missing from its owner's list). Emails of opened incidents are sent before returning.
 */
export function reconcile(ctx: AppContext, detectedBy: string, addOn: boolean, extra: readonly Problem[] = []): ReconcileResult {
  let noticeIds: string[] = [];
  const result = withLock(ctx, (): ReconcileResult => {
    const all = { ...(ctx.services.PropertiesService.getScriptProperties().getProperties() as Record<string, string>) };
    const snap: HealthSnapshot = snapshotFrom(ctx, all, addOn);
    const report = withExtra(evaluate(snap, ctx.now()), extra);
    const t = transitions(snap, report);
    if (t.open.length === 0 && t.close.length === 0) return { report, opened: [], ended: [] };
    const now = ctx.now();
    const admins = t.open.length ? adminEmails(ctx) : [];
    const opened = t.open.map((p) => newIncident(ctx, p, detectedBy, admins));
    const ended = t.close.map(({ incident, ended }) => ({ ...incident, endedAt: now, ended }));
    const endedIds = new Set(ended.map((i) => i.id));
    const log = {
      open: [...snap.incidents.open.filter((i) => !endedIds.has(i.id)), ...opened],
      closed: [...ended, ...snap.incidents.closed].slice(0, CLOSED_KEPT),
    };
    put(ctx, all, incidentsKey(ctx), log);
    new AuditStore(ctx).appendOnce([
      ...opened.map((i) => ({
        key: `incident:${i.id}:open`,
        event: auditEvent(ctx, INCIDENT_ACTION, i, i.title, {
          incident: i.id,
          subject: i.subject,
          since: i.since,
          detectedBy,
          owner: i.owner,
          notified: i.notified,
        }),
      })),
      ...ended.map((i) => ({
        key: `incident:${i.id}:end`,
        event: auditEvent(ctx, INCIDENT_END_ACTION, i, `Ended: ${i.ended}.`, {
          incident: i.id,
          subject: i.subject,
          openedAt: i.openedAt,
          durationMs: now - i.openedAt,
        }),
      })),
    ]);
    const notices: OutboxEntry[] = [];
    for (const i of opened) {
      const { subject, text } = noticeText(ctx, i);
      for (const to of i.notified) {
        const key = `incident:${i.id}:${to}`;
        const payload: NoticePayload = { kind: 'notice', to, subject, text, dedupeKey: key, requestId: '' };
        notices.push({
          id: ctx.services.Utilities.getUuid(),
          created: now,
          to,
          kind: 'notice',
          subject,
          payload,
          status: 'pending',
          attempts: 0,
          nextAttempt: now,
          lastError: '',
          sentAt: null,
          key,
        });
      }
    }
    if (notices.length) new OutboxStore(ctx).appendOnce(notices);
    noticeIds = notices.map((n) => n.id);
    return { report: withExtra(evaluate(snapshotFrom(ctx, all, addOn), now), extra), opened, ended };
  });
  if (noticeIds.length) {
    try {
      flushOutbox(ctx, { ids: noticeIds, max: noticeIds.length });
    } catch {
      /* queued: the next Outbox flush sends them */
    }
  }
  return result;
}
