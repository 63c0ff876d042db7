/** The playground's clock: durations, the longest step, and how a trigger run is shown. */
import type { TriggerRun } from '../services/script/triggers';
import { BadRequest } from './errors';

export interface TriggerRunView {
  handler: string;
  at: string;
  ok: boolean;
  error?: string;
}

export const MAX_ADVANCE_MS = 31 * 24 * 3600 * 1000;

/** "90m", "2h", "3d", "1w", "1d 4h" → ms; a plain number string is ms. */
export function parseDuration(s: string): number {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const unit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  let total = 0;
  let matched = '';
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])\s*/g)) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched += m[0];
  }
  if (!matched || matched.length !== t.length) return NaN;
  return total;
}

export function runView(r: TriggerRun): TriggerRunView {
  const view: TriggerRunView = { handler: r.handler, at: new Date(r.at).toISOString(), ok: r.ok === true };
  if (r.error) view.error = r.error;
  return view;
}

/** Where a step of the clock ends: `to` (an ISO date-time or epoch ms, not before `from`) or `ms` after `from`. */
export function advanceTarget(from: number, by: { ms?: unknown; to?: unknown }): number {
  if (by.to !== undefined) {
    const t = typeof by.to === 'number' ? by.to : typeof by.to === 'string' ? Date.parse(by.to) : NaN;
    if (!Number.isFinite(t)) throw new BadRequest(`"to" must be an ISO date-time or epoch ms, got ${JSON.stringify(by.to)}`);
    if (t < from)
      throw new BadRequest(`Time cannot go back: "to" (${new Date(t).toISOString()}) is before now (${new Date(from).toISOString()})`);
    if (t - from > MAX_ADVANCE_MS) throw new BadRequest('Advance at most 31 days at a time');
    return t;
  }
  {
    const ms = typeof by.ms === 'string' ? parseDuration(by.ms) : by.ms;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new BadRequest(
        `"ms" must be a non-negative number of milliseconds (or a duration like "2h", "3d", "45m"), got ${JSON.stringify(by.ms)}`,
      );
    if (ms > MAX_ADVANCE_MS) throw new BadRequest(`"ms" is more than 31 days; advance in smaller steps`);
    return from + ms;
  }
}

export interface TriggerView {
  handler: string;
  event: string;
  source: string;
  owner: string;
  nextAt: string | null;
}

/** An installed trigger as the clock page and the API show it. */
export function triggerView(t: {
  handler: string;
  eventType: unknown;
  sourceId?: string | null;
  owner: string;
  nextAt?: number | null;
}): TriggerView {
  return {
    handler: t.handler,
    event: String(t.eventType),
    source: t.sourceId ?? 'clock',
    owner: t.owner,
    nextAt: typeof t.nextAt === 'number' ? new Date(t.nextAt).toISOString() : null,
  };
}
