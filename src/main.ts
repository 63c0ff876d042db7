/**
 * The ONLY file that declares what Apps Script calls by name. Each export becomes a top-level function in
 * dist/Code.js (esbuild.config.mjs). Keep this a flat list of small functions that build the context from
 * the globals and forward into src/gas.
 */
import { actOnRequest, createMyRequest, publishAsAdmin, readRequest, setUpAsAdmin } from './gas/api';
import { createContext } from './gas/context';
import { buildMenu } from './gas/menu';
import { servicesFromGlobals } from './gas/services';
import { showSetupReport } from './gas/setup/report';

const ctx = () => createContext(servicesFromGlobals());

/** Simple trigger: the Handoff menu. May run in AuthMode.NONE: touches nothing but the menu. */
export function onOpen(_e?: unknown) {
  buildMenu(servicesFromGlobals());
}

/** Editor add-on installed: show the menu at once. */
export function onInstall(e?: unknown) {
  onOpen(e);
}

/** Menu: Set up / repair. */
export function handoffSetUp() {
  const c = ctx();
  return showSetupReport(c, setUpAsAdmin(c));
}

/** google.script.run: the signed-in user submits a request. */
export function handoffCreateRequest(args: unknown) {
  return createMyRequest(ctx(), args);
}

/** google.script.run: the signed-in user approves / rejects / transitions a request. */
export function handoffApplyAction(args: unknown) {
  return actOnRequest(ctx(), args);
}

/** google.script.run: one request by id. */
export function handoffGetRequest(id: unknown) {
  return readRequest(ctx(), id);
}

/** Admins: publish a workflow definition as its next version. */
export function handoffPublishWorkflow(definition: unknown) {
  return publishAsAdmin(ctx(), definition);
}
