/**
 * Reminders and SLA escalation. The engine decides (slaStatus, recordReminder, recordBreach: business time on
 * the workflow's calendar, clock paused while waiting on the requester); the timers only ask it and write
 * the results, in batches, under the lock:
 *   1. the column scan (no lock) finds the rows whose SLA has a reminder or a breach due;
 *   2. per batch, under the lock: the full rows are read again (spans of nearby rows, one read each), the
 *      engine re-decides on that fresh copy, and the results are written with commitBatch (journal first).
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
import { withLock } from '../lock';
import type { CellValue } from '../sheet/values';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import { recordToRequest } from '../store/request-row';
import { RequestStore } from '../store/requests';
import { commitBatch, journalSize, type BatchItem } from './commit-batch';
import type { Scan, ScanRow } from './scan';

export const BATCH_SIZE = 40;
/** Journal records must stay under store/journal MAX_JOURNAL_BYTES (400 KB); leave room for UTF-8 growth. */
const BATCH_JOURNAL_CHARS = 120_000;
/** Rows this close together are read in one span (reading a few rows too many is cheaper than another call). */
const READ_GAP = 25;

export interface VersionCache {
  get(workflowId: string, version: number): PublishedVersion | null;
}

export function versionCache(ctx: AppContext): VersionCache {
  const store = new ConfigStore(ctx);
  const memo = new Map<string, PublishedVersion | null>();
  return {
    get(w, v) {
      const k = `${w}@${v}`;
      if (!memo.has(k)) {
        try {
          memo.set(k, store.get(w, v));
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
function readSpans(rows: readonly number[]): Array<[number, number]> {
  const sorted = [...rows].sort((a, b) => a - b);
  const spans: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = spans[spans.length - 1];
    if (last && r - (last[0] + last[1] - 1) <= READ_GAP) last[1] = r - last[0] + 1;
    else spans.push([r, 1]);
  }
  return spans;
}

export function processSla(
  ctx: AppContext,
  scan: Scan,
  versions: VersionCache,
  opts: { deadline: number; fromRow?: number; batchSize?: number },
): SlaResult {
  const result: SlaResult = { reminders: 0, escalations: 0, skippedReminders: 0, resumeRow: null, processed: 0 };
  const due = dueRows(scan, versions, ctx.now(), ctx.zoneOffset);
  if (due.length === 0) return result;
  const from = opts.fromRow ?? 0;
  const ordered = [...due.filter((r) => r.row >= from), ...due.filter((r) => r.row < from)];
  const directory = new DirectoryStore(ctx).directory();
  const size = Math.max(1, opts.batchSize ?? BATCH_SIZE);
  let i = 0;
  while (i < ordered.length) {
    if (ctx.now() >= opts.deadline) {
      result.resumeRow = (ordered[i] as ScanRow).row;
      break;
    }
    const batch = ordered.slice(i, i + size);
    const used = withLock(ctx, () => runBatch(ctx, batch, versions, directory, result));
    i += used;
  }
  return result;
}

/** One locked batch. Returns how many candidates it consumed (fewer than the batch when the journal fills up). */
function runBatch(ctx: AppContext, batch: readonly ScanRow[], versions: VersionCache, directory: Directory, result: SlaResult): number {
  const store = new RequestStore(ctx);
  const table = store.table;
  const cellsByRow = new Map<number, CellValue[]>();
  for (const [first, count] of readSpans(batch.map((b) => b.row))) {
    table.readRows(first, count).forEach((cells, k) => cellsByRow.set(first + k, cells));
  }
  const items: BatchItem[] = [];
  let chars = 0;
  let used = 0;
  const now = ctx.now();
  for (const cand of batch) {
    const cells = cellsByRow.get(cand.row);
    let fresh: Request | null = null;
    try {
      fresh = cells ? recordToRequest(table.record(cells), cand.row) : null;
    } catch {
      fresh = null; // a damaged row: left for operators, the scan reports it
    }
    // The row moved (sorted by hand) or was replaced: the next run's scan finds it again.
    if (!fresh || fresh.id !== cand.id || !cells) {
      used++;
      continue;
    }
    const version = versions.get(fresh.workflowId, fresh.version);
    const step = version ? timerStep(version, fresh, now, directory, ctx.zoneOffset) : null;
    if (!step) {
      used++;
      continue;
    }
    const size = journalSize(step);
    if (items.length > 0 && chars + size > BATCH_JOURNAL_CHARS) break;
    chars += size;
    used++;
    items.push({ request: step.request, row: cand.row, cells, events: step.events, notifications: step.notifications });
    result.reminders += step.reminders;
    result.escalations += step.escalations;
    result.skippedReminders += step.skipped;
    result.processed++;
  }
  commitBatch(ctx, store, 'timers:sla', items);
  return Math.max(1, used);
}
