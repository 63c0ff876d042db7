/**
 * The timer's sweep for missed form submissions. A form-submit trigger can stop firing without telling anyone;
 * every SWEEP_EVERY_MS (30 minutes), and at every timer run for a form whose trigger is known to be missing or
 * stalled, the timer reads each linked form's responses since its high-water mark — one Forms read per form
 * (openById + getResponses(timestamp)), never a scan of history — and sends every response Handoff has not
 * handled through the same idempotent intake (processSafely: the ledger under the lock decides, so a response
 * becomes a request exactly once, whoever delivers it first and however late the trigger fires afterwards).
 *
 * What it skips without touching the Sheet: responses submitted more than the overlap before its last complete read
 * (they were visible then, and it handled them: `from`), responses it handled before (`seen`, at the same timestamp)
 * and responses the trigger's heartbeat says it took. `seen` is bounded (SEEN_MAX), so a burst larger than it inside
 * one overlap window is sent to intake again (a no-op there) once at most, at the next sweep, never at every one.
 * An edited response has a new timestamp, so it is swept again: intake applies the edit, or finds nothing changed.
 *
 * Apps Script's getResponses(timestamp) is documented as the responses after a date; whether a response at
 * exactly that instant is included, and in which order they come, is not. The sweep does not depend on either:
 * it reads from the mark minus an overlap, sorts by timestamp itself and skips what it has seen.
 *
 * Evidence that the trigger is stalled: a response the sweep took while the trigger had not run since it was
 * submitted, still so after a grace period. The form's health (src/gas/health) reads `stalledSince`.
 */
import type { AppContext } from '../context';
import { evaluate, type HealthReport } from '../health/evaluate';
import { formBeatKey, linksFrom, parse, put, snapshotFrom, sweepKey, type FormBeat, type SweepRecord } from '../health/records';
import { formItems } from './link';
import { readLink, writeLink, type FormLink } from './links';
import { listingDue, withListing } from './listed';
import type { IntakeOutcome } from './outcome';
import { liveItemIds, readResponse } from './read';
import { processSafely } from './submit';

/** Responses are read from the mark minus this, so one that becomes visible a little late is not missed. */
export const SWEEP_OVERLAP_MS = 5 * 60_000;
/** How long a trigger may take to deliver a response before a response it missed counts as evidence. */
export const MISSED_GRACE_MS = 5 * 60_000;
/**
 * A form's first sweep starts at its link, or at most this long ago: a form linked before the sweep existed is not
 * read from its start (its old responses went through its trigger, or were lost before Handoff could know).
 */
export const FIRST_SWEEP_LOOKBACK_MS = 60 * 60_000;
/** Most ids kept in `seen` (9 KB per property); beyond it an old response may be sent to intake again (a no-op). */
const SEEN_MAX = 100;
/**
 * How often a form whose trigger looks healthy is swept. A form whose trigger is known to be missing or stalled (its
 * health is not ok: no trigger, a missed response, an open incident, a read error) is swept at every timer run, and
 * a response the sweep took is looked at again once its grace period is over (that is how a stall is noticed).
 */
export const SWEEP_EVERY_MS = 30 * 60_000;

/** When one form's sweep is due (epoch ms): now when it was never swept, or its trigger is missing or stalled. */
function formDueAt(ctx: AppContext, all: Readonly<Record<string, string>>, link: FormLink, health: HealthReport): number {
  const now = ctx.now();
  const rec = parse<SweepRecord | null>(all[sweepKey(ctx, link.formId)], null);
  const ok = health.forms.find((f) => f.formId === link.formId)?.ok ?? false;
  if (!rec || rec.sweptAt === undefined || !link.triggerId || !ok) return now;
  let due = rec.sweptAt + SWEEP_EVERY_MS;
  for (const [, ts] of rec.taken) due = Math.min(due, ts + MISSED_GRACE_MS + 1);
  return due;
}

/**
 * When the sweep is next due (epoch ms), from the run's one read of the script properties (no call); null when no
 * form is linked.
 */
export function sweepDueAt(ctx: AppContext, all: Readonly<Record<string, string>>): number | null {
  const links = linksFrom(all, ctx.spreadsheetId());
  if (!links.length) return null;
  const health = evaluate(snapshotFrom(ctx, all, false), ctx.now());
  return Math.min(...links.map((link) => formDueAt(ctx, all, link, health)));
}

/** Whether the timer run at hand sweeps (some linked form's sweep is due, see sweepDueAt). */
export function sweepIsDue(ctx: AppContext, all: Readonly<Record<string, string>>): boolean {
  const at = sweepDueAt(ctx, all);
  return at !== null && at <= ctx.now();
}

export interface SweepFormResult {
  formId: string;
  /** Responses getResponses returned. */
  read: number;
  /** Responses sent to intake, with what intake did. */
  taken: IntakeOutcome[];
  error: string | null;
  stalledSince: number | null;
}

export interface SweepResult {
  forms: SweepFormResult[];
  /** Requests the sweep created. */
  created: number;
  /** The deadline came before every response was handled: the next run continues from the mark. */
  stopped: boolean;
}

const latest = (a: number | null, b: number): number => (a === null ? b : Math.max(a, b));

/**
 * Sweeps every form linked to this spreadsheet (`dueOnly`: those whose sweep is due). `all` is the run's one read of
 * the script properties (kept in step with what the sweep writes); one property write per form swept.
 */
