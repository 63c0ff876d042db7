/** The local Workspace's clock. Time only moves when a test, the playground or the cost model moves it. */
export class SimClock {
  private ms: number;
  private readonly listeners: Array<(from: number, to: number) => void> = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.ms = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.ms;
  }

  /** Moves time forward; listeners (time-driven triggers) see every advance. Time never goes back. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`SimClock.advance: expected a non-negative number of ms, got ${ms}`);
    this.set(this.ms + ms);
  }

  set(to: number | Date): void {
    const target = typeof to === 'number' ? to : to.getTime();
    if (target < this.ms)
      throw new RangeError(`SimClock.set: time cannot go back (${new Date(target).toISOString()} < ${new Date(this.ms).toISOString()})`);
    const from = this.ms;
    this.ms = target;
    for (const l of this.listeners) l(from, target);
  }

  /** Restores a persisted time (the playground's state), even backwards; listeners are not notified. */
  restore(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`SimClock.restore: expected a finite number of ms, got ${ms}`);
    this.ms = ms;
  }

  /** Moves time without notifying listeners: used for time spent inside an execution (sleep, simulated latency). */
  drift(ms: number): void {
    if (ms > 0) this.ms += ms;
  }

  onAdvance(listener: (from: number, to: number) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}

/** A Date class whose "now" is the SimClock's, for script contexts (node:vm) that must see simulated time. */
export function dateClassFor(clock: SimClock): DateConstructor {
  const RealDate = Date;
  function SimDate(this: unknown, ...args: unknown[]): Date | string {
    if (!new.target) return new RealDate(clock.now()).toString();
    if (args.length === 0) return new RealDate(clock.now());
    return new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  }
  SimDate.prototype = RealDate.prototype;
  SimDate.now = () => clock.now();
  SimDate.parse = RealDate.parse;
  SimDate.UTC = RealDate.UTC;
  return SimDate as unknown as DateConstructor;
}
