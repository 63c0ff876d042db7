import type { Kernel } from '../../kernel/kernel';
import { gasError, MESSAGES } from '../../kernel/errors';
import type { ExecutionKind } from '../../kernel/execution';
import type { ScriptConfig } from './config';
import { TriggerFaults, type DroppedTrigger } from './faults';
import { isThenable, type InvokerSlot } from './invoker';
import { isOneOff, nextFireAfter, type ClockSpec } from './schedule';
import { isoWeek, zonedParts } from './zoned';

export type TriggerEventType = 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_FORM_SUBMIT' | 'ON_CHANGE' | 'ON_EVENT_UPDATED';
export type TriggerSourceType = 'CLOCK' | 'SPREADSHEETS' | 'FORMS' | 'DOCUMENTS' | 'CALENDAR';

/** One installable trigger, as plain (persistable) data. */
export interface TriggerRecord {
  uid: string;
  handler: string;
  /** The account that created it: the trigger runs as this account. */
  owner: string;
  eventType: TriggerEventType;
  source: TriggerSourceType;
  /** Spreadsheet/form id; null for clock triggers (as Trigger.getTriggerSourceId() returns). */
  sourceId: string | null;
  createdAt: number;
  clock?: ClockSpec;
  /** Next instant a clock trigger is due; null once a one-off trigger has run. */
  nextAt?: number | null;
  /** A fault (faults.ts, 'disabled'): still listed, but it does not fire. */
  disabledSince?: number;
}

/** One run of a trigger, recorded for tests and the playground. */
export interface TriggerRun {
  uid: string;
  handler: string;
  owner: string;
  eventType: TriggerEventType;
  /** Simulated time the run started. */
  at: number;
  /** For clock triggers: the scheduled instant this run stands for. */
  scheduledAt?: number;
  /** How many scheduled instants this run stands for (>1 when a clock jump skipped runs: no back-fill). */
  coalesced?: number;
  ok: boolean | 'pending';
  error?: string;
  result?: unknown;
  /** Delivered late, when a dropped trigger was restored (faults.ts). */
  late?: boolean;
}

export const MAX_TRIGGERS_PER_USER = 20;

export interface TriggerStoreState {
  seq: number;
  triggers: TriggerRecord[];
  runs: TriggerRun[];
  /** Dropped by a fault (absent in state saved before faults existed). */
  dropped?: DroppedTrigger[];
}

/**
 * All installable triggers of the project (every user's), their firing from the SimClock, and
 * the fire paths other services use (form submit, spreadsheet open/edit/change).
 */
