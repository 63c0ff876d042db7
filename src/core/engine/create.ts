/**
 * createRequest(): a new request at revision 1. Intake is validated like a resubmit; with problems the
 * request waits on its requester in the needs-info state, the problems listed, instead of being lost.
 */
import { checkFields } from '../definition/fields';
import { needsInfoState, startState } from '../definition/lookup';
import { normalizeEmail } from '../directory/directory';
import type { Fields, JsonValue } from '../model/json';
import { formatRequestId, type Request } from '../model/request';
import { enterState } from './enter-state';
import { refuse } from './refusal';
import { beginTx, emit, finish, notify } from './tx';
import type { ApplyResult, CreateRequestInput } from './types';

export function createRequest(input: CreateRequestInput): ApplyResult {
  const { version, now } = input;
  const def = version.definition;
  const start = startState(def);
  const requester = normalizeEmail(input.requester);
  if (!requester) return refuse('unknown_person', 'A request needs a requester email.');

  const given: Fields = input.fields ?? {};
  const problems = checkFields(def.fields, given, { requireAll: true, alsoRequired: start.requiredFields ?? [] });
  // Every field gets a slot; invalid values stay visible to the requester (with their problem), unknown keys are dropped.
  const fields: Fields = {};
  for (const f of def.fields) fields[f.id] = given[f.id] ?? null;
  const request: Request = {
    id: formatRequestId(def.prefix, input.sequence),
    workflowId: def.id,
    version: version.version,
    versionHash: version.hash,
    revision: 1,
    state: '',
    fields,
    requester,
    assignee: null,
    approval: null,
    sla: null,
    history: [],
    channel: input.channel,
    intakeProblems: problems,
    returnTo: null,
    reworkCount: 0,
    ...(input.origin ? { origin: { ...input.origin } } : {}),
    createdAt: now,
    updatedAt: now,
  };
  const tx = beginTx(input, request);
  const details: { [key: string]: JsonValue } = { channel: input.channel };
  if (input.origin) Object.assign(details, { via: input.origin.via, responseId: input.origin.responseId });
  if (problems.length) {
    const needsInfo = needsInfoState(def);
    if (!needsInfo) return refuse('invalid_fields', `The request is incomplete: ${problems.map((p) => p.message).join(' ')}`, { problems });
    request.returnTo = start.id;
    request.returnAssignee = null;
    enterState(tx, needsInfo.id, {
      because: () => {
        emit(tx, { action: 'create', fromState: null, toState: needsInfo.id, details });
        emit(tx, {
          action: 'intake_problems',
          system: true,
          fromState: needsInfo.id,
          toState: needsInfo.id,
          details: { problems: problems.map((p) => ({ path: p.path, message: p.message })) },
        });
      },
    });
  } else {
    enterState(tx, start.id, { because: () => emit(tx, { action: 'create', fromState: null, toState: start.id, details }) });
  }
  // Handoff's own receipt email is a per-workflow option (off by default); a Chat space still hears of the request.
  if (def.receiptEmail === true) {
    notify(tx, { kind: 'receipt', to: requester });
    // The receipt goes first in the outbox.
    tx.notes.unshift(tx.notes.pop()!);
  }
  return finish(tx);
}
