/**
 * A form response → a governed request, processed exactly once however often the trigger fires:
 *
 *   read the response (FormApp) → one unit of work under the lock (src/gas/plane/intake.ts): the response id
 *   looked up in the Index → map → validate (core) → create (start state, or Needs info with each problem listed)
 *   → one write of the request, its Audit and Outbox rows and its Intake log row.
 *
 * Nothing is lost: a response that cannot be mapped goes whole to "Intake errors" (operators alerted once);
 * a response that finds the lock busy is put on a pending list the next timer run processes
 * (retryPendingIntake); any other failure is retried the same way, then parked in "Intake errors".
 */
import { createContext, SPREADSHEET_ID_PROPERTY, type AppContext } from '../context';
import { LockTimeoutError, MissingTabError } from '../errors';
import { withLock } from '../lock';
import type { Services } from '../services';
import { applyEdit } from './edit';
import { formTriggerRan } from '../health/check';
import { linkByTrigger, readLink, type FormLink } from './links';
import type { IntakeOutcome } from './outcome';
import { intakeUnit } from '../plane/intake';
import { alertOperatorsOnce, parkError } from './park';
import { clearPending, markPending } from './pending';
import { liveItemIds, readResponse } from './read';
import type { RawResponse } from './stores';
import { ensureIntakeTabs } from './tabs';

type Form = GoogleAppsScript.Forms.Form;
type FormResponse = GoogleAppsScript.Forms.FormResponse;

/** What Apps Script hands a form-submit trigger of a Form (the parts intake reads). */
export interface FormSubmitEvent {
  response?: FormResponse;
  source?: Form;
  triggerUid?: string;
}

/**
 * The form-submit trigger's handler. Returns what happened (recorded in the run; handy in tests).
 * Its one property read (getProperties) finds the link, the governed spreadsheet and the health record; after the
 * response it records that the trigger ran (one property write) and checks the rest of the health record.
 */
export function onFormSubmit(services: Services, e: FormSubmitEvent | undefined, opts: { now?: () => number } = {}): IntakeOutcome {
  const response = e?.response;
  const form = e?.source;
  if (!response || !form)
    throw new Error('Handoff intake: the event has no form response (this function is run by the form-submit trigger).');
  // The link (and so the form and the governed spreadsheet) from the trigger's id when it is known: the script
  // properties are read once for the execution, and Form.getId (a round trip) is only needed for older links.
  let link: FormLink | null = null;
  const ctx = createContext(services, {
    spreadsheetId: () => link?.spreadsheetId ?? ctx.props().get(SPREADSHEET_ID_PROPERTY) ?? undefined,
    ...(opts.now ? { now: opts.now } : {}),
  });
  link = (e?.triggerUid ? linkByTrigger(ctx, e.triggerUid) : null) ?? readLink(ctx.services, form.getId());
  const formId = link?.formId ?? form.getId();
  const raw = readResponse(formId, response);
  let took = false;
  try {
    const outcome = processSafely(ctx, raw, () => liveItemIds(form), { link });
    took = true;
    return outcome;
  } finally {
    if (link) formTriggerRan(ctx, formId, took ? [raw.responseId, raw.timestamp] : null);
  }
}

/**
 * Processes one raw response and never loses it: lock busy → pending list; any other failure → pending list
 * (with an attempt count) and the error rethrown, so the trigger's failure shows in the execution log.
 */
export function processSafely(ctx: AppContext, raw: RawResponse, live: () => Set<number>, opts: ProcessOptions = {}): IntakeOutcome {
  try {
    const outcome = processResponse(ctx, raw, live, opts);
    clearPending(ctx, raw.responseId);
    return outcome;
  } catch (e) {
    if (e instanceof LockTimeoutError) {
      markPending(ctx, raw, '');
      return { status: 'pending', responseId: raw.responseId, reason: e.message };
    }
    markPending(ctx, raw, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Processing
// ---------------------------------------------------------------------------------------------

export interface ProcessOptions {
  /** Use this link instead of the stored one (re-processing after a fix reads the stored one anyway). */
  link?: FormLink | null;
  /** The timer's sweep took this response (its trigger had not delivered it): the request and its audit say so. */
  via?: 'sweep';
}

export function processResponse(ctx: AppContext, raw: RawResponse, live: () => Set<number>, opts: ProcessOptions = {}): IntakeOutcome {
  const link = opts.link !== undefined ? opts.link : readLink(ctx.services, raw.formId);
  const outcome = link
    ? processLinked(ctx, link, raw, once(live), opts.via)
    : parkError(
        ctx,
        raw,
        'unmappable',
        '',
        'This form is not linked to a Handoff workflow (it was unlinked, or linked to another spreadsheet). Link it (Link a form > Connect existing form) and re-process.',
      );
  if (outcome.status === 'unmappable' || outcome.status === 'failed' || outcome.status === 'review') alertOperatorsOnce(ctx);
  return outcome;
}

/**
 * A new response is one unit of work (src/gas/plane/intake.ts): one read, the mapping and the engine, one write of
 * the request, its Audit and Outbox rows and its Intake log row. A response the Index knows (a second delivery, an
 * edit) goes to applyEdit; one that cannot become a request is parked whole in "Intake errors".
 */
function processLinked(ctx: AppContext, link: FormLink, raw: RawResponse, liveIds: () => Set<number>, via?: 'sweep'): IntakeOutcome {
  let decided: ReturnType<typeof intakeUnit>;
  try {
    decided = intakeUnit(ctx, link, raw, liveIds, via);
  } catch (e) {
    if (!(e instanceof MissingTabError)) throw e;
    ensureIntakeTabs(ctx); // the first response of this spreadsheet: the intake tabs are made, once
    decided = intakeUnit(ctx, link, raw, liveIds, via);
  }
  if (decided.kind === 'done') return decided.outcome;
  if (decided.kind === 'park') return parkError(ctx, raw, decided.parkKind, decided.workflow, decided.reason);
  // A response already processed (a second delivery, or an edit): the engine's requester_edit, under the lock.
  return withLock(ctx, () => applyEdit(ctx, link, raw, liveIds(), decided.entry));
}

/** Calls fn at most once. */
function once<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}
