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
import { withLock, withUnitLock } from '../lock';
import type { Services } from '../services';
import { applyEdit } from './edit';
import { checkAtEntry, formTriggerRan } from '../health/check';
import { stageFormBeat } from '../health/records';
import type { PlaneProps } from '../plane/props';
import { linkByTrigger, readLink, type FormLink } from './links';
import type { IntakeOutcome } from './outcome';
import { intakeUnit } from '../plane/intake';
import { alertOperatorsOnce, parkError } from './park';
import { clearPending, markPending } from './pending';
import { liveItemIds, readAnswers } from './read';
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
 * The response is read from the event first (its getters and each answer's item id and value: no Form call). Then,
 * under the lock, the execution's one property read finds the link (by the trigger's id), the governed spreadsheet
 * and the health record, and the response is one unit of work whose one property write carries the trigger's
 * heartbeat too. Only a response that does not become a request in that unit has its heartbeat written apart.
 */
export function onFormSubmit(services: Services, e: FormSubmitEvent | undefined, opts: { now?: () => number } = {}): IntakeOutcome {
  const response = e?.response;
  const form = e?.source;
  if (!response || !form)
    throw new Error('Handoff intake: the event has no form response (this function is run by the form-submit trigger).');
  // The link (and so the form and the governed spreadsheet) from the trigger's id when it is known: the script
  // properties are read once for the execution, and Form.getId (a round trip) is only needed for older links.
  let link: FormLink | null = null;
  let looked = false;
  const ctx = createContext(services, {
    spreadsheetId: () => lookUp()?.spreadsheetId ?? ctx.props().get(SPREADSHEET_ID_PROPERTY) ?? undefined,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const lookUp = (): FormLink | null => {
    if (!looked) link = (e?.triggerUid ? linkByTrigger(ctx, e.triggerUid) : null) ?? readLink(ctx.services, form.getId());
    looked = true;
    return link;
  };
  const read = readAnswers(response);
  let raw: RawResponse = read.raw;
  const named = (): RawResponse => (raw.formId ? raw : (raw = read.name(lookUp()?.formId ?? form.getId(), link)));
  const beat = { staged: false };
  let took = false;
  try {
    const outcome = withUnitLock(ctx, () =>
      processSafely(ctx, named(), () => liveItemIds(form), {
        link: lookUp(),
        beat: (props) => {
          stageFormBeat(ctx, props, raw.formId, [raw.responseId, raw.timestamp]);
          beat.staged = true;
        },
      }),
    );
    took = true;
    return outcome;
  } catch (err) {
    if (!(err instanceof LockTimeoutError)) throw err;
    markPending(ctx, named(), ''); // the lock stayed busy: the next timer run takes it
    took = true;
    return { status: 'pending', responseId: raw.responseId, reason: err.message };
  } finally {
    // Staged and written with the unit's property write only when the unit went through (took); else written here.
    if (link && !(beat.staged && took))
      formTriggerRan(ctx, raw.formId || (link as FormLink).formId, took ? [raw.responseId, raw.timestamp] : null);
    else if (link) checkAtEntry(ctx, 'form-submit');
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
  /** Stages the form-submit trigger's heartbeat into the unit's one property write, when the unit creates the request. */
  beat?: (props: PlaneProps) => void;
  /** The timer's sweep took this response (its trigger had not delivered it): the request and its audit say so. */
  via?: 'sweep';
}

export function processResponse(ctx: AppContext, raw: RawResponse, live: () => Set<number>, opts: ProcessOptions = {}): IntakeOutcome {
  const link = opts.link !== undefined ? opts.link : readLink(ctx.services, raw.formId);
  const outcome = link
    ? processLinked(ctx, link, raw, once(live), opts)
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
function processLinked(ctx: AppContext, link: FormLink, raw: RawResponse, liveIds: () => Set<number>, opts: ProcessOptions): IntakeOutcome {
  let decided: ReturnType<typeof intakeUnit>;
  const { via, beat } = opts;
  try {
    decided = intakeUnit(ctx, link, raw, liveIds, via, beat);
  } catch (e) {
    if (!(e instanceof MissingTabError)) throw e;
    ensureIntakeTabs(ctx); // the first response of this spreadsheet: the intake tabs are made, once
    decided = intakeUnit(ctx, link, raw, liveIds, via, beat);
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
