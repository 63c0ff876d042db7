/**
 * Faults the local Workspace can cause: a trigger Google drops or disables without any call of the script (its
 * owner left or lost access, or Apps Script disabled it). Used by tests and the playground's POST /api/faults.
 *   - 'removed': the trigger leaves every list (getProjectTriggers no longer shows it) and never fires;
 *   - 'disabled': it stays listed but never fires.
 * Events it misses are held in memory (not persisted) so that restore() can deliver them late, as a trigger that
 * comes back after an outage would; a clock trigger is not back-filled, as in Apps Script.
 */
import type { ExecutionKind } from '../../kernel/execution';
import { nextFireAfter } from './schedule';
import type { TriggerRecord, TriggerRun } from './triggers';

/** A trigger dropped by a fault: gone from every list until restored. */
export interface DroppedTrigger {
  record: TriggerRecord;
  at: number;
}

interface HeldEvent {
  uid: string;
  event: unknown;
  kind: ExecutionKind;
  extra: Partial<TriggerRun>;
}

/** What the fault state needs from the trigger store. */
export interface FaultHost {
  /** The live list (mutated in place). */
  triggers(): TriggerRecord[];
  now(): number;
  run(t: TriggerRecord, event: unknown, kind: ExecutionKind, extra: Partial<TriggerRun>): TriggerRun;
}

export class TriggerFaults {
  private dropped: DroppedTrigger[] = [];
  private held: HeldEvent[] = [];

  constructor(private readonly host: FaultHost) {}

  list(): DroppedTrigger[] {
    return structuredClone(this.dropped);
  }

  drop(uid: string, how: 'removed' | 'disabled' = 'removed'): TriggerRecord {
    const all = this.host.triggers();
    const t = all.find((x) => x.uid === uid);
    if (!t) throw new Error(`local Workspace: no trigger ${uid} to drop`);
    const now = this.host.now();
    if (how === 'disabled') t.disabledSince = now;
    else {
      all.splice(all.indexOf(t), 1);
      this.dropped.push({ record: t, at: now });
    }
    return structuredClone(t);
  }

  /**
   * Undoes drop(): the same trigger (id, owner, schedule) fires again; a clock trigger's next run is its next
   * scheduled instant from now. With `late` (the default) the events it missed are delivered now, in order.
   */
  restore(uid: string, opts: { late?: boolean } = {}): TriggerRun[] {
    const all = this.host.triggers();
    let t = all.find((x) => x.uid === uid && x.disabledSince !== undefined);
    if (t) delete t.disabledSince;
    else {
      const i = this.dropped.findIndex((d) => d.record.uid === uid);
      if (i < 0) throw new Error(`local Workspace: trigger ${uid} is neither dropped nor disabled`);
      t = (this.dropped.splice(i, 1)[0] as DroppedTrigger).record;
      all.push(t);
    }
    const now = this.host.now();
    if (t.clock && t.nextAt != null && t.nextAt <= now) t.nextAt = nextFireAfter(t.clock, t.createdAt, now);
    const mine = this.held.filter((h) => h.uid === uid);
    this.held = this.held.filter((h) => h.uid !== uid);
    if (opts.late === false) return [];
    const back = t;
    return mine.map((h) => this.host.run(back, h.event, h.kind, { ...h.extra, late: true }));
  }

  /** Holds the event of every dropped trigger that matches (fire() calls it). */
  holdForDropped(
    match: (t: TriggerRecord) => boolean,
    makeEvent: (t: TriggerRecord) => unknown,
    kind: ExecutionKind,
    extra: (t: TriggerRecord) => Partial<TriggerRun>,
  ): void {
    for (const d of this.dropped) if (match(d.record)) this.hold(d.record, makeEvent(d.record), kind, extra(d.record));
  }

  hold(t: TriggerRecord, event: unknown, kind: ExecutionKind, extra: Partial<TriggerRun>): void {
    this.held.push({ uid: t.uid, event, kind, extra });
  }

  toJSON(): DroppedTrigger[] {
    return structuredClone(this.dropped);
  }

  restoreState(dropped: DroppedTrigger[] | undefined): void {
    this.dropped = structuredClone(dropped ?? []);
    this.held = [];
  }
}
