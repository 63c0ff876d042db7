/** When a request's SLA next needs the timers: its next reminder not yet sent, or its deadline (breach). */
import type { Definition } from '../definition/schema';
import { stateById } from '../definition/lookup';
import type { SlaInfo } from '../model/request';
import { addBusinessTime, HOUR_MS } from './calendar';
import { intlZoneOffset, type ZoneOffset } from './zone';

/**
 * The earliest instant after `now` at which the timers have something to do for this SLA (a reminder offset not
 * yet sent, or the breach not yet recorded), or null (paused, no calendar, nothing left). Events at or before
 * `now` are the timers' current work, not the next.
 */
export function nextSlaEvent(def: Definition, sla: SlaInfo, now: number, zo: ZoneOffset = intlZoneOffset): number | null {
  if (sla.runningSince === null || !def.calendar) return null;
  let next = Number.POSITIVE_INFINITY;
  const own = stateById(def, sla.state)?.sla;
  for (const h of own?.remindAfterHours ?? []) {
    if (sla.remindersSent.includes(h) || h * HOUR_MS >= sla.budgetMs) continue;
    const at = addBusinessTime(def.calendar, sla.runningSince, h * HOUR_MS - sla.consumedMs, zo);
    if (at > now && at < next) next = at;
  }
  if (!sla.breachRecorded && sla.dueAt !== null && sla.dueAt > now && sla.dueAt < next) next = sla.dueAt;
  return Number.isFinite(next) ? next : null;
}
