/** The SLA clock of a request: start on entering a state with an SLA, pause while waiting on the requester, resume. */
import type { Definition } from '../definition/schema';
import type { SlaInfo } from '../model/request';
import { addBusinessTime, businessTimeBetween, HOUR_MS } from './calendar';
import type { ZoneOffset } from './zone';
import { intlZoneOffset } from './zone';

export function startClock(def: Definition, stateId: string, now: number, zo: ZoneOffset = intlZoneOffset): SlaInfo | null {
  const st = def.states.find((s) => s.id === stateId);
  if (!st?.sla || !def.calendar) return null;
  const budgetMs = st.sla.businessHours * HOUR_MS;
  return {
    state: stateId,
    budgetMs,
    consumedMs: 0,
    runningSince: now,
    pausedSince: null,
    dueAt: addBusinessTime(def.calendar, now, budgetMs, zo),
    remindersSent: [],
    breachRecorded: false,
  };
}

/** Business time consumed so far, including the running stretch. */
export function consumedAt(def: Definition, sla: SlaInfo, now: number, zo: ZoneOffset = intlZoneOffset): number {
  if (sla.runningSince === null || !def.calendar) return sla.consumedMs;
  return sla.consumedMs + businessTimeBetween(def.calendar, sla.runningSince, now, zo);
}

export function pauseClock(def: Definition, sla: SlaInfo, now: number, zo: ZoneOffset = intlZoneOffset): SlaInfo {
  if (sla.runningSince === null) return sla;
  return { ...sla, consumedMs: consumedAt(def, sla, now, zo), runningSince: null, pausedSince: now, dueAt: null };
}

export function resumeClock(def: Definition, sla: SlaInfo, now: number, zo: ZoneOffset = intlZoneOffset): SlaInfo {
  if (sla.runningSince !== null || !def.calendar) return sla;
  const left = Math.max(0, sla.budgetMs - sla.consumedMs);
  return { ...sla, runningSince: now, pausedSince: null, dueAt: addBusinessTime(def.calendar, now, left, zo) };
}
