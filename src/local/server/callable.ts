/** Which of the add-on's functions a page may call through google.script.run. */
import type { ExecutionKind } from '../kernel/execution';
import { BadRequest, ScriptError } from './errors';
import { illegalValue } from './json-values';

/** Functions google.script.run may call besides the panel's (handoffPanel*): the add-on's documented public API. */
export const PUBLIC_FUNCTIONS: readonly string[] = [
  'handoffCreateRequest',
  'handoffApplyAction',
  'handoffGetRequest',
  'handoffPublishWorkflow',
  'handoffCapacity',
];

/** Apps Script calls these itself (triggers, the web app, card callbacks): never from a page. */
export const NOT_CALLABLE =
  /^(onOpen|onInstall|onEdit|doGet|doPost|onGmailMessageOpen|handoffCardDecide|handoffOnFormSubmit|handoffOnEdit|handoffTimerRun)$|_$/;

export function isCallable(name: string): boolean {
  if (NOT_CALLABLE.test(name)) return false;
  return name.startsWith('handoffPanel') || PUBLIC_FUNCTIONS.includes(name);
}

/** A google.script.run call checked before it runs: a callable function of the build, JSON-like arguments. */
export function checkCall(fn: unknown, args: unknown, hasFunction: (name: string) => boolean): { fn: string; args: unknown[] } {
  if (typeof fn !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(fn))
    throw new BadRequest('"fn" must be the name of a server function, e.g. "handoffPanelWhoAmI"');
  if (!Array.isArray(args))
    throw new BadRequest('"args" must be an array of arguments (JSON values), e.g. [] or [{"requestId":"PR-000001"}]');
  if (!hasFunction(fn)) throw new BadRequest(`dist/Code.js has no function "${fn}"`, 404);
  if (!isCallable(fn))
    throw new BadRequest(
      `"${fn}" is not a function the panel may call (google.script.run targets are the handoffPanel* functions and ${PUBLIC_FUNCTIONS.join(', ')})`,
      403,
    );
  const bad = illegalValue(args, 'args');
  if (bad) throw new BadRequest(`Illegal argument for google.script.run: ${bad}`);
  return { fn, args };
}

/** What running a callable needs (the Playground class has it). */
export interface CallDesk {
  readonly script: { hasFunction(name: string): boolean };
  person(as: unknown): { email: string };
  sidebarUser(as: string): string;
  execute(fn: string, args: unknown[], as: string, kind: ExecutionKind, effectiveUser?: string): Promise<unknown>;
  changed(): void;
}

/**
 * Runs a function as `as`, as google.script.run does from the sidebar: one execution whose active user is the
 * person; the effective user is the person too (or the owner: `sidebarRunsAs`). The result crosses as JSON.
 */
export async function runCallable(p: CallDesk, fn: unknown, args: unknown, as: unknown): Promise<unknown> {
  const call = checkCall(fn, args, (n) => p.script.hasFunction(n));
  const person = p.person(as);
  try {
    let result: unknown;
    try {
      result = await p.execute(call.fn, call.args, person.email, 'script-run', p.sidebarUser(person.email));
    } catch (e) {
      throw new ScriptError(e instanceof Error ? e.message : String(e), e instanceof Error ? e.name : 'Error');
    }
    const badResult = illegalValue(result, 'result');
    if (badResult) throw new ScriptError(`${call.fn} returned a value google.script.run cannot carry: ${badResult}`);
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  } finally {
    p.changed();
  }
}
