/**
 * Who is calling, and the one wrapper every panel server function goes through:
 *   1. the caller comes from the session (Session.getActiveUser), never from the page;
 *   2. their roles come from the Directory (the spreadsheet owner is always admin);
 *   3. the role the function needs is checked, then the arguments are parsed with zod;
 *   4. any refusal (role, ownership, bad arguments, an engine refusal) is audited and thrown with a clear message.
 * Results must be plain JSON (google.script.run cannot carry a Date): `plainResult` checks it.
 */
import type * as z from '../../core/zod';
import type { AppContext } from '../context';
import { HandoffError, RefusedError } from '../errors';
import { deferredCaller, identify, writesRefusedFor, type Caller, type PanelRole } from '../auth';
import { recordRefusal } from '../refusals';
import { WriteRefusedError } from '../store/journal';

/** A refusal by the panel: the caller may not do this, or sent something that is not valid. */
export class PanelRefusal extends HandoffError {
  constructor(
    message: string,
    readonly problems: Array<{ path: string; message: string }> = [],
  ) {
    super('refused', message);
  }
}

export { REFUSED_ACTION } from '../refusals';

/**
 * Records one refused call: appended to Audit when this execution may write it, else parked for the timer to write
 * (refusals.ts). Never throws.
 */
export function auditRefusal(
  ctx: AppContext,
  who: string | { email: string; operator: boolean },
  fn: string,
  message: string,
  requestId = '',
  details: Record<string, string> = {},
): void {
  const email = typeof who === 'string' ? who : who.email;
  const canWrite = typeof who === 'string' ? undefined : !writesRefusedFor(ctx, who);
  recordRefusal(ctx, { who: email, fn, message, requestId, details }, canWrite === undefined ? {} : { canWrite });
}

/** A protection refusal, said to someone who is in the sidebar. */
export function sidebarWriteRefusal(e: WriteRefusedError): string {
  return (
    `${e.user || 'You'} may not edit the protected "${e.tab}" tab, so nothing was changed. ` +
    'From the sidebar, only the owner, Handoff admins and operators change the sheet themselves; approvers decide with the Approve/Reject links in their Handoff email or the Handoff card in Gmail. ' +
    'If you should be an operator, ask a Handoff admin to give you the role (Admin > People) and run Handoff > Set up / repair.'
  );
}

/** What the page calls an argument, for refusals people read ("Reason is required", not "action.reason: …"). */
const ARG_LABELS: Record<string, string> = {
  requestId: 'Request',
  expectedRevision: 'Revision',
  reason: 'Reason',
  comment: 'Comment',
  to: 'Assign to',
  from: 'Replace approver',
  email: 'Email',
  name: 'Name',
  roles: 'Roles',
  definition: 'Workflow definition',
  requestIds: 'Selection',
  op: 'Action',
};

/** One plain sentence for refused arguments, naming each field as the form labels it. */
export function describeArgs(problems: Array<{ path: string; message: string }>, labels: Record<string, string> = {}): string {
  const label = (path: string): string => {
    const parts = path.split('.');
    const named = [...parts].reverse().find((p) => labels[p] ?? ARG_LABELS[p]);
    return named ? `"${labels[named] ?? ARG_LABELS[named]}"` : path === '(arguments)' ? 'the form' : `"${path}"`;
  };
  const lines = problems.map(
    (p) =>
      `${label(p.path)}: ${/^(Expected|Invalid input: expected) number, received (nan|NaN)/.test(p.message) ? 'enter a number' : p.message.replace(/\.\s*$/, '')}`,
  );
  return `Please check ${lines.join('; ')}. Nothing was changed.`;
}

/** zod issues → "path: message" lines. */
export function describeIssues(error: z.core.$ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(arguments)', message: i.message }));
}

/**
 * A panel server function. It takes `unknown` (the page may send anything; the schema parses it) but carries the
 * schema's input type `A`, so src/main.ts can export it typed for the sidebar (src/ui/shared/rpc.ts).
 */
export interface PanelFunction<R, A = unknown> {
  (ctx: AppContext, args?: unknown): R;
  readonly fnName: string;
  readonly role: PanelRole;
  /** Type only (never set): the arguments the schema accepts. */
  readonly args?: A;
}

/** The parameters of a google.script.run target taking `A`: optional when an empty object is valid. */
export type TargetArgs<A> = Record<string, never> extends A ? [args?: A] : [args: A];

/**
 * Declares one panel server function. `body` receives the identified caller and the parsed arguments; it
 * throws PanelRefusal for ownership refusals. Refusals of every kind are audited. `labels` names the arguments as
 * the page's form does, for the refusal of arguments that are not valid.
 */
export function panelFunction<S extends z.ZodMiniType, R>(
  fnName: string,
  role: PanelRole,
  schema: S,
  body: (ctx: AppContext, caller: Caller, args: z.infer<S>) => R,
  labels: Record<string, string> = {},
  /**
   * 'anyone' functions whose body reads the Directory in its own unit of work (a create): the caller's roles wait
   * for that read (auth.ts deferredCaller, settleCaller) instead of a read of their own before it.
   */
  opts: { deferRoles?: boolean } = {},
): PanelFunction<R, z.input<S>> {
  const fn = (ctx: AppContext, raw?: unknown): R => {
    const caller =
      opts.deferRoles && role === 'anyone' ? deferredCaller(ctx) : identify(ctx, fnName === 'handoffPanelWhoAmI' ? 'all' : role);
    const refuse = (message: string, problems: Array<{ path: string; message: string }> = [], requestId = ''): never => {
      auditRefusal(ctx, caller, fnName, message, requestId);
      throw new PanelRefusal(message, problems);
    };
    if (!caller.email) refuse('Handoff cannot see who you are. Sign in with your Google account in this domain and reload the panel.');
    if (role === 'admin' && !caller.admin) refuse(`Only Handoff admins can do this (${fnName}); ${caller.email} is not an admin.`);
    if (role === 'operator' && !caller.operator)
      refuse(`Only Handoff operators can do this (${fnName}); ${caller.email} is not an operator.`);
    const parsed = schema.safeParse(raw === undefined ? {} : raw);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error);
      refuse(describeArgs(problems, labels), problems);
    }
    try {
      return plainResult(body(ctx, caller, parsed.data as z.infer<S>));
    } catch (e) {
      // The store's wording sends people to "the Handoff sidebar" — where this person already is.
      if (e instanceof WriteRefusedError) throw new PanelRefusal(sidebarWriteRefusal(e));
      if (e instanceof PanelRefusal) {
        auditRefusal(ctx, caller, fnName, e.message, requestIdOf(parsed.data));
        throw e;
      }
      if (e instanceof RefusedError) auditRefusal(ctx, caller, fnName, e.message, requestIdOf(parsed.data), { code: e.refusal.code });
      throw e;
    }
  };
  return Object.assign(fn, { fnName, role });
}

function requestIdOf(args: unknown): string {
  const id = (args as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' ? id : '';
}

/** Throws when a result holds a Date, a function or undefined-in-array: google.script.run would fail on it. */
export function plainResult<R>(value: R): R {
  const walk = (v: unknown, path: string): void => {
    if (v instanceof Date) throw new Error(`internal: panel result has a Date at ${path}; send epoch ms`);
    if (typeof v === 'function') throw new Error(`internal: panel result has a function at ${path}`);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(value, 'result');
  return value;
}
