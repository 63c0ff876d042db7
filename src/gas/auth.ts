/**
 * Who is calling, and what they may run: the session's actor, the caller with their roles (identify, which the
 * panel's guard uses), the spreadsheet's owner, and the checks. Every top-level function of the bundle can be called
 * by anyone who can open the sidebar (google.script.run reaches every global function whose name does not end in
 * "_"), with any plain JSON arguments, so each entry point checks here, on the server:
 *   - the caller is the session's active user (never a name from the arguments);
 *   - admin functions: the spreadsheet owner or a Directory admin;
 *   - automation (the timer, the Outbox, pending intake): only as the admin who runs Handoff's triggers;
 *   - trigger handlers that need a real event (form submit, on-edit): refused for a plain object, which is all a
 *     page can send.
 * Each refusal is recorded (refusals.ts: written to Audit, or parked until the timer writes it).
 */
import { isAdmin, isOperator, normalizeEmail, type Actor, type Directory } from '../core';
import type { AppContext } from './context';
import { HandoffError, MissingTabError } from './errors';
import { recordRefusal } from './refusals';
import { referenceStores } from './plane/reference';
import { stateFrom } from './timers/state';

export class NotAllowedError extends HandoffError {
  constructor(message: string) {
    super('refused', message);
  }
}

/**
 * The spreadsheet's owner, or '' when it has none (a shared drive) or this user cannot open it. Never the user the
 * script runs as: in the sidebar that is the person using it, who would then count as the owner (an admin).
 */
export function ownerEmail(ctx: AppContext): string {
  try {
    return normalizeEmail(ctx.spreadsheet().getOwner()?.getEmail() ?? '');
  } catch {
    return '';
  }
}

export type PanelRole = 'anyone' | 'operator' | 'admin';

export interface Caller {
  email: string;
  admin: boolean;
  operator: boolean;
  /** Directory roles (lower case), plus 'admin' for the owner. */
  roles: string[];
  directory: Directory;
}

/**
 * The caller from the session and the Directory. The spreadsheet owner is always admin; finding the owner is a
 * Sheet call, so it is made only when the Directory does not already grant what is needed (`need`).
 */
export function identify(ctx: AppContext, need: PanelRole | 'all' = 'all'): Caller {
  let directory: Directory = { get: () => undefined, membersOf: () => [] };
  try {
    // The data plane's copy for the stamp (memory, the script cache, else one read): no Sheet read when warm.
    directory = referenceStores(ctx).directory.directory();
  } catch (e) {
    if (!(e instanceof MissingTabError)) throw e;
  }
  return callerFrom(ctx, directory, need);
}

/** identify() with a Directory already read (a unit's): no read. */
export function callerFrom(ctx: AppContext, directory: Directory, need: PanelRole | 'all' = 'all'): Caller {
  const email = normalizeEmail(ctx.activeUser());
  const roles = [...(directory.get(email)?.roles ?? [])];
  let admin = email !== '' && isAdmin(directory, email);
  const operator = admin || (email !== '' && isOperator(directory, email));
  const settled = admin || (need === 'operator' && operator) || (need === 'anyone' && operator);
  if (!settled && email !== '' && email === ownerEmail(ctx)) {
    admin = true;
    if (!roles.includes('admin')) roles.push('admin');
  }
  return { email, admin, operator: admin || operator, roles, directory };
}

const deferred = new WeakMap<Caller, (directory: Directory | null) => Caller>();

/**
 * A caller for a function anyone may call ('anyone'), whose roles are looked up only when first asked: the session's
 * email at once; the Directory's roles from the Directory the function's unit of work reads anyway (`settleCaller`),
 * or, asked before that (a refusal's audit), from identify()'s own read.
 */
export function deferredCaller(ctx: AppContext): Caller {
  let known: Caller | null = null;
  const settle = (directory: Directory | null): Caller => {
    known ??= directory ? callerFrom(ctx, directory, 'anyone') : identify(ctx, 'anyone');
    return known;
  };
  const caller = {
    email: normalizeEmail(ctx.activeUser()),
    get admin() {
      return settle(null).admin;
    },
    get operator() {
      return settle(null).operator;
    },
    get roles() {
      return settle(null).roles;
    },
    get directory() {
      return settle(null).directory;
    },
  };
  deferred.set(caller, settle);
  return caller;
}

/** The caller with their roles from `directory` (a deferred caller not yet settled); any other caller as it is. */
export function settleCaller(caller: Caller, directory: Directory): Caller {
  return deferred.get(caller)?.(directory) ?? caller;
}

export const NO_SESSION = 'Handoff cannot see who you are (sign in with your Google account in this domain).';

/** The signed-in user as the actor; refuses when Apps Script cannot see who it is. */
export function sessionActor(ctx: AppContext): Actor {
  const email = normalizeEmail(ctx.activeUser());
  if (!email) throw new NotAllowedError(NO_SESSION);
  return { email, method: 'session' };
}

/** The user this execution runs as (whose permissions the spreadsheet checks), or '' when Apps Script hides it. */
export function effectiveUser(ctx: AppContext): string {
  try {
    return normalizeEmail(ctx.services.Session.getEffectiveUser().getEmail() ?? '');
  } catch {
    return '';
  }
}

