/**
 * The timers' settings and state, in script properties (namespaced per governed spreadsheet). One
 * getProperties() call reads all of it at the start of a run; each piece is written on its own key so a
 * write never rewrites another piece.
 */
import { scopedKey, type AppContext } from '../context';
import { withLock } from '../lock';
import type { Lease } from './lease';

export const DISPATCHER_HANDLER = 'handoffTimerRun';

/** Apps Script's limit is 6 minutes per execution; a run stops cleanly well before it. */
export const DEFAULT_BUDGET_MS = 270_000;
/** A script bound to the sheet may run every minute; 10 minutes keeps the daily trigger runtime small. */
export const DEFAULT_BOUND_PERIOD_MINUTES = 10;
/** A Marketplace add-on may run a time-driven trigger at most once an hour. */
export const ADDON_PERIOD_MINUTES = 60;
/** Periods ScriptApp's everyMinutes accepts, plus hourly. */
export const ALLOWED_PERIODS = [1, 5, 10, 15, 30, 60] as const;
export const DEFAULT_DIGEST_HOUR = 8;
/**
 * The panel's Settings property (src/gas/panel/admin.ts TIMER_SETTINGS_PROPERTY): { digestHour, dispatcherMinutes,
 * defaultDelivery }.
 */
export const PANEL_SETTINGS_PROPERTY = 'HANDOFF_TIMER_SETTINGS';
/** A run that died leaves its lease; the next run takes over once the longest possible execution is over. */
export const LEASE_MS = 6 * 60_000 + 30_000;

export interface TimerConfig {
  /** Minutes between dispatcher runs (null: the default for how Handoff is installed). */
  periodMinutes: number | null;
  /** Local hour (0-23, in each person's time zone) at which daily digests go out. */
  digestHour: number;
  /** Stop starting new work after this many ms of a run. */
  budgetMs: number;
  /** Break glass: while set, no sends and no escalations (intake still records requests). */
  paused: { by: string; at: number } | null;
  /** How people whose Directory row names no delivery get what waits on them (src/gas/mail/delivery.ts). */
  defaultDelivery: 'digest' | 'immediate';
}

export const DEFAULT_CONFIG: TimerConfig = {
  periodMinutes: null,
  digestHour: DEFAULT_DIGEST_HOUR,
  budgetMs: DEFAULT_BUDGET_MS,
  paused: null,
  defaultDelivery: 'digest',
};

export interface TriggerRecord {
  id: string;
  /** Who installed it: ScriptApp only lists the current user's triggers. */
  by: string;
  periodMinutes: number;
  at: number;
}

export type Phase = 'sla' | 'digests' | 'outbox' | 'intake';
export const PHASES: readonly Phase[] = ['sla', 'digests', 'outbox', 'intake'];

/** Where the next run starts when a run stopped at its time budget. */
export interface Checkpoint {
  phase: Phase;
  /** The SLA phase resumes from this Requests row. */
  row: number;
  at: number;
}

export type { Lease } from './lease';

/** What the last run did, for "Triggers: status". */
export interface RunSummary {
  startedAt: number;
  endedAt: number;
  outcome: 'done' | 'stopped_at_budget' | 'paused' | 'busy' | 'error' | 'idle';
  reminders: number;
  escalations: number;
  digests: number;
  sent: number;
  outboxFailed: number;
  intakeRetried: number;
  /** Requests the sweep made from responses their form's trigger missed. */
  swept?: number;
  error?: string;
}

export interface TimerState {
  config: TimerConfig;
  trigger: TriggerRecord | null;
  lease: Lease | null;
  checkpoint: Checkpoint | null;
  /** email -> the last local date ('YYYY-MM-DD') a digest went out. */
  digests: Record<string, string>;
  /** email -> when something was first folded into their next digest (mail/delivery.ts); cleared when it goes out. */
  digestDue: Record<string, number>;
  last: RunSummary | null;
}

type Key = 'config' | 'trigger' | 'lease' | 'checkpoint' | 'digests' | 'digestDue' | 'last';

