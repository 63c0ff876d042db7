/**
 * The add-on's public functions (src/main.ts: handoffCreateRequest, handoffApplyAction, handoffGetRequest, and the
 * admin's set-up and publish). Each takes and returns plain JSON (google.script.run cannot carry a Date) and takes the
 * actor from the session on the server, never from the arguments. The three request functions go through the panel's
 * guard (panel/guard.ts): bad arguments are refused with one sentence naming the field, every refusal is recorded,
 * and the caller may read or change only what the panel would let them. Someone who may not edit the protected tabs
 * (the sidebar runs as them) has their create or change carried to the web app (panel/relay.ts).
 */
import * as z from '../core/zod';
import { validateDefinition, type Request } from '../core';
import type { AppContext } from './context';
import { createCheckedCommand } from './commands/requests';
import { getRequest } from './commands/read';
import { publishWorkflow } from './commands/workflows';
import { HandoffError } from './errors';
import { describeGaps, formGaps } from './intake/form-sync';
import { utilitiesKnownZone } from './zone';
import { requireAdmin, settleCaller } from './auth';
import { setUp, type SetupReport } from './setup/setup';
import type { Caller } from './auth';
import { panelFunction } from './panel/guard';
import { actAndReport } from './panel/actions';
import { ActArgs, FieldValues } from './panel/action-args';
import { loadVisible } from './panel/request-view';
import { mustRelay, relayCreate } from './panel/relay';

export function setUpAsAdmin(ctx: AppContext): SetupReport {
  requireAdmin(ctx, 'handoffSetUp');
  return setUp(ctx);
}

export function publishAsAdmin(ctx: AppContext, definition: unknown): { workflowId: string; version: number; created: boolean } {
  const actor = requireAdmin(ctx, 'handoffPublishWorkflow');
  // As the panel's publish: a version that requires a field a linked form does not ask is refused (the form would
  // send requesters to fix a question that is not there). Only the editor, after the admin confirms, adds questions.
  const v = validateDefinition(definition, { isKnownZone: utilitiesKnownZone(ctx.services.Utilities) });
  const gaps = v.ok ? formGaps(ctx, v.definition) : [];
  if (gaps.length)
    throw new HandoffError(
      'refused',
      `Not published. ${describeGaps(gaps)} Publish it from the workflow editor (Admin), which adds the questions to the form when you confirm.`,
    );
  const r = publishWorkflow(ctx, definition, actor.email);
  return { workflowId: r.version.workflowId, version: r.version.version, created: r.created };
}

/** What the public request functions answer: the request as it now stands, and where the change was written. */
export interface PlainResult {
  request: Request;
  /** The Requests row (null when the web app wrote it). */
  row: number | null;
  events: number | null;
  notifications: number | null;
  via: 'sheet' | 'web_app';
}

const LABELS = { workflowId: 'Workflow', version: 'Version', fields: 'Fields', action: 'Action', type: 'Action' };

export const CreateArgs = z.strictObject({
  workflowId: z.string().check(z.minLength(1), z.maxLength(64)),
  version: z.optional(z.number().check(z.int(), z.positive())),
  fields: FieldValues,
});

/** The signed-in user submits a request for themself. */
/**
 * The signed-in user submits a request for themself. The caller's roles (may they write the protected tabs, or
 * must the create go through the web app?) come from the Directory the create's unit reads anyway: a cold create
 * is one batchGet and one batchUpdate.
 */
export function createFor(ctx: AppContext, caller: Caller, a: z.infer<typeof CreateArgs>): PlainResult {
  const input = { workflowId: a.workflowId, requester: caller.email, fields: a.fields, channel: 'api' as const };
  const r = createCheckedCommand(
    ctx,
    {
      ...input,
      actor: { email: caller.email, method: 'session' },
      ...(a.version === undefined ? {} : { version: a.version }),
    },
    (directory) => !mustRelay(ctx, settleCaller(caller, directory.directory())),
  );
  if (!r) {
    const relayed = relayCreate(ctx, caller, { workflowId: a.workflowId, version: a.version ?? 0, fields: a.fields });
    return { request: relayed.request, row: null, events: null, notifications: null, via: 'web_app' };
  }
  return { request: r.request, row: r.row, events: r.events.length, notifications: r.notifications.length, via: 'sheet' };
}

export const createMyRequest = panelFunction('handoffCreateRequest', 'anyone', CreateArgs, createFor, LABELS, { deferRoles: true });

/** The signed-in user acts on a request: the panel's checks (part of it, or an operator), then the engine's. */
export const actOnRequest = panelFunction(
  'handoffApplyAction',
  'anyone',
  ActArgs,
  (ctx, caller, a): PlainResult => {
    const { summary: r, request: written } = actAndReport(ctx, caller, a);
    // The web app wrote it: read it back (this person may read the sheet, only not write it).
    const request = written ?? getRequest(ctx, r.id);
    if (!request) throw new Error(`internal: request ${r.id} is gone after a change`);
    return { request, row: null, events: r.events, notifications: r.notifications, via: r.via };
  },
  LABELS,
);

/** One request, for someone it concerns (its requester, a current approver or delegate, its assignee) or an operator. */
export const readRequest = panelFunction(
  'handoffGetRequest',
  'anyone',
  z.string().check(z.minLength(1), z.maxLength(40)),
  (ctx, caller, id): Request => loadVisible(ctx, caller, id).request,
  { '(arguments)': 'Request' },
);
