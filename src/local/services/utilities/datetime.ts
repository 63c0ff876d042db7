/**
 * Time-zone arithmetic and Java SimpleDateFormat patterns (Utilities.formatDate), shared with SpreadsheetApp
 * (display values and date parsing happen in the spreadsheet's time zone).
 */
import { javaShortZoneName } from './zone-names';

const FIXED = /^(?:GMT|UTC|Etc\/GMT|Etc\/UTC|Z)?\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(tz: string): Intl.DateTimeFormat | null {
  if (!formatters.has(tz)) {
    try {
      formatters.set(
        tz,
        new Intl.DateTimeFormat('en-US', {
          timeZone: tz,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
          weekday: 'short',
        }),
      );
    } catch {
      formatters.set(tz, null);
    }
  }
  return formatters.get(tz) ?? null;
}

/** Fixed offset in minutes for 'GMT', 'UTC', 'GMT+1', 'GMT-05:00', 'UTC+5:30'; null for region zones. Etc/GMT+h is inverted (POSIX). */
function fixedOffsetMinutes(tz: string): number | null {
  const t = tz.trim();
  if (/^(GMT|UTC|Z|Etc\/GMT|Etc\/UTC|Etc\/UCT|UCT)$/i.test(t)) return 0;
  const m = FIXED.exec(t);
  if (!m?.[1] || !/^(GMT|UTC|Etc\/GMT)/i.test(t)) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const mins = sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  return /^Etc\/GMT/i.test(t) ? -mins : mins;
}

/** True when the zone is known (a region zone Intl knows, or a fixed GMT/UTC offset). Java falls back to GMT otherwise. */
export function isKnownTimeZone(tz: string): boolean {
  return fixedOffsetMinutes(tz) !== null || formatterFor(tz) !== null;
}

/** Offset of tz from UTC at the instant, in minutes (e.g. +60 for Europe/Berlin in winter). Unknown zones are GMT. */
export function offsetMinutes(ms: number, tz: string): number {
  const fixed = fixedOffsetMinutes(tz);
  if (fixed !== null) return fixed;
  const f = formatterFor(tz);
  if (!f) return 0;
  const p = partsOf(f, ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - (ms - (((ms % 1000) + 1000) % 1000))) / 60000);
}

function partsOf(f: Intl.DateTimeFormat, ms: number) {
  const o: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) o[p.type] = p.value;
  return {
    year: Number(o.year),
    month: Number(o.month),
    day: Number(o.day),
    hour: Number(o.hour) % 24,
    minute: Number(o.minute),
    second: Number(o.second),
  };
}

export interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** 1 = Monday ... 7 = Sunday */
  weekday: number;
  offsetMin: number;
}

export function fieldsIn(ms: number, tz: string): Fields {
  const offsetMin = offsetMinutes(ms, tz);
  const d = new Date(ms + offsetMin * 60000);
  const wd = d.getUTCDay();
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millis: d.getUTCMilliseconds(),
    weekday: wd === 0 ? 7 : wd,
    offsetMin,
  };
}

/** The instant at which the wall clock in tz shows these fields. */
export function instantOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  tz: string,
  millis = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  let guess = wall - offsetMinutes(wall, tz) * 60000;
  guess = wall - offsetMinutes(guess, tz) * 60000;
  return guess;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

function offsetText(min: number, style: 'Z' | 'X' | 'XX' | 'XXX' | 'z'): string {
  if ((style === 'X' || style === 'XX' || style === 'XXX') && min === 0) return 'Z';
  const sign = min < 0 ? '-' : '+';
  const h = pad(Math.floor(Math.abs(min) / 60), 2);
  const m = pad(Math.abs(min) % 60, 2);
  switch (style) {
    case 'Z':
      return `${sign}${h}${m}`;
    case 'X':
      return `${sign}${h}`;
    case 'XX':
      return `${sign}${h}${m}`;
    case 'XXX':
      return `${sign}${h}:${m}`;
    case 'z':
      return min === 0 ? 'GMT' : `GMT${sign}${h}:${m}`;
  }
}

function zoneName(ms: number, tz: string, long: boolean, offsetMin: number): string {
  if (!long) {
    const javaName = javaShortZoneName(tz, isDaylightSaving(ms, tz, offsetMin));
    if (javaName) return javaName;
  }
  if (fixedOffsetMinutes(tz) !== null || !formatterFor(tz)) return offsetText(offsetMin, 'z');
  const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: long ? 'long' : 'short' });
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (/^GMT[+-]/.test(name) && !long) return offsetText(offsetMin, 'z');
  return name === 'UTC' ? 'UTC' : name;
}

/** Daylight saving is on when the offset is larger than the zone's smallest offset of the year (January or July). */
function isDaylightSaving(ms: number, tz: string, offsetMin: number): boolean {
  const year = new Date(ms).getUTCFullYear();
  const jan = offsetMinutes(Date.UTC(year, 0, 1), tz);
  const jul = offsetMinutes(Date.UTC(year, 6, 1), tz);
  return offsetMin > Math.min(jan, jul);
}

function dayOfYear(f: Fields): number {
  return Math.round((Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86400000) + 1;
}

/** Formats like java.text.SimpleDateFormat (the engine behind Utilities.formatDate). */
export function formatJavaDate(ms: number, tz: string, pattern: string): string {
  const f = fieldsIn(ms, tz);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      // Quoted text runs to the next single quote; inside it, '' is one quote ("'o''clock'" is o'clock).
      i++;
      while (i < pattern.length) {
        if (pattern[i] === "'" && pattern[i + 1] === "'") {
          out += "'";
          i += 2;
        } else if (pattern[i] === "'") {
          i++;
          break;
        } else out += pattern[i++];
      }
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    switch (ch) {
      case 'G':
        out += f.year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
      case 'Y':
      case 'u':
        if (ch === 'u') {
          out += pad(f.weekday, n);
          break;
        }
        out += n === 2 ? pad(f.year % 100, 2) : pad(f.year, n);
        break;
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[f.month - 1] : n === 3 ? MONTHS[f.month - 1]!.slice(0, 3) : pad(f.month, n);
        break;
      case 'd':
        out += pad(f.day, n);
        break;
      case 'D':
        out += pad(dayOfYear(f), n);
        break;
      case 'E':
        out += n >= 4 ? DAYS[f.weekday - 1] : DAYS[f.weekday - 1]!.slice(0, 3);
        break;
      case 'a':
        out += f.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(f.hour, n);
        break;
      case 'k':
        out += pad(f.hour === 0 ? 24 : f.hour, n);
        break;
      case 'K':
        out += pad(f.hour % 12, n);
        break;
      case 'h':
        out += pad(h12, n);
        break;
      case 'm':
        out += pad(f.minute, n);
        break;
      case 's':
        out += pad(f.second, n);
        break;
      case 'S':
        out += pad(f.millis, n);
        break;
      case 'z':
        out += zoneName(ms, tz, n >= 4, f.offsetMin);
        break;
      case 'Z':
        out += offsetText(f.offsetMin, 'Z');
        break;
      case 'X':
        out += offsetText(f.offsetMin, n === 1 ? 'X' : n === 2 ? 'XX' : 'XXX');
        break;
      case 'w':
        out += pad(Math.ceil((dayOfYear(f) + (fieldsIn(Date.UTC(f.year, 0, 1), 'UTC').weekday % 7)) / 7), n);
        break;
      case 'F':
        out += pad(Math.ceil(f.day / 7), n);
        break;
      default:
        throw new Error(`Illegal pattern character '${ch}'`);
    }
  }
  return out;
}
