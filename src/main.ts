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
import { rotateApprovalKeyAsAdmin } from './gas/approvals/admin';
import { createStoreBackend } from './gas/approvals/store-backend';
import { cardDecide, gmailMessageCards, type GmailEvent } from './gas/gmail/card';
import { flushOutbox } from './gas/mail/outbox-sender';
import type { WebAppEvent } from './gas/webapp/handlers';
import { webAppGet, webAppPost } from './gas/webapp/app';

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

/** Web app GET: an approval link shows a confirmation page. Changes nothing (mail scanners open every link). */
export function doGet(e?: WebAppEvent) {
  return webAppGet(ctx(), e);
}

/** Web app POST: the confirmation page's button decides. */
export function doPost(e?: WebAppEvent) {
  return webAppPost(ctx(), e);
}

/** Gmail contextual trigger: the approval card for a Handoff approval email, or no card. */
export function onGmailMessageOpen(e?: GmailEvent) {
  const c = ctx();
  return gmailMessageCards(c.services, () => createStoreBackend(c), e);
}

/** Gmail card button: decide as the signed-in Gmail user. */
export function handoffCardDecide(e?: GmailEvent) {
  const c = ctx();
  return cardDecide(c.services, createStoreBackend(c), e);
}

/** Menu (admins): rotate the approval-link key; every link sent before stops working, with a clear message. */
export function handoffRotateApprovalKey() {
  const c = ctx();
  const message = rotateApprovalKeyAsAdmin(c);
  try {
    c.services.SpreadsheetApp.getUi().alert(message);
  } catch {
    /* no UI (run from the editor or a test) */
  }
  return message;
}

/** Sends what is due in the Outbox (quota checked, retries with backoff). The timers call it every run. */
export function handoffFlushOutbox() {
  return flushOutbox(ctx());
}
