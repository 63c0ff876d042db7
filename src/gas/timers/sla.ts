/**
 * Reminders and SLA escalation. The engine decides (slaStatus, recordReminder, recordBreach: business time on
 * the workflow's calendar, clock paused while waiting on the requester); the timers only ask it and write
 * the results, in batches, under the lock:
 *   1. the column scan (scan.ts, scan-start.ts) finds the rows whose SLA has a reminder or a breach due;
 *   2. per batch, one unit of work (sla-unit.ts): under the lock, the full rows read in the unit's one batchGet, the
 *      engine re-decides on that fresh copy, and the request rows, Audit rows and Outbox rows go in one atomic
 *      batchUpdate (no journal: the API applies it whole or not at all).
 * Catching up (after a pause, or an outage): when several reminders of a request are due at once only the
 * latest is sent, the earlier ones are recorded as skipped; an overdue request gets its escalation and no
 * reminder (the engine stops reminders once the SLA is breached). A reminder to someone on digest delivery is
 * folded into their next digest by the Outbox when that digest comes before the due time (mail/delivery.ts).
 */
import {
  intlZoneOffset,
  recordBreach,
  recordReminder,
  slaStatus,
  type AuditEvent,
  type Directory,
  type NotificationIntent,
  type PublishedVersion,
  type Request,
  type ZoneOffset,
} from '../../core';
import type { AppContext } from '../context';
import { ConfigStore } from '../store/config';
import type { Scan, ScanRow } from './scan';

export const BATCH_SIZE = 40;
/** Rows this close together are read in one span (reading a few rows too many is cheaper than another call). */
const READ_GAP = 25;

export interface VersionCache {
  get(workflowId: string, version: number): PublishedVersion | null;
}

export function versionCache(ctx: AppContext): VersionCache {
  let store: ConfigStore | null = null; // made at the first get: the execution's copy of Config once a unit read it
  const memo = new Map<string, PublishedVersion | null>();
  return {
    get(w, v) {
      const k = `${w}@${v}`;
      if (!memo.has(k)) {
        try {
          memo.set(k, (store ??= ConfigStore.forExecution(ctx)).get(w, v));
        } catch {
          memo.set(k, null);
        }
      }
      return memo.get(k) ?? null;
    },
  };
}

/** Is the request open (its state is not terminal)? Unknown versions count as open. */
export function isOpen(versions: VersionCache, r: ScanRow): boolean {
  const def = versions.get(r.workflowId, r.version)?.definition;
  const st = def?.states.find((s) => s.id === r.state);
  return st?.kind !== 'terminal';
}

/** Rows whose SLA has a reminder or a breach due at `now` (decided by the engine on the scanned SLA cell). */
export function dueRows(scan: Scan, versions: VersionCache, now: number, zo: ZoneOffset = intlZoneOffset): ScanRow[] {
  const out: ScanRow[] = [];
  for (const r of scan.rows) {
    const sla = r.sla;
    if (!sla || sla.runningSince === null) continue;
    const version = versions.get(r.workflowId, r.version);
    if (!version) continue;
    const own = version.definition.states.find((s) => s.id === sla.state)?.sla;
    const remindersLeft = (own?.remindAfterHours ?? []).some((h) => !sla.remindersSent.includes(h));
    if (sla.breachRecorded && !remindersLeft) continue;
    const st = slaStatus({ state: r.state, sla } as Request, version.definition, now, zo);
    if (st.breachDue || st.remindersDue.length > 0) out.push(r);
  }
  return out;
}

export interface SlaResult {
  reminders: number;
  escalations: number;
  skippedReminders: number;
  /** Set when the run stopped at its budget: the row to start from next time. */
  resumeRow: number | null;
  processed: number;
}

/** Applies the engine's timer steps to one fresh request; null when nothing is due any more. */
export function timerStep(
  version: PublishedVersion,
  request: Request,
  now: number,
  directory: Directory,
  zo: ZoneOffset = intlZoneOffset,
): {
  request: Request;
  events: AuditEvent[];
  notifications: NotificationIntent[];
  reminders: number;
  escalations: number;
  skipped: number;
} | null {
  const st = slaStatus(request, version.definition, now, zo);
  let current = request;
  const events: AuditEvent[] = [];
  const notifications: NotificationIntent[] = [];
  let reminders = 0,
    escalations = 0,
    skipped = 0;
  if (st.breachDue) {
    const r = recordBreach({ version, request: current, now, directory, zoneOffset: zo });
    if (!r.ok) return null;
    current = r.request;
    events.push(...r.events);
    notifications.push(...r.notifications);
    escalations++;
  } else if (st.remindersDue.length > 0) {
    const offsets = [...st.remindersDue].sort((a, b) => a - b);
    for (let i = 0; i < offsets.length; i++) {
      const r = recordReminder({ version, request: current, now, directory, zoneOffset: zo }, offsets[i] as number);
      if (!r.ok) continue;
      current = r.request;
      const latest = i === offsets.length - 1;
      if (!latest) {
        // Recorded (so it is never sent later) but not sent: a later reminder goes out instead.
        for (const e of r.events) events.push({ ...e, details: { ...e.details, skipped: 'a later reminder was due at the same time' } });
        skipped++;
        continue;
      }
      events.push(...r.events);
      notifications.push(...r.notifications);
      reminders++;
    }
  } else return null;
  return { request: current, events, notifications, reminders, escalations, skipped };
}

/** Row spans to read for a batch: nearby rows merged. */
export function readSpans(rows: readonly number[]): Array<[number, number]> {
  const sorted = [...rows].sort((a, b) => a - b);
  const spans: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = spans[spans.length - 1];
    if (last && r - (last[0] + last[1] - 1) <= READ_GAP) last[1] = r - last[0] + 1;
    else spans.push([r, 1]);
  }
  return spans;
}

/** The due rows in the order a run takes them: from the checkpoint's row on, then the rows above it. */
export function orderedDue(scan: Scan, versions: VersionCache, now: number, fromRow: number, zo: ZoneOffset = intlZoneOffset): ScanRow[] {
  const due = dueRows(scan, versions, now, zo);
  return [...due.filter((r) => r.row >= fromRow), ...due.filter((r) => r.row < fromRow)];
}