export class TriggerStore {
  private triggers: TriggerRecord[] = [];
  private seq = 0;
  readonly runs: TriggerRun[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  /** The completion of each run an asynchronous runtime is executing (see whenDone). */
  private readonly completions = new WeakMap<TriggerRun, Promise<unknown>>();
  private firing = false;
  /** Triggers Google dropped or disabled without telling the script (faults.ts). */
  readonly faults = new TriggerFaults({
    triggers: () => this.triggers,
    now: () => this.kernel.clock.now(),
    run: (t, event, kind, extra) => this.runOne(t, event, kind, extra),
  });

  constructor(
    private readonly kernel: Kernel,
    private readonly invoker: InvokerSlot,
    private readonly config: ScriptConfig,
  ) {
    kernel.clock.onAdvance((from, to) => this.onClock(from, to));
  }

  // ---- bookkeeping --------------------------------------------------------------------------

  all(): TriggerRecord[] {
    return this.triggers.slice();
  }

  forUser(user: string): TriggerRecord[] {
    return this.triggers.filter((t) => t.owner === user);
  }

  get(uid: string): TriggerRecord | undefined {
    return this.triggers.find((t) => t.uid === uid);
  }

  add(rec: Omit<TriggerRecord, 'uid' | 'createdAt' | 'nextAt'>): TriggerRecord {
    if (this.forUser(rec.owner).length >= MAX_TRIGGERS_PER_USER) throw gasError(MESSAGES.tooManyTriggers);
    const now = this.kernel.clock.now();
    const full: TriggerRecord = { ...rec, uid: this.newUid(), createdAt: now };
    if (rec.clock) full.nextAt = nextFireAfter(rec.clock, now, now);
    this.triggers.push(full);
    return full;
  }

  remove(uid: string): boolean {
    const i = this.triggers.findIndex((t) => t.uid === uid);
    if (i < 0) return false;
    this.triggers.splice(i, 1);
    return true;
  }

  private newUid(): string {
    this.seq += 1;
    // Apps Script trigger ids are long decimal strings.
    return String(7_300_000_000_000_000_000n + BigInt(this.seq) * 7_919n);
  }

  // ---- firing -------------------------------------------------------------------------------

  /**
   * Runs every trigger that matches, each as its owner, with the event the factory builds.
   * A handler that throws is recorded as a failed run (Apps Script emails the owner a failure summary)
   * and does not stop the others.
   */
  fire(
    match: (t: TriggerRecord) => boolean,
    makeEvent: (t: TriggerRecord) => unknown,
    kind: ExecutionKind = 'installable-trigger',
    extra: (t: TriggerRecord) => Partial<TriggerRun> = () => ({}),
  ): TriggerRun[] {
    const out: TriggerRun[] = [];
    for (const t of this.triggers.filter(match)) {
      if (t.disabledSince !== undefined) this.faults.hold(t, makeEvent(t), kind, extra(t));
      else out.push(this.runOne(t, makeEvent(t), kind, extra(t)));
    }
    this.faults.holdForDropped(match, makeEvent, kind, extra);
    return out;
  }

  /** Form-submit triggers of a form. */
  fireForForm(formId: string, eventType: TriggerEventType, makeEvent: (t: TriggerRecord) => unknown): TriggerRun[] {
    return this.fire((t) => t.source === 'FORMS' && t.sourceId === formId && t.eventType === eventType, makeEvent);
  }

  /** Spreadsheet triggers (open, edit, change, form submit). For SpreadsheetApp and FormApp. */
  fireForSpreadsheet(spreadsheetId: string, eventType: TriggerEventType, makeEvent: (t: TriggerRecord) => unknown): TriggerRun[] {
    return this.fire((t) => t.source === 'SPREADSHEETS' && t.sourceId === spreadsheetId && t.eventType === eventType, makeEvent);
  }

  private runOne(t: TriggerRecord, event: unknown, kind: ExecutionKind, extra: Partial<TriggerRun>): TriggerRun {
    const run: TriggerRun = {
      uid: t.uid,
      handler: t.handler,
      owner: t.owner,
      eventType: t.eventType,
      at: this.kernel.clock.now(),
      ok: true,
      ...extra,
    };
    this.runs.push(run);
    try {
      const result = this.invoker.invoke(t.handler, event, { activeUser: t.owner, effectiveUser: t.owner, kind, authMode: 'FULL' });
      if (isThenable(result)) {
        run.ok = 'pending';
        const p = Promise.resolve(result).then(
          (r) => {
            run.ok = true;
            run.result = r;
          },
          (e: unknown) => {
            run.ok = false;
            run.error = errorText(e);
          },
        );
        this.pending.add(p);
        this.completions.set(run, p);
        void p.finally(() => this.pending.delete(p));
      } else {
        run.result = result;
      }
    } catch (e) {
      run.ok = false;
      run.error = errorText(e);
    }
    return run;
  }

  /** Resolves when this run has finished (at once for a run that completed synchronously). */
  whenDone(run: TriggerRun): Promise<void> {
    return Promise.resolve(this.completions.get(run)).then(() => undefined);
  }

  /** Waits for trigger runs that an asynchronous (worker) runtime is still executing. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** The earliest instant any clock trigger is due, or null. */
  nextDue(): number | null {
    let best: number | null = null;
    for (const t of this.triggers)
      if (t.nextAt != null && t.disabledSince === undefined && (best === null || t.nextAt < best)) best = t.nextAt;
    return best;
  }

  /**
   * Clock listener. Each clock trigger due in (from, to] runs once, now. When the jump spans several of
   * its instants, they are coalesced into this one run: Apps Script does not back-fill runs it missed.
   * Use advanceStepwise() to see every scheduled run at its own instant.
   */
  private onClock(_from: number, to: number): void {
    if (this.firing) return; // a trigger that moves the clock does not re-enter
    this.firing = true;
    try {
      const due = this.triggers
        .filter((t) => t.clock && t.nextAt != null && t.nextAt <= to && t.disabledSince === undefined)
        .sort((a, b) => (a.nextAt ?? 0) - (b.nextAt ?? 0));
      for (const t of due) {
        if (!this.triggers.includes(t) || !t.clock) continue; // deleted by an earlier run
        const scheduledAt = t.nextAt as number;
        let coalesced = 0;
        let next: number | null = scheduledAt;
        while (next != null && next <= to) {
          coalesced++;
          next = isOneOff(t.clock) ? null : nextFireAfter(t.clock, t.createdAt, next);
        }
        t.nextAt = next;
        const now = this.kernel.clock.now();
        this.runOne(t, timeDrivenEvent(now, t.uid), 'time-trigger', { scheduledAt, coalesced });
      }
    } finally {
      this.firing = false;
    }
  }

  /** Moves the clock to `target`, stopping at every instant a clock trigger is due so each run happens on time. */
  advanceStepwise(target: number): number {
    if (this.firing) throw new Error('local Workspace: a trigger handler cannot advance the clock stepwise');
    let steps = 0;
    for (;;) {
      const next = this.nextDue();
      if (next === null || next > target) break;
      if (next > this.kernel.clock.now()) this.kernel.clock.set(next);
      else this.kernel.clock.set(this.kernel.clock.now()); // due now (time drifted during a run): fire without moving
      steps++;
    }
    if (target > this.kernel.clock.now()) this.kernel.clock.set(target);
    return steps;
  }

  // ---- persistence --------------------------------------------------------------------------

  toJSON(): TriggerStoreState {
    return {
      seq: this.seq,
      triggers: structuredClone(this.triggers),
      runs: this.runs.map((r) => ({ ...r, result: undefined })),
      dropped: this.faults.toJSON(),
    };
  }

  restore(state: TriggerStoreState): void {
    this.seq = state.seq;
    this.triggers = structuredClone(state.triggers);
    this.faults.restoreState(state.dropped);
    this.runs.splice(0, this.runs.length, ...state.runs);
  }

  get timeZone(): string {
    return this.config.timeZone;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The event object a time-driven trigger receives (values in UTC, as the reference's example shows). */
export function timeDrivenEvent(now: number, triggerUid: string): GoogleAppsScript.Events.TimeDriven {
  const p = zonedParts(now, 'UTC');
  return {
    authMode: 'FULL' as unknown as GoogleAppsScript.Script.AuthMode,
    'day-of-month': p.day,
    'day-of-week': p.weekday,
    hour: p.hour,
    minute: p.minute,
    month: p.month,
    second: p.second,
    timezone: 'UTC',
    triggerUid,
    'week-of-year': isoWeek(p.year, p.month, p.day),
    year: p.year,
  };
}
