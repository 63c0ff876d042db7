/**
 * A form response → a governed request. Everything that changes the Sheet runs under the lock, through the
 * runtime's commands (createRequestCommand; applyActionCommand with the engine's requester_edit for edits), so
 * a response is processed exactly once however often the trigger fires:
 *
 *   read the response (FormApp) → under the lock: ledger lookup by response id → map → validate (core) →
 *   create (start state, or Needs info with each problem listed) → ledger row → flush.
 *
 * Nothing is lost: a response that cannot be mapped goes whole to "Intake errors" (operators alerted once);
 * a response that finds the lock busy is put on a pending list the next timer run processes
 * (retryPendingIntake); any other failure is retried the same way, then parked in "Intake errors".
 */
import { normalizeEmail, type PublishedVersion } from '../../core';
import { createContext, SPREADSHEET_ID_PROPERTY, type AppContext } from '../context';
import { createRequestCommand } from '../commands/requests';
import { HandoffError, LockTimeoutError, MissingTabError, UnknownWorkflowError } from '../errors';
import { withLock } from '../lock';
import type { Services } from '../services';
import { AuditStore } from '../store/audit';
import { ConfigStore } from '../store/config';
import { applyEdit } from './edit';
import { readLink, type FormLink } from './links';
import { answersToFields } from './mapping';
import type { IntakeOutcome } from './outcome';
import { fitFields, overflowEvents } from './overflow';
import { alertOperatorsOnce, parkError } from './park';
import { clearPending, markPending } from './pending';
import { liveItemIds, readResponse } from './read';
import { IntakeLog, type RawResponse } from './stores';
import { ensureIntakeTabs } from './tabs';

type Form = GoogleAppsScript.Forms.Form;
type FormResponse = GoogleAppsScript.Forms.FormResponse;

/** What Apps Script hands a form-submit trigger of a Form (the parts intake reads). */
export interface FormSubmitEvent {
  response?: FormResponse;
  source?: Form;
  triggerUid?: string;
}

/** The form-submit trigger's handler. Returns what happened (recorded in the run; handy in tests). */
export function onFormSubmit(services: Services, e: FormSubmitEvent | undefined, opts: { now?: () => number } = {}): IntakeOutcome {
  const response = e?.response;
  const form = e?.source;
  if (!response || !form)
    throw new Error('Handoff intake: the event has no form response (this function is run by the form-submit trigger).');
  const formId = form.getId();
  const link = readLink(services, formId);
  const spreadsheetId =
    link?.spreadsheetId ?? services.PropertiesService.getScriptProperties().getProperty(SPREADSHEET_ID_PROPERTY) ?? undefined;
  const ctx = createContext(services, { ...(spreadsheetId ? { spreadsheetId } : {}), ...(opts.now ? { now: opts.now } : {}) });
  const raw = readResponse(formId, response);
  return processSafely(ctx, raw, () => liveItemIds(form));
}

/**
 * Processes one raw response and never loses it: lock busy → pending list; any other failure → pending list
 * (with an attempt count) and the error rethrown, so the trigger's failure shows in the execution log.
 */
export function processSafely(ctx: AppContext, raw: RawResponse, live: () => Set<number>): IntakeOutcome {
  try {
    const outcome = processResponse(ctx, raw, live);
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
}

export function processResponse(ctx: AppContext, raw: RawResponse, live: () => Set<number>, opts: ProcessOptions = {}): IntakeOutcome {
  const link = opts.link !== undefined ? opts.link : readLink(ctx.services, raw.formId);
  const outcome = link
    ? processLinked(ctx, link, raw, live())
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

function processLinked(ctx: AppContext, link: FormLink, raw: RawResponse, liveIds: Set<number>): IntakeOutcome {
  return withLock(ctx, (): IntakeOutcome => {
    const log = openLog(ctx);
    const existing = log.find(raw.responseId);
    if (existing?.requestId) return applyEdit(ctx, link, raw, liveIds, existing);

    let version: PublishedVersion;
    try {
      version = new ConfigStore(ctx).latest(link.workflowId);
    } catch (e) {
      if (e instanceof UnknownWorkflowError)
        return parkError(
          ctx,
          raw,
          'unmappable',
          link.workflowId,
          `The workflow "${link.workflowId}" no longer exists (no published version). Publish it again, or link the form to another workflow, and re-process.`,
        );
      throw e;
    }
    const def = version.definition;
    const mapped = answersToFields(def, link.mapping, raw.answers, liveIds);
    if (!mapped.ok) return parkError(ctx, raw, 'unmappable', link.workflowId, mapped.reason);
    const requester = normalizeEmail(raw.respondentEmail);
    if (!requester)
      return parkError(
        ctx,
        raw,
        'unmappable',
        link.workflowId,
        'The response has no respondent email: turn on "Collect email addresses" in the form\'s settings, then re-process.',
      );

    const fields = { ...mapped.fields };
    const overflow = [...mapped.overflow];
    fitFields(ctx, def, fields, overflow);
    let result;
    try {
      result = createRequestCommand(ctx, {
        workflowId: link.workflowId,
        version: version.version,
        requester,
        fields,
        channel: 'form',
        actor: { email: requester, method: 'form_response' },
      });
    } catch (e) {
      if (e instanceof HandoffError && e.code !== 'lock_timeout')
        return parkError(ctx, raw, 'failed', link.workflowId, `The request could not be created: ${e.message}`);
      throw e;
    }
    const req = result.request;
    if (overflow.length) new AuditStore(ctx).appendOnce(overflowEvents(req, overflow, ctx.now()));
    const now = ctx.now();
    const ignored = mapped.ignored.length
      ? `Answers to questions not mapped to a field were not stored in the request: ${mapped.ignored.map((a) => `"${a.title}"`).join(', ')}.`
      : '';
    // withLock flushes before it releases the lock: the next holder sees the request and its ledger row.
    log.append({
      responseId: raw.responseId,
      formId: raw.formId,
      requestId: req.id,
      received: now,
      updated: now,
      status: req.state,
      editLink: raw.editLink,
      note: ignored,
    });
    return {
      status: 'created',
      responseId: raw.responseId,
      requestId: req.id,
      state: req.state,
      problems: req.intakeProblems.map((p) => p.message),
    };
  });
}

/** The Intake log, creating the intake tabs on first use (no extra call when they exist). */
function openLog(ctx: AppContext): IntakeLog {
  try {
    return new IntakeLog(ctx);
  } catch (e) {
    if (!(e instanceof MissingTabError)) throw e;
    ensureIntakeTabs(ctx);
    return new IntakeLog(ctx);
  }
}
