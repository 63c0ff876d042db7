/**
 * The health record: the last run of each trigger kind, kept in script properties (namespaced per governed
 * spreadsheet), so that every entry point can check it from the one getProperties it already makes.
 *   timer        `timers:last` (the dispatcher's own run summary) and `timers:trigger` (who installed it, period);
 *   form submit  `health:form:<formId>`, written by the form-submit trigger at each run: when it last ran and the
 *                responses it took lately (so the sweep skips them without a Sheet read);
 *   the sweep    `sweep:<formId>`, written only by the timer's sweep (runs never overlap): the high-water mark;
 *   on-edit      `health:edit` (last run) and `health:edit-trigger` (who installed it);
 *   incidents    `health:incidents`: open ones and the last few that ended.
 * Each key has one writer, so a lost update between two executions can only cost a repeated (idempotent) check.
 */
import { scopedKey, type AppContext } from '../context';
import type { FormLink } from '../intake/links';
import type { PlaneProps } from '../plane/props';
import { effectivePeriod, stateFrom, type TriggerRecord } from '../timers/state';

export type Props = Readonly<Record<string, string>>;

/** The form-submit trigger's heartbeat for one form. */
export interface FormBeat {
  lastRun: number;
  /** [responseId, timestamp] of the responses it took lately, newest last. */
  recent: Array<[string, number]>;
}

/** The sweep's record of one form. */
export interface SweepRecord {
  /** Every response submitted (or last edited) before this time was handled. */
  mark: number;
  /** Responses handled at or after mark - overlap: [id, timestamp]. */
  seen: Array<[string, number]>;
  /** Responses the sweep took while the trigger had not run since they were submitted: evidence waiting for its grace. */
  taken: Array<[string, number]>;
  /** The first response the trigger missed (it had not run for the grace period after it): stalled since then. */
  stalledSince: number | null;
  /** The latest response timestamp seen on the form, and the latest one handled. */
  lastSubmission: number | null;
  lastProcessed: number | null;
  /** Why the form could not be read, when it could not. */
  error: string | null;
  /** When the sweep last read the form (absent in records written before the sweep had a cadence). */
  sweptAt?: number;
  /**
   * Where the next read starts (epoch ms): the last complete sweep's time minus the overlap, so responses it already
   * handled are not read again however many came at once (absent: from mark minus the overlap, as before).
   */
  from?: number;
}

export interface EditTriggerRecord {
  id: string;
  by: string;
  at: number;
}

export type IncidentKind = 'timer' | 'form-submit' | 'on-edit';

export interface Incident {
  id: string;
  /** 'timer', 'on-edit' or 'form-submit:<formId>'. */
  key: string;
  kind: IncidentKind;
  /** The form id, or ''. */
  subject: string;
  /** What broke, one sentence. */
  title: string;
  /** The last sign of life before it stopped. */
  since: number | null;
  openedAt: number;
  /** The entry point that noticed: panel, form-submit, web-app, timer, health. */
  detectedBy: string;
  /** Who installed the trigger (the one who can repair it, with the admins). */
  owner: string | null;
  /** Whom the one email went to. */
  notified: string[];
  endedAt?: number;
  /** How it ended: it ran again, or who reinstalled it. */
  ended?: string;
}

export interface IncidentLog {
  open: Incident[];
  /** The last ones that ended, newest first. */
  closed: Incident[];
}

export const CLOSED_KEPT = 20;

const scoped = (ctx: AppContext, k: string): string => scopedKey(ctx, k);
export const formBeatKey = (ctx: AppContext, formId: string): string => scoped(ctx, `health:form:${formId}`);
export const sweepKey = (ctx: AppContext, formId: string): string => scoped(ctx, `sweep:${formId}`);
export const editBeatKey = (ctx: AppContext): string => scoped(ctx, 'health:edit');
export const editTriggerKey = (ctx: AppContext): string => scoped(ctx, 'health:edit-trigger');
export const incidentsKey = (ctx: AppContext): string => scoped(ctx, 'health:incidents');

