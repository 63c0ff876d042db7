/**
 * What the health record says, computed without any service call (pure): is the timer running, does every linked
 * form deliver its responses, is the on-edit trigger there, and which incidents open or end.
 *   - the timer is stalled when it has not run for two of its periods (since its last run, or its install);
 *   - a form is stalled when the sweep took a response its trigger had not delivered within the grace period, or
 *     when the link has no trigger, or the form cannot be read;
 *   - an incident stays open until a sign of life after it opened: the trigger ran again, or someone reinstalled it.
 */
import type { FormHealthInput, HealthSnapshot, Incident, IncidentKind, IncidentLog } from './records';

export interface Problem {
  key: string;
  kind: IncidentKind;
  subject: string;
  title: string;
  since: number | null;
  /** Who installed the trigger (null: unknown). */
  owner: string | null;
}

export interface TimerHealth {
  lastRun: number | null;
  periodMinutes: number;
  ok: boolean;
  installed: boolean;
  installedBy: string | null;
  triggerId: string | null;
}

export interface FormHealth {
  formId: string;
  title: string;
  trigger: { id: string | null; owner: string | null; lastRun: number | null };
  lastSubmission: number | null;
  lastProcessed: number | null;
  ok: boolean;
  stalledSince: number | null;
  error: string | null;
}

export interface EditHealth {
  /** Triggers > Install records who installed it (none: not installed, or installed before the record existed). */
  installed: boolean;
  lastRun: number | null;
  installedBy: string | null;
  triggerId: string | null;
  ok: boolean;
}

export interface HealthReport {
  now: number;
  timer: TimerHealth;
  forms: FormHealth[];
  onEdit: EditHealth;
  problems: Problem[];
  incidents: IncidentLog;
}

const MINUTE = 60_000;

export function formKey(formId: string): string {
  return `form-submit:${formId}`;
}

/** "35 minutes", "5 hours", "3 days". */
export function duration(ms: number): string {
  const m = Math.max(1, Math.round(ms / MINUTE));
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hours`;
  return `${Math.round(h / 24)} days`;
}

/** How the trigger behind `key` showed life after `t` (a run after it, or a reinstall at or after it), or null. */
export function aliveAfter(s: HealthSnapshot, key: string, t: number): string | null {
  if (key === 'timer') {
    const trig = s.timer.trigger;
    if (trig && trig.at >= t) return `reinstalled by ${trig.by || 'someone'}`;
    if ((s.timer.lastRun ?? 0) > t) return 'the timer ran again';
    return null;
  }
  if (key === 'on-edit') {
    const trig = s.edit.trigger;
    if (trig && trig.at >= t) return `reinstalled by ${trig.by || 'someone'}`;
    if ((s.edit.lastRun ?? 0) > t) return 'the on-edit trigger ran again';
    return null;
  }
  const f = s.forms.find((x) => formKey(x.link.formId) === key);
  if (!f) return 'the form was unlinked';
  if ((f.link.repairedAt ?? 0) >= t) return `reinstalled by ${f.link.triggerOwner || 'someone'}`;
  if ((f.beat?.lastRun ?? 0) > t) return "the form's trigger ran again";
  return null;
}

function openOf(s: HealthSnapshot, key: string): Incident | undefined {
  return s.incidents.open.find((i) => i.key === key);
}

/** An open incident stays a problem until a sign of life after it opened (it may rest on a check no snapshot shows). */
function stillOpen(s: HealthSnapshot, key: string): Incident | null {
  const open = openOf(s, key);
  return open && aliveAfter(s, key, open.openedAt) === null ? open : null;
}

function timerProblem(s: HealthSnapshot, now: number): Problem | null {
  const trig = s.timer.trigger;
  const period = s.timer.periodMinutes;
  if (trig) {
    const lastSign = Math.max(s.timer.lastRun ?? 0, trig.at);
    if (now - lastSign > 2 * period * MINUTE)
      return {
        key: 'timer',
        kind: 'timer',
        subject: '',
        title: `The timer has not run for ${duration(now - lastSign)} (it runs every ${period} minutes): reminders, escalations, digests and emails wait, and missed form responses are not picked up.`,
        since: s.timer.lastRun,
        owner: trig.by || null,
      };
  }
  const open = stillOpen(s, 'timer');
  return open ? { key: 'timer', kind: 'timer', subject: '', title: open.title, since: open.since, owner: trig?.by || open.owner } : null;
}

function formProblem(f: FormHealthInput, now: number): Problem | null {
  const { link, beat, sweep } = f;
  const base = { key: formKey(link.formId), kind: 'form-submit' as const, subject: link.formId, owner: link.triggerOwner };
  const name = `"${link.title || link.formId}"`;
  if (!link.triggerId)
    return { ...base, title: `Form ${name} has no form-submit trigger: its responses wait for the timer's sweep.`, since: null };
  if (sweep?.error) return { ...base, title: `Handoff cannot read form ${name}: ${sweep.error}`, since: beat?.lastRun ?? null };
  const stalled = sweep?.stalledSince ?? null;
  if (stalled !== null && (beat?.lastRun ?? 0) < stalled && (link.repairedAt ?? 0) < stalled)
    return {
      ...base,
      title: `Form ${name} is not delivering its responses: its trigger missed a response submitted ${duration(now - stalled)} ago and has not run since. The timer's sweep takes them each run, late.`,
      since: beat?.lastRun ?? null,
    };
  return null;
}

