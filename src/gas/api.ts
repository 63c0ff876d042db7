/**
 * What src/main.ts forwards to. Every function takes and returns plain JSON (google.script.run cannot carry a
 * Date), takes the actor from the session on the server (never from the arguments) and validates its
 * arguments with zod. Role checks for the panel's operator and admin functions come with the panel issue;
 * here, admin-only functions check the Directory.
 */
import * as z from 'zod';
import { normalizeEmail, type Actor, type Request } from '../core';
import type { AppContext } from './context';
import { HandoffError } from './errors';
import { applyActionCommand, createRequestCommand, type CommandResult } from './commands/requests';
import { getRequest } from './commands/read';
import { publishWorkflow } from './commands/workflows';
import { ownerEmail, setUp, type SetupReport } from './setup/setup';
import { DirectoryStore } from './store/directory';
import { MissingTabError } from './errors';

export class NotAllowedError extends HandoffError {
  constructor(message: string) {
    super('refused', message);
  }
}

/** The signed-in user as the actor; refuses when Apps Script cannot see who it is. */
export function sessionActor(ctx: AppContext): Actor {
  const email = normalizeEmail(ctx.activeUser());
  if (!email) throw new NotAllowedError('Handoff cannot see who you are (sign in with your Google account in this domain).');
  return { email, method: 'session' };
}

/** The owner, or a Directory admin. Before set-up (no Directory yet) only the owner. */
export function requireAdmin(ctx: AppContext): Actor {
  const actor = sessionActor(ctx);
  if (actor.email === ownerEmail(ctx)) return actor;
  let admin = false;
  try {
    admin = new DirectoryStore(ctx).directory().get(actor.email)?.roles.includes('admin') ?? false;
  } catch (e) {
    if (!(e instanceof MissingTabError)) throw e;
  }
  if (!admin) throw new NotAllowedError('Only the spreadsheet owner and Handoff admins can do this.');
  return actor;
}

export function setUpAsAdmin(ctx: AppContext): SetupReport {
  requireAdmin(ctx);
  return setUp(ctx);
}

const CreateArgs = z.strictObject({
  workflowId: z.string().min(1),
  version: z.number().int().positive().optional(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])),
});

/** The signed-in user submits a request for themself (channel 'operator' is for operator entry: panel issue). */
export function createMyRequest(ctx: AppContext, args: unknown): PlainResult {
  const a = CreateArgs.parse(args);
  const actor = sessionActor(ctx);
  const input = { workflowId: a.workflowId, requester: actor.email, fields: a.fields, channel: 'api' as const, actor };
  return plain(createRequestCommand(ctx, a.version === undefined ? input : { ...input, version: a.version }));
}

const ActionArgs = z.strictObject({
  requestId: z.string().min(1),
  expectedRevision: z.number().int().positive(),
  action: z.union([
    z.strictObject({ type: z.enum(['approve', 'reject', 'request_changes']), comment: z.string().optional() }),
    z.strictObject({
      type: z.literal('transition'),
      name: z.string().min(1),
      comment: z.string().optional(),
      fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])).optional(),
    }),
    z.strictObject({
      type: z.literal('resubmit'),
      comment: z.string().optional(),
      fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])).optional(),
    }),
    z.strictObject({ type: z.literal('cancel'), reason: z.string() }),
  ]),
});

/** The signed-in user acts on a request; the engine decides whether they may. */
export function actOnRequest(ctx: AppContext, args: unknown): PlainResult {
  const a = ActionArgs.parse(args);
  return plain(
    applyActionCommand(ctx, { requestId: a.requestId, expectedRevision: a.expectedRevision, action: a.action, actor: sessionActor(ctx) }),
  );
}

export function readRequest(ctx: AppContext, id: unknown): Request | null {
  return getRequest(ctx, z.string().min(1).parse(id));
}

export function publishAsAdmin(ctx: AppContext, definition: unknown): { workflowId: string; version: number; created: boolean } {
  const actor = requireAdmin(ctx);
  const r = publishWorkflow(ctx, definition, actor.email);
  return { workflowId: r.version.workflowId, version: r.version.version, created: r.created };
}

export interface PlainResult {
  request: Request;
  row: number;
  events: number;
  notifications: number;
}

function plain(r: CommandResult): PlainResult {
  return { request: r.request, row: r.row, events: r.events.length, notifications: r.notifications.length };
}
