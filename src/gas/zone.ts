/**
 * Core's SLA calendar takes a ZoneOffset port (minutes east of UTC of an IANA zone at an instant) and defaults to
 * Intl.DateTimeFormat. Apps Script's support for Intl with IANA zones is not documented; Utilities.formatDate with
 * the SimpleDateFormat pattern 'Z' ("-0500", "+0530") is. This port is built on it, and the gas context hands it to
 * every engine call (createRequest, apply, slaStatus, recordReminder, recordBreach).
 *
 * Offsets are cached per zone per quarter hour, as core's are (every real-world zone changes offset on a
 * quarter-hour boundary), so an SLA computation over many days makes one formatDate call per distinct quarter hour.
 */
import type { ZoneOffset } from '../core';

type FormatDate = Pick<GoogleAppsScript.Utilities.Utilities, 'formatDate'>;

const QUARTER_HOUR = 15 * 60 * 1000;
const MAX_CACHED = 50_000;

/** "+0530" / "-0330" / "+05:30" → minutes east of UTC. Throws on anything else (never guesses). */
export function parseOffset(text: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(String(text).trim());
  if (!m) throw new Error(`Utilities.formatDate gave "${text}" for the 'Z' pattern; expected an offset like -0500.`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** A ZoneOffset on Utilities.formatDate(date, timeZone, 'Z'), cached per zone per quarter hour. */
export function utilitiesZoneOffset(utilities: FormatDate): ZoneOffset {
  const cache = new Map<string, number>();
  return (timeZone, epochMs) => {
    const bucket = Math.floor(epochMs / QUARTER_HOUR);
    const key = timeZone + '|' + bucket;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const offset = parseOffset(utilities.formatDate(new Date(bucket * QUARTER_HOUR), timeZone, 'Z'));
    if (cache.size > MAX_CACHED) cache.clear();
    cache.set(key, offset);
    return offset;
  };
}
