/** The local date and hour of an instant in a time zone (digests, delivery). */
import { intlZoneOffset, type ZoneOffset } from '../../core';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Local date and hour of an instant in a time zone (an unknown zone falls back to UTC). */
export function localClock(timeZone: string, now: number, zo: ZoneOffset = intlZoneOffset): { date: string; hour: number } {
  let offsetMin = 0;
  try {
    offsetMin = zo(timeZone, now);
  } catch {
    offsetMin = 0;
  }
  const local = now + offsetMin * 60_000;
  const day = Math.floor(local / DAY);
  return { date: new Date(day * DAY).toISOString().slice(0, 10), hour: Math.floor((local - day * DAY) / HOUR) };
}
