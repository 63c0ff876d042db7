/**
 * The next-due time's two keys (src/gas/plane/next-due.ts): the timer run's time, and the other writers' wake-ups.
 * Each key has one kind of writer, so a run's last write cannot hide a wake-up made while it ran.
 */
import type { AppContext } from '../../../../src/gas/context';
import {
  absorbWake,
  lowerNextDue,
  lowerNextDueNow,
  nextDueKey,
  readNextDue,
  runNextDue,
  wakeKey,
  wakeSeen,
} from '../../../../src/gas/plane/next-due';
import { PlaneProps } from '../../../../src/gas/plane/props';

const NOW = Date.UTC(2026, 2, 10, 13, 0);
const H = 3_600_000;

function setting(initial: Record<string, string> = {}) {
  const data: Record<string, string> = { ...initial };
  const store = {
    getProperties: () => ({ ...data }),
    setProperties: (v: Record<string, string>) => Object.assign(data, v),
    deleteProperty: (k: string) => delete data[k],
  } as unknown as GoogleAppsScript.Properties.Properties;
  const ctx = { now: () => NOW, scope: () => 'handoff:sheet-1' } as unknown as AppContext;
  const fresh = () => new PlaneProps(() => store);
  const lower = (at: number) => {
    const props = fresh();
    lowerNextDue({ ctx, props }, at);
    const wrote = props.pending;
    props.flush();
    return wrote;
  };
  const due = () => readNextDue(ctx, fresh());
  return { ctx, data, fresh, lower, due };
}

describe('the next-due keys', () => {
  it('reads a time stored before wake-ups had ids', () => {
    const s = setting();
    s.data[nextDueKey(s.ctx)] = String(NOW + H);
    expect(s.due()).toBe(NOW + H);
    expect(s.lower(NOW)).toBe(true);
    expect(s.due()).toBe(NOW);
  });

  it('no run time stored: unknown (everything may be due), whatever the wake-ups say', () => {
    const s = setting();
    s.lower(NOW + H);
    expect(s.due()).toBeNull();
  });

  it('a later wake-up than the run time is not written when no run is in flight; it is when one is', () => {
    const s = setting();
    s.data[nextDueKey(s.ctx)] = runNextDue(NOW + H, [0, 0]);
    expect(s.lower(NOW + 2 * H)).toBe(false);
    s.data[`handoff:sheet-1:timers:lease`] = JSON.stringify({ run: 'r1', until: NOW + 60_000 });
    expect(s.lower(NOW + 2 * H)).toBe(true);
    expect(s.due()).toBe(NOW + H); // the run's time is still the earlier
    // The run ends: it writes its time with the wake-up it saw in its first unit (none), so this one stays pending.
    s.data[nextDueKey(s.ctx)] = runNextDue(NOW + 5 * H, [0, 0]);
    expect(s.due()).toBe(NOW + 2 * H);
  });

  it('a pending wake-up at or before the time is enough; an earlier one replaces it under a new id, keeping the earlier time', () => {
    const s = setting();
    s.data[nextDueKey(s.ctx)] = runNextDue(NOW + 5 * H, [0, 0]);
    expect(s.lower(NOW + H)).toBe(true);
    const first = wakeSeen(s.ctx, s.fresh());
    expect(s.lower(NOW + 2 * H)).toBe(false);
    expect(s.lower(NOW)).toBe(true);
    expect(wakeSeen(s.ctx, s.fresh())).not.toEqual(first);
    expect(s.due()).toBe(NOW);
  });

  it("a run's first unit marks the wake-up seen, folding its time in; a wake-up after that survives the run's last write", () => {
    const s = setting();
    s.data[nextDueKey(s.ctx)] = runNextDue(NOW + 5 * H, [0, 0]);
    s.lower(NOW);
    const props = s.fresh();
    absorbWake(s.ctx, props);
    props.flush();
    const seen = wakeSeen(s.ctx, s.fresh());
    expect(s.data[nextDueKey(s.ctx)]).toBe(runNextDue(NOW, seen)); // killed now: the work is still due
    s.data[`handoff:sheet-1:timers:lease`] = JSON.stringify({ run: 'r1', until: NOW + 60_000 });
    // While the run sends: a create queues mail. The seen wake-up does not count, so it writes its own.
    expect(s.lower(NOW)).toBe(true);
    s.data[nextDueKey(s.ctx)] = runNextDue(NOW + 4 * H, seen); // the run's last write
    expect(s.due()).toBe(NOW);
    expect(s.data[wakeKey(s.ctx)]).toMatch(new RegExp(`^${NOW}\\|\\d+$`));
  });

  it('a wake-up written outside the lock and one from a unit, made from the same read, both count (two keys)', () => {
    const s = setting();
    s.data[nextDueKey(s.ctx)] = runNextDue(NOW + 5 * H, [0, 0]);
    s.data['handoff:sheet-1:timers:lease'] = JSON.stringify({ run: 'r1', until: NOW + 60_000 });
    // Both read the same properties: a unit staging a later SLA time, and pending intake (lock busy) for now.
    const unit = s.fresh();
    lowerNextDue({ ctx: s.ctx, props: unit }, NOW + 3 * H);
    const ctx = { ...s.ctx, props: () => s.fresh() } as typeof s.ctx;
    lowerNextDueNow(ctx, NOW); // written at once
    unit.flush(); // the unit's write lands last
    expect(s.due()).toBe(NOW);
    expect(s.data[wakeKey(s.ctx, false)]).toMatch(new RegExp(`^${NOW}\\|\\d+$`));
    expect(s.data[wakeKey(s.ctx)]).toMatch(new RegExp(`^${NOW + 3 * H}\\|\\d+$`));
    // A run absorbs both; its last write marks both seen.
    const run = s.fresh();
    absorbWake(s.ctx, run);
    run.flush();
    const seen = wakeSeen(s.ctx, s.fresh());
    expect(seen.every((id) => id > 0)).toBe(true);
    s.data[nextDueKey(s.ctx)] = runNextDue(NOW + 2 * H, seen);
    expect(s.due()).toBe(NOW + 2 * H);
  });
});
