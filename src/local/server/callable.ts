/** Which of the add-on's functions a page may call through google.script.run. */
import { BadRequest } from './errors';
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
