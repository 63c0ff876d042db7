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
import { normalizeEmail, stateLabel, type AuditEvent, type Definition, type Fields, type PublishedVersion, type Request } from '../../core';
import { createContext, SPREADSHEET_ID_PROPERTY, type AppContext } from '../context';
import { applyActionCommand, createRequestCommand } from '../commands/requests';
import { HandoffError, LockTimeoutError, MissingTabError, RefusedError, UnknownWorkflowError } from '../errors';
import { withLock } from '../lock';
import type { Services } from '../services';
import { continuationName } from '../setup/tabs';
import { MAX_CELL_CHARS } from '../sheet/values';
import { AuditStore } from '../store/audit';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import { RequestStore } from '../store/requests';
import { readLink, type FormLink } from './links';
import { answersToFields, changedFields, MAX_ANSWER_CHARS, type Overflow } from './mapping';
import { IntakeErrors, IntakeLog, type IntakeErrorKind, type RawResponse } from './stores';
import { ensureIntakeTabs } from './tabs';

/** Audit actions intake writes besides the engine's (the engine's AuditAction list has no such entries yet). */
export const INTAKE_OVERFLOW_ACTION: AuditEvent['action'] = 'intake_overflow';
export const INTAKE_LATE_EDIT_ACTION: AuditEvent['action'] = 'intake_late_edit';

/** Characters of an overflowing answer per audit row (under the Details cell's 50,000). */
export const OVERFLOW_CHUNK = 40_000;

export type IntakeStatus =
  | 'created' // a new request (start state, or Needs info with problems)
  | 'duplicate' // the same response again (the trigger fired twice): nothing changed
  | 'updated' // an edit applied (start state before any decision, or Needs info); problems left keep/send it to Needs info
  | 'resubmitted' // an edit that fixed every problem: the request left Needs info
  | 'review' // an edit the request no longer takes (it moved on), recorded for an operator
  | 'unmappable' // kept whole in "Intake errors"
  | 'failed' // could not be stored as a request (kept whole in "Intake errors")
  | 'pending'; // the lock was busy: the next timer run processes it

export interface IntakeOutcome {
  status: IntakeStatus;
  responseId: string;
  requestId?: string;
  state?: string;
  problems?: string[];
  reason?: string;
}

// ---------------------------------------------------------------------------------------------
// Reading a response from FormApp
// ---------------------------------------------------------------------------------------------

type Form = GoogleAppsScript.Forms.Form;
type FormResponse = GoogleAppsScript.Forms.FormResponse;

/** The ids of the form's items now (one getItems, then one getId per item). */
export function liveItemIds(form: Form): Set<number> {
  return new Set(form.getItems().map((i) => i.getId()));
}