/**
 * Would this execution's writes to the protected tabs be refused? They are when it runs as `who` (the sidebar runs as
 * the person using it) and `who` is not an operator (only the owner, admins and operators edit Requests, Audit and
 * Outbox). When the execution runs as someone else (a web app executing as its deployer, a trigger), that someone writes.
 */
export function writesRefusedFor(ctx: AppContext, who: { email: string; operator: boolean }): boolean {
  if (who.operator) return false;
  const effective = effectiveUser(ctx);
  return effective === '' || effective === who.email;
}

function directoryOf(ctx: AppContext): Directory | null {
  try {
    return referenceStores(ctx).directory.directory();
  } catch (e) {
    if (!(e instanceof MissingTabError)) throw e;
    return null;
  }
}

function opensSpreadsheet(ctx: AppContext): boolean {
  try {
    ctx.spreadsheet();
    return true;
  } catch {
    return false;
  }
}

/** Refuses: records the refusal (audited or parked) and throws NotAllowedError. */
function refuse(ctx: AppContext, fn: string, who: string, message: string, operator = false): never {
  recordRefusal(ctx, { who, fn, message }, { canWrite: !writesRefusedFor(ctx, { email: who, operator }) });
  throw new NotAllowedError(message);
}

/**
 * The owner, or a Directory admin. Before set-up (no Directory yet) the owner; on a spreadsheet with no owner (a
 * shared drive) set-up's first run may be done by anyone who can open it, as before Handoff governs anything.
 */
export function requireAdmin(ctx: AppContext, fn = 'an admin function'): Actor {
  const email = normalizeEmail(ctx.activeUser());
  if (!email) refuse(ctx, fn, '', NO_SESSION);
  const owner = ownerEmail(ctx);
  if (email === owner) return { email, method: 'session' };
  const dir = directoryOf(ctx);
  if (dir && isAdmin(dir, email)) return { email, method: 'session' };
  if (!dir && owner === '' && opensSpreadsheet(ctx)) return { email, method: 'session' };
  return refuse(ctx, fn, email, 'Only the spreadsheet owner and Handoff admins can do this.', dir ? isOperator(dir, email) : false);
}

/** The owner, admins and operators. */
export function requireOperator(ctx: AppContext, fn: string, message = 'Only Handoff operators and admins can do this.'): Actor {
  const email = normalizeEmail(ctx.activeUser());
  if (!email) refuse(ctx, fn, '', NO_SESSION);
  if (email === ownerEmail(ctx)) return { email, method: 'session' };
  const dir = directoryOf(ctx);
  if (dir && isOperator(dir, email)) return { email, method: 'session' };
  return refuse(ctx, fn, email, message);
}

/** Is `email` the owner or a Directory admin? Never throws. */
export function isAdminEmail(ctx: AppContext, email: string): boolean {
  if (!email) return false;
  try {
    if (email === ownerEmail(ctx)) return true;
    const dir = directoryOf(ctx);
    return dir !== null && isAdmin(dir, email);
  } catch {
    return false;
  }
}

/**
 * Automation (the timer's run, the Outbox, pending intake) sends email and writes the governed tabs as the user the
 * execution runs as, so it runs only for an admin or whoever installed the timer, never for anyone else: a requester
 * calling it from the sidebar would send mail from their own account. Two ways pass:
 *   - the signed-in user and the user the execution runs as are both such a person (the editor's Run button, or the
 *     timer's trigger, which runs as its installer);
 *   - nobody is signed in (a trigger on a consumer account) and `event.triggerUid` is one of this user's own triggers
 *     for `fn`: an anonymous visitor of a web-app page running as the deployer does not know it.
 */
export function requireAutomation(ctx: AppContext, fn: string, event?: unknown): void {
  const effective = effectiveUser(ctx);
  const active = normalizeEmail(ctx.activeUser());
  let installer = '';
  try {
    installer = normalizeEmail(stateFrom(ctx, ctx.properties()).trigger?.by ?? ''); // the run's one property read
  } catch {
    installer = '';
  }
  const runner = (email: string): boolean => email !== '' && (email === installer || isAdminEmail(ctx, email));
  if (active !== '' ? runner(active) && runner(effective) : runner(effective) && ownTrigger(ctx, fn, event)) return;
  refuse(
    ctx,
    fn,
    active,
    `Only Handoff's own timer runs ${fn} (as the admin who installed it); ${active || 'an unidentified user'} may not run it. Nothing was done.`,
  );
}

/** Does the event name one of this user's own triggers for `fn`? */
function ownTrigger(ctx: AppContext, fn: string, event: unknown): boolean {
  const uid = (event as { triggerUid?: unknown } | null | undefined)?.triggerUid;
  if (typeof uid !== 'string' || uid === '') return false;
  try {
    return ctx.services.ScriptApp.getProjectTriggers().some((t) => t.getUniqueId() === uid && t.getHandlerFunction() === fn);
  } catch {
    return false;
  }
}

/**
 * A trigger handler that needs Apps Script's event object (with its methods): a page can send only plain JSON, so an
 * event without them did not come from a trigger.
 */
export function requireTriggerEvent(ctx: AppContext, fn: string, real: boolean): void {
  if (real) return;
  refuse(
    ctx,
    fn,
    normalizeEmail(ctx.activeUser()),
    `Only its Apps Script trigger runs ${fn}, with the trigger's event; it cannot be called from a page. Nothing was done.`,
  );
}