export function stateKey(ctx: AppContext, key: Key): string {
  return scopedKey(ctx, 'timers', key);
}

function parse<T>(text: string | undefined | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Everything, in one getProperties() call. */
export function readState(ctx: AppContext): TimerState {
  return stateFrom(ctx, ctx.services.PropertiesService.getScriptProperties().getProperties() as Record<string, string>);
}

/** The timers' state from script properties already read (one getProperties of the caller's). */
export function stateFrom(ctx: AppContext, all: Readonly<Record<string, string>>): TimerState {
  const get = (k: Key) => all[stateKey(ctx, k)];
  // The panel's Settings (digest hour, dispatcher period) live in one unscoped property; they win when valid.
  const panel = parse<{ digestHour?: unknown; dispatcherMinutes?: unknown; defaultDelivery?: unknown }>(all[PANEL_SETTINGS_PROPERTY], {});
  const fromPanel: Partial<TimerConfig> = {};
  if (typeof panel.digestHour === 'number' && Number.isInteger(panel.digestHour) && panel.digestHour >= 0 && panel.digestHour <= 23)
    fromPanel.digestHour = panel.digestHour;
  if (typeof panel.dispatcherMinutes === 'number' && (ALLOWED_PERIODS as readonly number[]).includes(panel.dispatcherMinutes))
    fromPanel.periodMinutes = panel.dispatcherMinutes;
  if (panel.defaultDelivery === 'digest' || panel.defaultDelivery === 'immediate') fromPanel.defaultDelivery = panel.defaultDelivery;
  return {
    config: { ...DEFAULT_CONFIG, ...parse<Partial<TimerConfig>>(get('config'), {}), ...fromPanel },
    trigger: parse<TriggerRecord | null>(get('trigger'), null),
    lease: parse<Lease | null>(get('lease'), null),
    checkpoint: parse<Checkpoint | null>(get('checkpoint'), null),
    digests: parse<Record<string, string>>(get('digests'), {}),
    digestDue: parse<Record<string, number>>(get('digestDue'), {}),
    last: parse<RunSummary | null>(get('last'), null),
  };
}

export function writeState(ctx: AppContext, key: Key, value: unknown): void {
  const props = ctx.services.PropertiesService.getScriptProperties();
  if (value === null || value === undefined) props.deleteProperty(stateKey(ctx, key));
  else props.setProperty(stateKey(ctx, key), JSON.stringify(value));
}

/** Is Handoff installed from the Marketplace (time triggers at most hourly)? */
export function installedAsAddOn(ctx: AppContext): boolean {
  try {
    const s = ctx.services.ScriptApp.getInstallationSource();
    return String(s) !== String(ctx.services.ScriptApp.InstallationSource.NONE);
  } catch {
    return false;
  }
}

/** The period that applies: an add-on is held to hourly whatever is configured. */
export function effectivePeriod(config: TimerConfig, addOn: boolean): number {
  if (addOn) return ADDON_PERIOD_MINUTES;
  return config.periodMinutes ?? DEFAULT_BOUND_PERIOD_MINUTES;
}

/**
 * Adds people to (`add`) or takes them off (`remove`) the list of those whose next digest has something new, under the
 * script lock (the Outbox and the digests both change it): one read and one write of its property.
 */
export function updateDigestDue(ctx: AppContext, add: Record<string, number>, remove: readonly string[] = []): void {
  if (Object.keys(add).length === 0 && remove.length === 0) return;
  withLock(
    ctx,
    () => {
      const props = ctx.services.PropertiesService.getScriptProperties();
      const key = stateKey(ctx, 'digestDue');
      const due = parse<Record<string, number>>(props.getProperty(key), {});
      for (const [email, at] of Object.entries(add)) due[email] = Math.min(due[email] ?? at, at);
      for (const email of remove) delete due[email];
      if (Object.keys(due).length === 0) props.deleteProperty(key);
      else props.setProperty(key, JSON.stringify(due));
    },
    { recover: false },
  );
}