export function readResponse(formId: string, response: FormResponse): RawResponse {
  let editLink = '';
  try {
    editLink = response.getEditResponseUrl() ?? '';
  } catch {
    editLink = '';
  }
  const ts = response.getTimestamp();
  return {
    formId,
    responseId: response.getId(),
    respondentEmail: response.getRespondentEmail() ?? '',
    timestamp: ts instanceof Date ? ts.getTime() : Number(ts ?? 0),
    editLink,
    answers: response.getItemResponses().map((ir) => {
      const item = ir.getItem();
      const value = ir.getResponse() as string | string[] | string[][];
      return { itemId: item.getId(), title: item.getTitle(), type: String(item.getType()), value };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The form-submit trigger
// ---------------------------------------------------------------------------------------------

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

/**
 * Keeps the request's Fields JSON inside the cells the Requests tab has for it ("Fields" and its continuation
 * columns): the longest answers are cut further, the rest going to the audit log like any long answer.
 */
function fitFields(ctx: AppContext, def: Definition, fields: Record<string, unknown>, overflow: Overflow[]): void {
  const table = new RequestStore(ctx).table;
  let cells = 1;
  while (table.has(continuationName('Fields', cells + 1))) cells++;
  const budget = cells * (MAX_CELL_CHARS - 1) - 1000;
  for (let guard = 0; guard < def.fields.length * 4; guard++) {
    const size = JSON.stringify(fields).length;
    if (size <= budget) return;
    let longest: string | null = null;
    for (const [k, v] of Object.entries(fields))
      if (typeof v === 'string' && (longest === null || v.length > (fields[longest] as string).length)) longest = k;
    if (longest === null) return;
    const v = fields[longest] as string;
    const keep = Math.max(0, v.length - (size - budget) - 100);
    const cut = v.slice(keep);
    const prior = overflow.find((o) => o.fieldId === longest);
    if (prior) prior.rest = cut + prior.rest;
    else overflow.push({ fieldId: longest, rest: cut, total: v.length });
    fields[longest] = v.slice(0, keep);
  }
}

/** The characters of long answers past what the request keeps, in audit rows of OVERFLOW_CHUNK characters. */
function overflowEvents(req: Request, overflow: readonly Overflow[], now: number): Array<{ key: string; event: AuditEvent }> {
  const out: Array<{ key: string; event: AuditEvent }> = [];
  for (const o of overflow) {
    const kept = o.total - o.rest.length;
    const parts = Math.ceil(o.rest.length / OVERFLOW_CHUNK);
    for (let i = 0; i < parts; i++) {
      out.push({
        key: `${req.id}:${req.revision}:overflow:${o.fieldId}:${i + 1}`,
        event: {
          requestId: req.id,
          workflowId: req.workflowId,
          version: req.version,
          revision: req.revision,
          at: now,
          actor: 'system',
          onBehalfOf: null,
          method: 'system',
          action: INTAKE_OVERFLOW_ACTION,
          name: o.fieldId,
          fromState: req.state,
          toState: req.state,
          assigneeBefore: req.assignee,
          assigneeAfter: req.assignee,
          changes: [],
          comment: null,
          reason: `The answer to "${o.fieldId}" has ${o.total} characters; the request keeps the first ${kept} (the Sheets cell limit is ${MAX_ANSWER_CHARS}). The rest is here, part ${i + 1} of ${parts}.`,
          details: {
            field: o.fieldId,
            part: i + 1,
            parts,
            offset: kept + i * OVERFLOW_CHUNK,
            text: o.rest.slice(i * OVERFLOW_CHUNK, (i + 1) * OVERFLOW_CHUNK),
          },
        },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Edits of a response
// ---------------------------------------------------------------------------------------------

/**
 * An edit of a response whose request exists: the engine's requester_edit, through the runtime's
 * applyActionCommand (lock, revision check, journal). The engine decides whether the request still takes the
 * requester's edits (start state before any decision, or waiting on the requester) and what follows (Needs info
 * with the problems left, or back to work when none are). An edit it will not take is kept for an operator.
 */
function applyEdit(
  ctx: AppContext,
  link: FormLink,
  raw: RawResponse,
  liveIds: Set<number>,
  entry: NonNullable<ReturnType<IntakeLog['find']>>,
): IntakeOutcome {
  const loaded = new RequestStore(ctx).find(entry.requestId);
  if (!loaded)
    return parkError(
      ctx,
      raw,
      'failed',
      link.workflowId,
      `The response was edited, but its request ${entry.requestId} is no longer in the Requests tab.`,
    );
  const req = loaded.request;
  const def = new ConfigStore(ctx).get(req.workflowId, req.version).definition;
  const mapped = answersToFields(def, link.mapping, raw.answers, liveIds);
  if (!mapped.ok)
    return parkError(
      ctx,
      raw,
      'unmappable',
      link.workflowId,
      `An edit of the response behind ${req.id} could not be mapped: ${mapped.reason}`,
      req.id,
    );
  const changes = changedFields(req.fields, mapped.fields);
  const base = { responseId: raw.responseId, requestId: req.id };
  if (changes.length === 0) return { status: 'duplicate', ...base, state: req.state };

  const fields: Fields = {};
  for (const c of changes) fields[c.field] = c.after;
  let result;
  try {
    result = applyActionCommand(ctx, {
      requestId: req.id,
      expectedRevision: req.revision,
      actor: { email: req.requester, method: 'form_response' },
      action: { type: 'requester_edit', fields, comment: 'The requester edited their form response.', source: raw.responseId },
    });
  } catch (e) {
    if (!(e instanceof RefusedError)) throw e;
    const { code, message } = e.refusal;
    if (code === 'wrong_state') {
      return review(
        ctx,
        link,
        raw,
        req,
        def,
        changes,
        'late_edit',
        `The requester edited the response behind ${req.id} after it moved on to "${stateLabel(def, req.state)}"; the request was not changed. Review the edit and apply it by hand if it should count.`,
      );
    }
    return review(
      ctx,
      link,
      raw,
      req,
      def,
      changes,
      'edit_problems',
      `The requester edited the response behind ${req.id} while it was "${stateLabel(def, req.state)}", but the edit could not be applied: ${message}`,
    );
  }
  const next = result.request;
  const log = new IntakeLog(ctx);
  log.update(entry.row, entry.cells, { ...entry, updated: ctx.now(), status: next.state, editLink: raw.editLink || entry.editLink });
  const resubmitted = result.events.some((ev) => ev.action === 'resubmit');
  return {
    status: resubmitted ? 'resubmitted' : 'updated',
    ...base,
    state: next.state,
    ...(next.intakeProblems.length ? { problems: next.intakeProblems.map((p) => p.message) } : {}),
  };
}

function review(
  ctx: AppContext,
  link: FormLink,
  raw: RawResponse,
  req: Request,
  def: Definition,
  changes: AuditEvent['changes'],
  kind: IntakeErrorKind,
  reason: string,
): IntakeOutcome {
  const label = (id: string) => def.fields.find((f) => f.id === id)?.label ?? id;
  const diff = changes.map((c) => `${label(c.field)}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join('; ');
  const full = `${reason} Changes: ${diff}`;
  new AuditStore(ctx).appendOnce([
    {
      key: `${req.id}:${req.revision}:late-edit:${raw.timestamp}`,
      event: {
        requestId: req.id,
        workflowId: req.workflowId,
        version: req.version,
        revision: req.revision,
        at: ctx.now(),
        actor: req.requester,
        onBehalfOf: null,
        method: 'form_response',
        action: INTAKE_LATE_EDIT_ACTION,
        name: kind,
        fromState: req.state,
        toState: req.state,
        assigneeBefore: req.assignee,
        assigneeAfter: req.assignee,
        changes,
        comment: null,
        reason: reason.slice(0, 2000),
        details: { channel: 'form', responseId: raw.responseId },
      },
    },
  ]);
  parkError(ctx, raw, kind, link.workflowId, full, req.id);
  return { status: 'review', responseId: raw.responseId, requestId: req.id, state: req.state, reason: full };
}

// ---------------------------------------------------------------------------------------------
// "Intake errors", the operators' alert, the pending list
// ---------------------------------------------------------------------------------------------

/**
 * Keeps the raw response whole in "Intake errors" with the reason. One open row per response and kind: a second
 * delivery (or a re-process that fails again) updates that row instead of adding one.
 */
export function parkError(
  ctx: AppContext,
  raw: RawResponse,
  kind: IntakeErrorKind,
  workflow: string,
  reason: string,
  requestId = '',
): IntakeOutcome {
  ensureIntakeTabs(ctx);
  withLock(ctx, () => {
    const errors = new IntakeErrors(ctx);
    const open = errors.findOpen(raw.responseId, kind);
    const row = {
      received: ctx.now(),
      kind,
      status: 'open' as const,
      formId: raw.formId,
      responseId: raw.responseId,
      workflow,
      respondent: raw.respondentEmail,
      requestId,
      reason,
      resolved: null,
      raw,
    };
    if (open !== null) {
      const base = errors.table.readRow(open);
      errors.table.writeRow(open, errors.table.row(errors.toRecord(row), base));
    } else errors.append(row);
    ctx.services.SpreadsheetApp.flush();
  });
  const status: IntakeStatus = kind === 'unmappable' ? 'unmappable' : kind === 'failed' ? 'failed' : 'review';
  return { status, responseId: raw.responseId, ...(requestId ? { requestId } : {}), reason };
}

const alertedKey = (ctx: AppContext) => `${ctx.scope()}:intake:alerted`;

/**
 * Tells the operators once that responses wait in "Intake errors" (not once per response): the first open row
 * since the tab was last cleared sends one email; the flag is set under the lock so two executions cannot both
 * send; re-processing that leaves no open row clears it.
 */
export function alertOperatorsOnce(ctx: AppContext): boolean {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const claimed = withLock(ctx, () => {
    if (props.getProperty(alertedKey(ctx))) return false;
    props.setProperty(alertedKey(ctx), String(ctx.now()));
    return true;
  });
  if (!claimed) return false;
  try {
    const to = operatorEmails(ctx);
    if (!to.length) throw new Error('nobody to alert');
    const url = ctx.spreadsheet().getUrl();
    ctx.services.MailApp.sendEmail({
      to: to.join(','),
      subject: 'Handoff: form responses need attention',
      body: `Some form responses could not become requests (or were edited after their request moved on). They are kept whole in the "Intake errors" tab with the reason.\n\nFix the cause (for example the form's mapping: Handoff > Link a form > Connect existing form), then run Handoff > Re-process intake errors.\n\n${url}\n\nYou will not be emailed again until the tab has been cleared.`,
      name: 'Handoff',
    });
    return true;
  } catch {
    props.deleteProperty(alertedKey(ctx)); // not sent: the next error tries again
    return false;
  }
}

/** Operators from the Directory, else admins, else the spreadsheet's owner. */
function operatorEmails(ctx: AppContext): string[] {
  try {
    const list = new DirectoryStore(ctx).list();
    const ops = list.filter((p) => p.roles.includes('operator')).map((p) => p.email);
    if (ops.length) return ops;
    const admins = list.filter((p) => p.roles.includes('admin')).map((p) => p.email);
    if (admins.length) return admins;
  } catch {
    /* no Directory */
  }
  const owner = ctx.spreadsheet().getOwner()?.getEmail() ?? '';
  return owner ? [owner] : [];
}

export function clearAlertFlag(ctx: AppContext): void {
  ctx.services.PropertiesService.getScriptProperties().deleteProperty(alertedKey(ctx));
}

const PENDING = 'intake:pending:';
const pendingKey = (ctx: AppContext, responseId: string) => `${ctx.scope()}:${PENDING}${responseId}`;

export interface PendingEntry {
  formId: string;
  responseId: string;
  since: number;
  attempts: number;
  lastError: string;
}

/** One property per response (a property write is atomic; no lock needed, so it works when the lock is busy). */
function markPending(ctx: AppContext, raw: RawResponse, error: string): void {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const key = pendingKey(ctx, raw.responseId);
  let prior: PendingEntry | null = null;
  try {
    prior = JSON.parse(props.getProperty(key) ?? 'null') as PendingEntry | null;
  } catch {
    prior = null;
  }
  const entry: PendingEntry = {
    formId: raw.formId,
    responseId: raw.responseId,
    since: prior?.since ?? ctx.now(),
    attempts: (prior?.attempts ?? 0) + (error ? 1 : 0),
    lastError: error.slice(0, 500),
  };
  props.setProperty(key, JSON.stringify(entry));
}

function clearPending(ctx: AppContext, responseId: string): void {
  const props = ctx.services.PropertiesService.getScriptProperties();
  if (props.getProperty(pendingKey(ctx, responseId)) !== null) props.deleteProperty(pendingKey(ctx, responseId));
}

export function pendingIntake(ctx: AppContext): PendingEntry[] {
  const prefix = `${ctx.scope()}:${PENDING}`;
  const out: PendingEntry[] = [];
  for (const [k, v] of Object.entries(ctx.services.PropertiesService.getScriptProperties().getProperties())) {
    if (!k.startsWith(prefix)) continue;
    try {
      out.push(JSON.parse(v) as PendingEntry);
    } catch {
      /* skip */
    }
  }
  return out.sort((a, b) => a.since - b.since);
}

/** After this many failed attempts a pending response is parked in "Intake errors" instead of retried. */
export const MAX_PENDING_ATTEMPTS = 5;

export interface RetryResult {
  processed: IntakeOutcome[];
  stillPending: number;
  parked: number;
}

/**
 * For the timers: processes the responses left pending (lock busy, or a failure) since the last run, oldest
 * first, at most `max` per run and none started after `deadline` (epoch ms). Each is read again from its form
 * (the latest answers).
 */
export function retryPendingIntake(ctx: AppContext, opts: { max?: number; deadline?: number } = {}): RetryResult {
  const result: RetryResult = { processed: [], stillPending: 0, parked: 0 };
  const list = pendingIntake(ctx);
  const max = opts.max ?? 50;
  const props = ctx.services.PropertiesService.getScriptProperties();
  for (const [i, p] of list.entries()) {
    if (i >= max || (opts.deadline !== undefined && ctx.now() >= opts.deadline)) {
      result.stillPending++;
      continue;
    }
    let raw: RawResponse | null = null;
    try {
      const form = ctx.services.FormApp.openById(p.formId);
      raw = readResponse(p.formId, form.getResponse(p.responseId));
      const outcome = processSafely(ctx, raw, () => liveItemIds(form));
      result.processed.push(outcome);
      if (outcome.status === 'pending') result.stillPending++;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const attempts = p.attempts + 1;
      if (attempts >= MAX_PENDING_ATTEMPTS || !raw) {
        const stub: RawResponse = raw ?? {
          formId: p.formId,
          responseId: p.responseId,
          respondentEmail: '',
          timestamp: p.since,
          editLink: '',
          answers: [],
        };
        try {
          parkError(
            ctx,
            stub,
            'failed',
            readLink(ctx.services, p.formId)?.workflowId ?? '',
            `Gave up after ${attempts} attempts: ${message}`,
          );
          props.deleteProperty(pendingKey(ctx, p.responseId));
          result.parked++;
          alertOperatorsOnce(ctx);
        } catch {
          result.stillPending++;
        }
      } else {
        props.setProperty(pendingKey(ctx, p.responseId), JSON.stringify({ ...p, attempts, lastError: message.slice(0, 500) }));
        result.stillPending++;
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Re-processing "Intake errors" (menu)
// ---------------------------------------------------------------------------------------------

export interface ReprocessResult {
  reprocessed: IntakeOutcome[];
  stillOpen: number;
}

/** Re-processes every open unmappable/failed row from its stored raw response (the form's mapping may have been fixed). */
export function reprocessIntakeErrors(ctx: AppContext): ReprocessResult {
  ensureIntakeTabs(ctx);
  const errors = new IntakeErrors(ctx);
  const rows = errors.readAll().filter((r) => r.status === 'open' && (r.kind === 'unmappable' || r.kind === 'failed') && r.raw);
  const result: ReprocessResult = { reprocessed: [], stillOpen: 0 };
  const forms = new Map<string, Set<number> | null>();
  const liveFor = (raw: RawResponse) => () => {
    if (!forms.has(raw.formId)) {
      try {
        forms.set(raw.formId, liveItemIds(ctx.services.FormApp.openById(raw.formId)));
      } catch {
        forms.set(raw.formId, null); // the form is gone: judge by the answers kept
      }
    }
    return forms.get(raw.formId) ?? new Set(raw.answers.map((a) => a.itemId));
  };
  for (const row of rows) {
    let raw = row.raw as RawResponse;
    if (raw.answers.length === 0) {
      // Parked before its answers could be read: read them from the form now.
      try {
        raw = readResponse(raw.formId, ctx.services.FormApp.openById(raw.formId).getResponse(raw.responseId));
      } catch {
        result.stillOpen++;
        continue;
      }
    }
    const outcome = processSafely(ctx, raw, liveFor(raw));
    if (
      outcome.status === 'created' ||
      outcome.status === 'duplicate' ||
      outcome.status === 'updated' ||
      outcome.status === 'resubmitted'
    ) {
      withLock(ctx, () =>
        errors.update({
          ...row,
          status: 'reprocessed',
          requestId: outcome.requestId ?? '',
          resolved: ctx.now(),
          reason: `${row.reason} — Re-processed: ${outcome.requestId ?? ''}`,
        }),
      );
      result.reprocessed.push(outcome);
    } else result.stillOpen++;
  }
  if (errors.openCount() === 0) clearAlertFlag(ctx);
  return result;
}
