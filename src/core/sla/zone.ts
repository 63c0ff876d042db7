/** Port: the UTC offset (minutes east of UTC) of an IANA time zone at an instant. */
export type ZoneOffset = (timeZone: string, epochMs: number) => number;

/**
 * Port: whether the runtime knows an IANA time zone (used when a definition is validated: a calendar in a zone the
 * runtime does not know would be computed in the wrong zone). The default asks Intl; the Apps Script layer passes
 * one built on Utilities.formatDate (src/gas/zone.ts), the same service its ZoneOffset uses.
 */
export type ZoneCheck = (timeZone: string) => boolean;

const known = new Map<string, boolean>();

/** Default ZoneCheck: Intl.DateTimeFormat accepts the zone. */
export const intlKnownZone: ZoneCheck = (timeZone) => {
  let ok = known.get(timeZone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      ok = true;
    } catch {
      ok = false;
    }
    if (known.size > 1000) known.clear();
    known.set(timeZone, ok);
  }
  return ok;
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const cache = new Map<string, number>();
const QUARTER_HOUR = 15 * 60 * 1000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Default ZoneOffset using Intl.DateTimeFormat (ES standard). Offsets are cached per quarter hour:
 * every real-world zone changes offset on a quarter-hour boundary.
 */
export const intlZoneOffset: ZoneOffset = (timeZone, epochMs) => {
  const bucket = Math.floor(epochMs / QUARTER_HOUR);
  const key = timeZone + '|' + bucket;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const at = bucket * QUARTER_HOUR;
  const parts = formatter(timeZone).formatToParts(new Date(at));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  const offset = Math.round((local - at) / 60000);
  if (cache.size > 50000) cache.clear();
  cache.set(key, offset);
  return offset;
};