export function parse<T>(text: string | undefined | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const LINK_PREFIX = 'handoff.intake.form:';

/** The forms linked to this spreadsheet, from properties already read. */
export function linksFrom(all: Props, spreadsheetId: string): FormLink[] {
  const out: FormLink[] = [];
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(LINK_PREFIX)) continue;
    const link = parse<FormLink | null>(v, null);
    if (link && link.spreadsheetId === spreadsheetId) out.push(link);
  }
  return out.sort((a, b) => a.linkedAt - b.linkedAt);
}

export interface FormHealthInput {
  link: FormLink;
  beat: FormBeat | null;
  sweep: SweepRecord | null;
}

/** Everything the health check needs, from one read of the script properties. */
export interface HealthSnapshot {
  timer: { trigger: TriggerRecord | null; lastRun: number | null; periodMinutes: number };
  forms: FormHealthInput[];
  edit: { trigger: EditTriggerRecord | null; lastRun: number | null };
  incidents: IncidentLog;
}

export function snapshotFrom(ctx: AppContext, all: Props, addOn: boolean): HealthSnapshot {
  const timers = stateFrom(ctx, all);
  const id = ctx.spreadsheetId();
  return {
    timer: {
      trigger: timers.trigger,
      lastRun: timers.last?.startedAt ?? null,
      periodMinutes: timers.trigger?.periodMinutes ?? effectivePeriod(timers.config, addOn),
    },
    forms: linksFrom(all, id).map((link) => ({
      link,
      beat: parse<FormBeat | null>(all[formBeatKey(ctx, link.formId)], null),
      sweep: parse<SweepRecord | null>(all[sweepKey(ctx, link.formId)], null),
    })),
    edit: {
      trigger: parse<EditTriggerRecord | null>(all[editTriggerKey(ctx)], null),
      lastRun: parse<{ lastRun: number } | null>(all[editBeatKey(ctx)], null)?.lastRun ?? null,
    },
    incidents: parse<IncidentLog>(all[incidentsKey(ctx)], { open: [], closed: [] }),
  };
}

/** Writes a property and keeps the snapshot in step, so a check later in the same execution sees it. */
export function put(ctx: AppContext, all: Record<string, string> | null, key: string, value: unknown): void {
  const text = JSON.stringify(value);
  ctx.services.PropertiesService.getScriptProperties().setProperty(key, text);
  if (all) all[key] = text;
}

/** How many responses the form-submit heartbeat remembers, and for how long. */
const BEAT_RECENT_MAX = 60;
const BEAT_RECENT_MS = 24 * 60 * 60_000;

/**
 * The form-submit trigger ran (one property write): its last run, and the response it took. `all` is the
 * execution's snapshot (the trigger's one read), updated in place.
 */
export function recordFormBeat(ctx: AppContext, all: Record<string, string> | null, formId: string, took: [string, number] | null): void {
  put(ctx, all, formBeatKey(ctx, formId), formBeat(ctx, all, formId, took));
}

/** The same heartbeat, staged into a unit's one property write (the unit that took the response). */
export function stageFormBeat(ctx: AppContext, props: PlaneProps, formId: string, took: [string, number]): void {
  props.set(formBeatKey(ctx, formId), JSON.stringify(formBeat(ctx, props.read(), formId, took)));
}

function formBeat(ctx: AppContext, all: Props | null, formId: string, took: [string, number] | null): FormBeat {
  const prior = parse<FormBeat | null>(all?.[formBeatKey(ctx, formId)], null);
  const now = ctx.now();
  const recent = (prior?.recent ?? []).filter(([id, ts]) => ts >= now - BEAT_RECENT_MS && id !== took?.[0]);
  if (took) recent.push(took);
  return { lastRun: now, recent: recent.slice(-BEAT_RECENT_MAX) };
}

/** The on-edit trigger ran (one property write). */
export function recordEditBeat(ctx: AppContext): void {
  put(ctx, null, editBeatKey(ctx), { lastRun: ctx.now() });
}

/** The on-edit trigger was (re)installed by the current user. */
export function recordEditTrigger(ctx: AppContext, id: string, by: string): void {
  put(ctx, null, editTriggerKey(ctx), { id, by, at: ctx.now() } satisfies EditTriggerRecord);
}
