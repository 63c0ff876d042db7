/**
 * Business time on a calendar (IANA zone, working days, working hours, holidays).
 * Working windows are computed in local wall-clock time and converted to instants through the
 * ZoneOffset port, so "8 business hours" is one working day on both sides of a DST change.
 */
import type { Calendar } from '../definition/schema';
import { intlZoneOffset, type ZoneOffset } from './zone';

const DAY = 86_400_000;
const MIN = 60_000;
const MAX_DAYS = 3_660; // ten years: a calendar with no working time at all stops here

interface Prepared {
  startMin: number;
  endMin: number;
  days: Set<number>;
  holidays: Set<string>;
}
const prepared = new WeakMap<Calendar, Prepared>();

function prepare(cal: Calendar): Prepared {
  let p = prepared.get(cal);
  if (!p) {
    const toMin = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
    p = { startMin: toMin(cal.start), endMin: toMin(cal.end), days: new Set(cal.workingDays), holidays: new Set(cal.holidays ?? []) };
    prepared.set(cal, p);
  }
  return p;
}

/** Days since 1970-01-01 of the local date at `epochMs`. */
export function localDayNumber(cal: Calendar, epochMs: number, zo: ZoneOffset = intlZoneOffset): number {
  return Math.floor((epochMs + zo(cal.timeZone, epochMs) * MIN) / DAY);
}

/** The instant of local wall-clock time `minutes` after midnight on local day `day`. */
export function localToEpoch(timeZone: string, day: number, minutes: number, zo: ZoneOffset = intlZoneOffset): number {
  const local = day * DAY + minutes * MIN;
  const guess = local - zo(timeZone, local) * MIN;
  return local - zo(timeZone, guess) * MIN;
}

const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
/** ISO weekday (1 = Monday) of a day number. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

export function isWorkingDay(cal: Calendar, day: number): boolean {
  const p = prepare(cal);
  return p.days.has(isoWeekday(day)) && !p.holidays.has(isoDate(day));
}

/** The working window [start, end) of a local day, as instants, or null. */
function workWindow(cal: Calendar, day: number, zo: ZoneOffset): [number, number] | null {
  if (!isWorkingDay(cal, day)) return null;
  const p = prepare(cal);
  if (p.endMin <= p.startMin) return null;
  return [localToEpoch(cal.timeZone, day, p.startMin, zo), localToEpoch(cal.timeZone, day, p.endMin, zo)];
}

/** The instant when `durationMs` of business time has elapsed after `start`. */
export function addBusinessTime(cal: Calendar, start: number, durationMs: number, zo: ZoneOffset = intlZoneOffset): number {
  let remaining = Math.max(0, durationMs);
  const first = localDayNumber(cal, start, zo);
  let cursor = start;
  for (let day = first; day < first + MAX_DAYS; day++) {
    const w = workWindow(cal, day, zo);
    if (!w) continue;
    const from = Math.max(cursor, w[0]);
    if (from >= w[1]) continue;
    if (remaining === 0) return from;
    const available = w[1] - from;
    if (remaining <= available) return from + remaining;
    remaining -= available;
    cursor = w[1];
  }
  return Number.POSITIVE_INFINITY;
}

/** Business time (ms) between two instants; 0 when `to` <= `from`. */
export function businessTimeBetween(cal: Calendar, from: number, to: number, zo: ZoneOffset = intlZoneOffset): number {
  if (to <= from) return 0;
  let total = 0;
  const last = localDayNumber(cal, to, zo);
  for (let day = localDayNumber(cal, from, zo); day <= last; day++) {
    const w = workWindow(cal, day, zo);
    if (!w) continue;
    const a = Math.max(from, w[0]);
    const b = Math.min(to, w[1]);
    if (b > a) total += b - a;
  }
  return total;
}

export const HOUR_MS = 3_600_000;
