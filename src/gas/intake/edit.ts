/** Edits of a form response whose request exists. */
import { stateLabel, type AuditEvent, type Definition, type Fields, type Request } from '../../core';
import type { AppContext } from '../context';
import { applyActionCommand } from '../commands/requests';
import { RefusedError } from '../errors';
import { AuditStore } from '../store/audit';
import { ConfigStore } from '../store/config';
import { RequestStore } from '../store/requests';
import type { FormLink } from './links';
import { answersToFields, changedFields } from './mapping';
import type { IntakeOutcome } from './outcome';
import { parkError } from './park';
import { IntakeLog, type IntakeErrorKind, type RawResponse } from './stores';

/** Audit action for an edit the request no longer takes (the engine's AuditAction list has no such entry yet). */
export const INTAKE_LATE_EDIT_ACTION: AuditEvent['action'] = 'intake_late_edit';

/**
 * An edit of a response whose request exists: the engine's requester_edit, through the runtime's
 * applyActionCommand (lock, revision check, journal). The engine decides whether the request still takes the
 * requester's edits (start state before any decision, or waiting on the requester) and what follows (Needs info
 * with the problems left, or back to work when none are). An edit it will not take is kept for an operator.
 */
export function applyEdit(
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
  // The ledger keeps only what the Requests row does not: its edit link changes only if Forms gave a new one.
  if (raw.editLink && raw.editLink !== entry.editLink)
    new IntakeLog(ctx).update(entry.row, entry.cells, { ...entry, editLink: raw.editLink });
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
