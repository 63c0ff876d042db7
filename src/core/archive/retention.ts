/**
 * The retention period: how long a closed request stays in the live workbook before it moves to a yearly archive.
 * A Config setting ("Retention days"), 60 days by default. A value that is not a whole number of days, 1 or more,
 * is refused with a sentence that names the setting, and nothing is archived while it stands.
 */

export const RETENTION_SETTING = 'Retention days';
export const DEFAULT_RETENTION_DAYS = 60;
export const DAY_MS = 86_400_000;

export type RetentionCheck = { ok: true; days: number } | { ok: false; message: string };

/** A cell or form value → the retention period in days. '' or null means the default. */
export function parseRetention(value: unknown): RetentionCheck {
  if (value === '' || value === null || value === undefined) return { ok: true, days: DEFAULT_RETENTION_DAYS };
  const text = typeof value === 'number' ? String(value) : String(value).trim();
  const n = typeof value === 'number' ? value : /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (!Number.isFinite(n))
    return {
      ok: false,
      message: `The Config setting "${RETENTION_SETTING}" must be a whole number of days (1 or more); "${shown}" is not a number.`,
    };
  if (!Number.isInteger(n))
    return {
      ok: false,
      message: `The Config setting "${RETENTION_SETTING}" must be a whole number of days (1 or more); ${shown} is not whole.`,
    };
  if (n < 1)
    return {
      ok: false,
      message: `The Config setting "${RETENTION_SETTING}" must be 1 day or more; ${shown} would archive requests the day they close.`,
    };
  return { ok: true, days: n };
}

/** Whether a request closed (last changed) at `closedAt` is past the retention period at `now`. */
export function pastRetention(closedAt: number, now: number, days: number): boolean {
  return closedAt > 0 && now - closedAt >= days * DAY_MS;
}