export function evaluate(s: HealthSnapshot, now: number): HealthReport {
  const problems: Problem[] = [];
  const timer = timerProblem(s, now);
  if (timer) problems.push(timer);
  const forms: FormHealth[] = s.forms.map((f) => {
    let p = formProblem(f, now);
    const key = formKey(f.link.formId);
    const open = p ? null : stillOpen(s, key);
    if (open) p = { key, kind: 'form-submit', subject: f.link.formId, title: open.title, since: open.since, owner: f.link.triggerOwner };
    if (p) problems.push(p);
    const recent = f.beat?.recent ?? [];
    const lastTaken = recent.length ? Math.max(...recent.map(([, ts]) => ts)) : null;
    const latest = (a: number | null | undefined, b: number | null | undefined) =>
      a == null ? (b ?? null) : b == null ? a : Math.max(a, b);
    return {
      formId: f.link.formId,
      title: f.link.title,
      trigger: { id: f.link.triggerId, owner: f.link.triggerOwner, lastRun: f.beat?.lastRun ?? null },
      lastSubmission: latest(f.sweep?.lastSubmission, lastTaken),
      lastProcessed: latest(f.sweep?.lastProcessed, lastTaken),
      ok: p === null,
      stalledSince: f.sweep?.stalledSince ?? null,
      error: f.sweep?.error ?? null,
    };
  });
  const edit = stillOpen(s, 'on-edit');
  if (edit) problems.push({ key: 'on-edit', kind: 'on-edit', subject: '', title: edit.title, since: edit.since, owner: edit.owner });
  return {
    now,
    timer: {
      lastRun: s.timer.lastRun,
      periodMinutes: s.timer.periodMinutes,
      ok: !!s.timer.trigger && !timer,
      installed: !!s.timer.trigger,
      installedBy: s.timer.trigger?.by || null,
      triggerId: s.timer.trigger?.id ?? null,
    },
    forms,
    onEdit: {
      installed: !!s.edit.trigger,
      lastRun: s.edit.lastRun,
      installedBy: s.edit.trigger?.by ?? null,
      triggerId: s.edit.trigger?.id ?? null,
      ok: !edit,
    },
    problems,
    incidents: s.incidents,
  };
}

export interface Transitions {
  open: Problem[];
  close: Array<{ incident: Incident; ended: string }>;
}

/** Which incidents a report opens (a problem without one) and ends (an open one that is no longer a problem). */
export function transitions(s: HealthSnapshot, r: HealthReport): Transitions {
  const open = r.problems.filter((p) => !openOf(s, p.key));
  const close = s.incidents.open
    .filter((i) => !r.problems.some((p) => p.key === i.key))
    .map((incident) => ({ incident, ended: aliveAfter(s, incident.key, incident.openedAt) ?? 'it is healthy again' }));
  return { open, close };
}