export function sweepForms(
  ctx: AppContext,
  all: Record<string, string>,
  /** `deferRecords`: each form's sweep record is staged for the execution's next property flush (a timer run's last
   * write) instead of written at once; only the record, never what intake writes under its lock. */
  opts: { deadline?: number; dueOnly?: boolean; deferRecords?: boolean } = {},
): SweepResult {
  const result: SweepResult = { forms: [], created: 0, stopped: false };
  const health = opts.dueOnly ? evaluate(snapshotFrom(ctx, all, false), ctx.now()) : null;
  for (const link of linksFrom(all, ctx.spreadsheetId())) {
    if (health && formDueAt(ctx, all, link, health) > ctx.now()) continue; // swept lately, and its trigger looks healthy
    if (opts.deadline !== undefined && ctx.now() >= opts.deadline) {
      result.stopped = true;
      break;
    }
    const r = sweepForm(ctx, all, link, opts.deadline, opts.deferRecords === true);
    result.forms.push(r.form);
    result.created += r.form.taken.filter((o) => o.status === 'created').length;
    if (r.stopped) {
      result.stopped = true;
      break;
    }
  }
  return result;
}

/**
 * The link with its form's listing taken again when it is due (none yet, or a day old), and stored: the questions
 * Forms lists when blank, so a submission places its blanks without reading their items (listed.ts). Best effort:
 * a failure leaves the link as it was (blanks are then read, as without a listing).
 */
function relisted(ctx: AppContext, link: FormLink, form: GoogleAppsScript.Forms.Form, now: number): FormLink {
  if (!listingDue(link, now)) return link;
  try {
    const next = withListing(readLink(ctx.services, link.formId) ?? link, formItems(form), now);
    writeLink(ctx.services, next);
    return next;
  } catch {
    return link;
  }
}

function sweepForm(
  ctx: AppContext,
  all: Record<string, string>,
  link: FormLink,
  deadline: number | undefined,
  deferRecord: boolean,
): { form: SweepFormResult; stopped: boolean } {
  const key = sweepKey(ctx, link.formId);
  const before = all[key];
  const rec: SweepRecord = parse<SweepRecord | null>(before, null) ?? {
    mark: Math.max(link.linkedAt, ctx.now() - FIRST_SWEEP_LOOKBACK_MS),
    seen: [],
    taken: [],
    stalledSince: null,
    lastSubmission: null,
    lastProcessed: null,
    error: null,
  };
  const beat = parse<FormBeat | null>(all[formBeatKey(ctx, link.formId)], null);
  const out: SweepFormResult = { formId: link.formId, read: 0, taken: [], error: null, stalledSince: null };
  const now = ctx.now();
  rec.sweptAt = now; // the cadence (sweepDueAt) counts from here
  let stopped = false;
  try {
    const form = ctx.services.FormApp.openById(link.formId);
    link = relisted(ctx, link, form, now);
    const responses = form.getResponses(new Date(rec.from ?? rec.mark - SWEEP_OVERLAP_MS));
    out.read = responses.length;
    rec.error = null;
    const items = responses
      .map((r) => ({ r, id: r.getId(), ts: r.getTimestamp().getTime() }))
      .sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const seen = new Map(rec.seen);
    const byTrigger = new Map(beat?.recent ?? []);
    let live: Set<number> | null = null;
    for (const it of items) {
      if (it.ts < link.linkedAt) continue; // submitted before the form was linked: not Handoff's
      rec.lastSubmission = latest(rec.lastSubmission, it.ts);
      if (seen.get(it.id) !== it.ts && byTrigger.get(it.id) !== it.ts) {
        if (deadline !== undefined && ctx.now() >= deadline) {
          stopped = true;
          break;
        }
        const raw = readResponse(link.formId, it.r, link);
        let outcome: IntakeOutcome;
        try {
          outcome = processSafely(ctx, raw, () => (live ??= liveItemIds(form)), { link, via: 'sweep' });
        } catch (e) {
          // processSafely put it on the pending list before rethrowing: the timers' retry takes it from there.
          outcome = { status: 'pending', responseId: it.id, reason: e instanceof Error ? e.message : String(e) };
        }
        out.taken.push(outcome);
        if ((beat?.lastRun ?? 0) < it.ts) rec.taken.push([it.id, it.ts]);
      }
      seen.set(it.id, it.ts);
      rec.lastProcessed = latest(rec.lastProcessed, it.ts);
      rec.mark = Math.max(rec.mark, it.ts);
    }
    // Complete: everything visible now was handled, so the next read starts an overlap before now. Stopped at the
    // deadline: from the last response handled, as the mark says.
    rec.from = (stopped ? rec.mark : now) - SWEEP_OVERLAP_MS;
    rec.seen = [...seen]
      .filter(([, ts]) => ts >= (rec.from ?? 0)) // older ones are not read again
      .sort((a, b) => a[1] - b[1])
      .slice(-SEEN_MAX);
  } catch (e) {
    rec.error = (e instanceof Error ? e.message : String(e)).slice(0, 300);
    out.error = rec.error;
  }
  // Evidence: a response the sweep took that the trigger has still not run after, once the grace period is over.
  const lastRun = beat?.lastRun ?? 0;
  rec.taken = rec.taken.filter(([, ts]) => {
    if (lastRun >= ts) return false;
    if (now - ts <= MISSED_GRACE_MS) return true;
    rec.stalledSince = rec.stalledSince === null ? ts : Math.min(rec.stalledSince, ts);
    return false;
  });
  if (rec.stalledSince !== null && (lastRun > rec.stalledSince || (link.repairedAt ?? 0) > rec.stalledSince)) rec.stalledSince = null;
  out.stalledSince = rec.stalledSince;
  if (JSON.stringify(rec) !== before) {
    // A lost record (a killed run) makes the next sweep read the same responses again, which intake takes as no-ops.
    if (deferRecord) ctx.props().defer(() => put(ctx, all, key, rec));
    else put(ctx, all, key, rec);
  }
  return { form: out, stopped };
}
