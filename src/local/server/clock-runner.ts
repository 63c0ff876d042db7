/**
 * Moving simulated time. Each instant a time-driven trigger is due, the clock moves there once no execution is
 * in flight, and the runs it fires execute on the worker pool like every other execution (executions.ts); the
 * clock waits for them before it moves on. The server's thread only schedules: it answers every other request
 * meanwhile, and executions pages start during an advance run at the current simulated instant, beside the timer
 * run, as in Apps Script. Simulated time never jumps in the middle of an execution. A second advance while one is
 * moving is refused with 503 and a Retry-After estimate.
 */
import { timeDrivenEvent } from '../services/script/triggers';
import { advanceTarget, runView, type TriggerRunView } from './clock';
import { BadRequest } from './errors';
import type { Playground } from './playground';

/** The server is busy with something that takes a while: 503 with Retry-After (seconds). */
export class Busy extends BadRequest {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(message, 503);
  }
}

/** The handler of Handoff's one time-driven trigger. */
export const TIMER_HANDLER = 'handoffTimerRun';

export interface Advancing {
  from: string;
  to: string;
  now: string;
  runs: number;
}

export class ClockRunner {
  private moving: { from: number; target: number; startedAt: number; runsBefore: number } | null = null;

  constructor(private readonly p: Playground) {}

  /** The advance in progress, if any (pages show it). */
  advancing(): Advancing | null {
    const m = this.moving;
    if (!m) return null;
    return {
      from: new Date(m.from).toISOString(),
      to: new Date(m.target).toISOString(),
      now: new Date(this.p.now()).toISOString(),
      runs: this.p.ws.triggers.store.runs.length - m.runsBefore,
    };
  }

  private refuseWhileMoving(what: string): void {
    const m = this.moving;
    if (!m) return;
    const done = this.p.now() - m.from;
    const elapsed = Date.now() - m.startedAt;
    const left = done > 0 ? ((m.target - this.p.now()) * elapsed) / done : 5_000;
    throw new Busy(
      `The clock is moving to ${new Date(m.target).toISOString()} (now ${new Date(this.p.now()).toISOString()}): ${what} when it is done.`,
      Math.min(60, Math.max(1, Math.ceil(left / 1000))),
    );
  }

  /** Moves simulated time forward, firing every time-driven trigger that falls due on the way, each on time. */
  async advance(by: { ms?: unknown; to?: unknown }): Promise<{ from: string; now: string; runs: TriggerRunView[] }> {
    this.refuseWhileMoving('advance it again');
    const ws = this.p.ws;
    const ex = this.p.executions;
    const from = this.p.now();
    const target = advanceTarget(from, by);
    const store = ws.triggers.store;
    const runsBefore = store.runs.length;
    this.moving = { from, target, startedAt: Date.now(), runsBefore };
    try {
      for (;;) {
        const next = ws.triggers.nextDue();
        if (next === null || next > target) break;
        // Due now when a run took simulated time past it: fire without moving.
        await ex.whenQuiet(() => ws.kernel.clock.set(Math.max(next, ws.kernel.clock.now())));
        // The runs it fired are on the pool: wait for them (and for what they started) before moving on.
        await store.settled();
      }
      await ex.whenQuiet(() => {
        if (target > ws.kernel.clock.now()) ws.kernel.clock.set(target);
      });
      await store.settled();
    } finally {
      this.moving = null;
      this.p.changed();
    }
    return {
      from: new Date(from).toISOString(),
      now: new Date(this.p.now()).toISOString(),
      runs: store.runs.slice(runsBefore).map(runView),
    };
  }

  /**
   * Runs the time-driven trigger now, out of its schedule, as its owner: what the timer would do at its next run
   * (send the mail that waits in the Outbox, reminders that are due). Runs on the pool, like any execution.
   */
  async runTimerNow(): Promise<TriggerRunView[]> {
    this.refuseWhileMoving('run the timer');
    const store = this.p.ws.triggers.store;
    const timers = store.all().filter((t) => t.eventType === 'CLOCK' && t.handler === TIMER_HANDLER);
    if (timers.length === 0)
      throw new BadRequest(`No time-driven trigger runs ${TIMER_HANDLER}: install the timers first (set-up does).`, 409);
    const now = this.p.now();
    try {
      const runs = store.fire(
        (t) => timers.includes(t),
        (t) => timeDrivenEvent(now, t.uid),
        'time-trigger',
      );
      await Promise.all(runs.map((r) => store.whenDone(r)));
      return runs.map(runView);
    } finally {
      this.p.changed();
    }
  }
}
