/** Calendar days typed in the panel (YYYY-MM-DD) as instants in a time zone: an away window's first and last day. */
import * as z from '../../core/zod';
import type { AppContext } from '../context';
import { utilitiesZoneOffset } from '../zone';

export const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'));

/** Midnight starting `day` (YYYY-MM-DD) in `zone`, as epoch ms (the zone's offset through Utilities.formatDate). */
export function dayStart(ctx: AppContext, day: string, zone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const utc = Date.UTC(y, m - 1, d);
  const offset = utilitiesZoneOffset(ctx.services.Utilities);
  const guess = utc - offset(zone, utc) * 60_000;
  return utc - offset(zone, guess) * 60_000;
}
export const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
