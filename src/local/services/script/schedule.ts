import { zonedParts, zonedToUtc } from './zoned';

/** What a ClockTriggerBuilder recorded. Plain data: persisted with the trigger. */
export interface ClockSpec {
  /** One-off: at(date), after(ms), atDate(y, m, d). */
  at?: number;
  atDate?: { year: number; month: number; day: number };
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
  everyWeeks?: number;
  onWeekDay?: number; // ISO 1-7
  onMonthDay?: number;
  atHour?: number;
  nearMinute?: number;
  timeZone: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** True when the trigger runs more often than once an hour (refused for Marketplace add-ons). */
export function isSubHourly(spec: ClockSpec): boolean {
  return spec.everyMinutes !== undefined;
}

export function isOneOff(spec: ClockSpec): boolean {
  return spec.at !== undefined || spec.atDate !== undefined;
}

/**
 * The first instant strictly after `after` at which the trigger is due, or null if it never is again.
 * `createdAt` anchors the recurring schedules. Apps Script picks a random minute (or "near" the requested
 * one, +/- 15 minutes) and keeps it from run to run; here the choice is deterministic: see README.
 */
export function nextFireAfter(spec: ClockSpec, createdAt: number, after: number): number | null {
  const tz = spec.timeZone;
  if (spec.at !== undefined) return spec.at > after ? spec.at : null;
  if (spec.atDate) {
    const t = zonedToUtc(spec.atDate.year, spec.atDate.month, spec.atDate.day, spec.atHour ?? 0, spec.nearMinute ?? 0, tz);
    return t > after ? t : null;
  }
  if (spec.everyMinutes) {
    const step = spec.everyMinutes * MINUTE;
    // Aligned on whole multiples of the period (e.g. :00, :05, :10 for every 5 minutes), first one after creation.
    const base = Math.max(after, createdAt);
    return (Math.floor(base / step) + 1) * step;
  }
  if (spec.everyHours) {
    const step = spec.everyHours * HOUR;
    const c = zonedParts(createdAt, tz);
    let anchor = zonedToUtc(c.year, c.month, c.day, c.hour, spec.nearMinute ?? c.minute, tz);
    if (anchor <= createdAt) anchor += step;
    if (anchor > after) return anchor;
    return anchor + (Math.floor((after - anchor) / step) + 1) * step;
  }
  const c = zonedParts(createdAt, tz);
  const hour = spec.atHour ?? c.hour;
  const minute = spec.nearMinute ?? (spec.atHour !== undefined ? 0 : c.minute);
  if (spec.everyDays) {
    const n = spec.everyDays;
    let anchor = zonedToUtc(c.year, c.month, c.day, hour, minute, tz);
    let k = 0;
    while (anchor <= createdAt) anchor = zonedToUtc(c.year, c.month, c.day + n * ++k, hour, minute, tz);
    // Step in calendar days (not 24 h), so the wall-clock time survives daylight-saving changes.
    if (anchor > after) return anchor;
    const approx = Math.floor((after - anchor) / (n * DAY));
    for (let i = Math.max(0, approx - 1); ; i++) {
      const t = zonedToUtc(c.year, c.month, c.day + n * (k + i), hour, minute, tz);
      if (t > after) return t;
    }
  }
  if (spec.everyWeeks || spec.onWeekDay) {
    const n = spec.everyWeeks ?? 1;
    const weekday = spec.onWeekDay ?? c.weekday;
    const dayShift = (weekday - c.weekday + 7) % 7;
    const startDay = c.day + dayShift;
    let k = 0;
    let anchor = zonedToUtc(c.year, c.month, startDay, hour, minute, tz);
    while (anchor <= createdAt) anchor = zonedToUtc(c.year, c.month, startDay + 7 * n * ++k, hour, minute, tz);
    if (anchor > after) return anchor;
    const approx = Math.floor((after - anchor) / (n * 7 * DAY));
    for (let i = Math.max(0, approx - 1); ; i++) {
      const t = zonedToUtc(c.year, c.month, startDay + 7 * n * (k + i), hour, minute, tz);
      if (t > after) return t;
    }
  }
  if (spec.onMonthDay) {
    const base = zonedParts(Math.max(after, createdAt), tz);
    for (let i = 0; i < 24; i++) {
      const t = zonedToUtc(base.year, base.month + i, spec.onMonthDay, hour, minute, tz);
      if (t > after && t > createdAt) return t;
    }
    return null;
  }
  return null;
}
