/**
 * Core's SLA calendar takes a ZoneOffset port (minutes east of UTC of an IANA zone at an instant) and defaults to
 * Intl.DateTimeFormat. Apps Script's support for Intl with IANA zones is not documented; Utilities.formatDate with
 * the SimpleDateFormat pattern 'Z' ("-0500", "+0530") is. This port is built on it, and the gas context hands it to
 * every engine call (createRequest, apply, slaStatus, recordReminder, recordBreach).
 *
 * Offsets are cached per zone per UTC day: the offsets at a day's start and at its end (the next day's start, shared)
 * are asked once; when they agree the whole day has that offset (no zone changes its offset twice within a day), so
 * an SLA computation over a week asks formatDate about eight times, not once per quarter hour it touches (a single
 * look-up costs two calls instead of one). A day whose two ends differ holds a change: it is cached per quarter
 * hour, as core's are (every real-world zone changes offset on a quarter-hour boundary).
 */
import type { ZoneOffset } from '../core';

type FormatDate = Pick<GoogleAppsScript.Utilities.Utilities, 'formatDate'>;

const QUARTER_HOUR = 15 * 60 * 1000;
const DAY = 86_400_000;
const QUARTERS_A_DAY = DAY / QUARTER_HOUR;
const MAX_CACHED = 50_000;

/** "+0530" / "-0330" / "+05:30" → minutes east of UTC. Throws on anything else (never guesses). */
export function parseOffset(text: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(String(text).trim());
  if (!m) throw new Error(`Utilities.formatDate gave "${text}" for the 'Z' pattern; expected an offset like -0500.`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** A ZoneOffset on Utilities.formatDate(date, timeZone, 'Z'), cached per zone per day (per quarter hour on a change). */
export function utilitiesZoneOffset(utilities: FormatDate): ZoneOffset {
  const cache = new Map<string, number>();
  /** The offset at the start of a quarter hour (a day starts on one). */
  const at = (timeZone: string, bucket: number): number => {
    const key = timeZone + '|' + bucket;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const offset = parseOffset(utilities.formatDate(new Date(bucket * QUARTER_HOUR), timeZone, 'Z'));
    if (cache.size > MAX_CACHED) cache.clear();
    cache.set(key, offset);
    return offset;
  };
  return (timeZone, epochMs) => {
    if (FIXED_UTC_ZONES.has(timeZone)) return 0;
    const day = Math.floor(epochMs / DAY);
    const dayKey = timeZone + '|d' + day;
    let whole = cache.get(dayKey);
    if (whole === undefined) {
      const start = at(timeZone, day * QUARTERS_A_DAY);
      whole = start === at(timeZone, (day + 1) * QUARTERS_A_DAY) ? start : Number.NaN;
      cache.set(dayKey, whole);
    }
    return Number.isNaN(whole) ? at(timeZone, Math.floor(epochMs / QUARTER_HOUR)) : whole;
  };
}

/**
 * Names of UTC itself (and its Etc aliases): offset 0 at every instant by definition, so no call is needed. Zones
 * that are UTC+0 today by law (Reykjavik, Abidjan...) are not here: their history has other offsets, so they are
 * asked like any zone.
 */
const FIXED_UTC_ZONES: ReadonlySet<string> = new Set([
  'UTC',
  'GMT',
  'UCT',
  'Zulu',
  'Universal',
  'Greenwich',
  'Etc/UTC',
  'Etc/GMT',
  'Etc/UCT',
  'Etc/Zulu',
  'Etc/Universal',
  'Etc/Greenwich',
  'Etc/GMT+0',
  'Etc/GMT-0',
  'Etc/GMT0',
  'GMT0',
  'GMT+0',
  'GMT-0',
]);

/**
 * Zones that are UTC+0 all year. Utilities.formatDate treats an unknown zone as GMT without an error (Java's
 * TimeZone.getTimeZone), so '+0000' cannot tell these from a misspelt zone: they are listed instead.
 */
export const ALWAYS_UTC_ZONES: readonly string[] = [
  ...FIXED_UTC_ZONES,
  'Iceland',
  'Africa/Abidjan',
  'Africa/Accra',
  'Africa/Bamako',
  'Africa/Banjul',
  'Africa/Bissau',
  'Africa/Conakry',
  'Africa/Dakar',
  'Africa/Freetown',
  'Africa/Lome',
  'Africa/Monrovia',
  'Africa/Nouakchott',
  'Africa/Ouagadougou',
  'Africa/Sao_Tome',
  'Africa/Timbuktu',
  'America/Danmarkshavn',
  'Atlantic/Reykjavik',
  'Atlantic/St_Helena',
];

/** Two instants half a year apart: a zone with daylight saving time (London, Dublin, Lisbon) is off UTC at one of them. */
const PROBES = [Date.UTC(2025, 0, 15, 12), Date.UTC(2025, 6, 15, 12)];

/**
 * A ZoneCheck (core's validateDefinition / publishVersion option) on Utilities.formatDate, the service the gas
 * ZoneOffset uses: a zone is known when formatDate gives it an offset other than +0000 at either probe (an unknown
 * zone is GMT), or it is one of ALWAYS_UTC_ZONES. Java zone ids are case-sensitive, so 'europe/paris' — which
 * formatDate would silently compute as GMT — is not known. At most two formatDate calls per zone, cached.
 */
export function utilitiesKnownZone(utilities: FormatDate): (timeZone: string) => boolean {
  const cache = new Map<string, boolean>();
  return (timeZone) => {
    const hit = cache.get(timeZone);
    if (hit !== undefined) return hit;
    let ok = ALWAYS_UTC_ZONES.includes(timeZone);
    if (!ok && typeof timeZone === 'string' && timeZone.trim() !== '') {
      try {
        ok = PROBES.some((at) => parseOffset(utilities.formatDate(new Date(at), timeZone, 'Z')) !== 0);
      } catch {
        ok = false;
      }
    }
    cache.set(timeZone, ok);
    return ok;
  };
}
