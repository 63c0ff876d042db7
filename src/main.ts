/**
 * The ONLY file that declares what Apps Script calls by name. Each export becomes a top-level function in
 * dist/Code.js (esbuild.config.mjs). Keep this a flat list of small functions that build the context from
 * the globals and forward into src/gas.
 */
import { actOnRequest, createMyRequest, publishAsAdmin, readRequest, setUpAsAdmin } from './gas/api';
import { createContext } from './gas/context';
import { stampOnEdit } from './gas/plane/schema';
import { servicesFromGlobals } from './gas/services';
import { showSetupReport } from './gas/setup/report';
import { rotateApprovalKeyAsAdmin } from './gas/approvals/admin';
import { cardDecide, gmailMessageCards, type GmailEvent } from './gas/gmail/card';
import { flushOutbox } from './gas/mail/outbox-sender';
import type { WebAppEvent } from './gas/webapp/handlers';
import { webAppGet, webAppPost } from './gas/webapp/app';
import { requireAutomation, requireOperator, requireTriggerEvent } from './gas/auth';
import * as panel from './gas/panel';
import * as menu from './gas/panel/menu-actions';
import type { PanelFunction, TargetArgs } from './gas/panel/guard';
import { handleEdit, type EditEvent } from './gas/governance/on-edit';
import {
  linkFormCommand,
  onFormSubmit,
  reprocessCommand,
  retryPendingIntake,
  sweepForms,
  sweepIsDue,
  type FormSubmitEvent,
} from './gas/intake';
import { checkAtEntry, editTriggerRan } from './gas/health/check';
import { healthAsAdmin } from './gas/health/admin';
import { idleRun, isIdle, runTimers, type RunOptions } from './gas/timers/dispatcher';
import { archiveAfterTimers, capacityAsAdmin, setRetentionAsAdmin } from './gas/archive';
import { installAtSetUp, installTimersAsAdmin, repairOnOpen, statusText, timersStatus, toggleAutomationAsAdmin } from './gas/timers/admin';

const ctx = () => createContext(servicesFromGlobals());

/** Simple trigger: the Handoff menu. May run in AuthMode.NONE: touches nothing but the menu. */
export function onOpen(e?: { authMode?: unknown }) {
  // Panel issue: only the items the user's role may use when the role can be known (not in AuthMode.NONE).
  menu.buildRoleMenu(ctx(), e);
  // Timers: put the dispatcher trigger back if it is missing (only with full authorization; a no-op otherwise).
  repairOnOpen(ctx(), e?.authMode);
}

/** Editor add-on installed: show the menu at once. */
export function onInstall(e?: { authMode?: unknown }) {
  onOpen(e);
}

/** Menu: Set up / repair. */
export function handoffSetUp() {
  const c = ctx();
  return showSetupReport(c, installAtSetUp(c, setUpAsAdmin(c)));
}

/** google.script.run: the signed-in user submits a request (a non-editor's goes through the web app). */
export function handoffCreateRequest(args: unknown) {
  return createMyRequest(ctx(), args);
}

/** google.script.run: the signed-in user approves / rejects / transitions a request. */
export function handoffApplyAction(args: unknown) {
  return actOnRequest(ctx(), args);
}

/** google.script.run: one request by id, for someone it concerns or an operator. */
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

/** Web app POST: the confirmation page's button decides. Then the health check (a GET changes nothing, so never there). */
export function doPost(e?: WebAppEvent) {
  const c = ctx();
  const out = webAppPost(c, e);
  checkAtEntry(c, 'web-app', c.properties());
  return out;
}

/** Gmail contextual trigger: the approval card for a Handoff approval email, or no card. Reads through the web app. */
export function onGmailMessageOpen(e?: GmailEvent) {
  const c = ctx();
  return gmailMessageCards(c.services, e, c.now());
}

/** Gmail card button: decide as the signed-in Gmail user; the web app (as the deployer) applies it. */
export function handoffCardDecide(e?: GmailEvent) {
  const c = ctx();
  return cardDecide(c.services, e, c.now());
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
  const c = ctx();
  requireAutomation(c, 'handoffFlushOutbox');
  return flushOutbox(c);
}

// ---- The sidebar panel (google.script.run targets). Each checks the caller's role on the server. ----------
/** A panel function as a google.script.run target, typed with its arguments: the sidebar's calls are checked against it. */
const target =
  <R, A>(f: PanelFunction<R, A>) =>
  (...args: TargetArgs<A>): R =>
    f(ctx(), args[0]);

export const handoffPanelWhoAmI = target(panel.whoAmI);
export const handoffPanelMyWork = target(panel.myWork);
export const handoffPanelListRequests = target(panel.listRequests);
export const handoffPanelExportRequests = target(panel.exportRequests);
export const handoffPanelGetRequest = target(panel.getRequestView);
export const handoffPanelAct = target(panel.actOn);
export const handoffPanelResend = target(panel.resendNotification);
export const handoffPanelBulk = target(panel.bulk);
export const handoffPanelWorkflows = target(panel.listWorkflows);
export const handoffPanelTemplates = target(panel.listTemplates);
export const handoffPanelValidateWorkflow = target(panel.validateWorkflow);
export const handoffPanelPublishWorkflow = target(panel.publishNewVersion);
export const handoffPanelDirectory = target(panel.listDirectory);
export const handoffPanelSavePerson = target(panel.savePerson);
export const handoffPanelSettings = target(panel.getSettings);
export const handoffPanelSaveSettings = target(panel.saveSettings);
export const handoffPanelChatSpaces = target(panel.listChatSpaces);
export const handoffPanelSaveChatSpace = target(panel.saveChatSpace);
export const handoffPanelDeleteChatSpace = target(panel.deleteChatSpace);
export const handoffPanelAutomation = target(panel.automation);
export const handoffPanelSetAutomation = target(panel.setAutomation);
export const handoffPanelUndelivered = target(panel.undelivered);
export const handoffPanelRetryUndelivered = target(panel.retryUndeliveredEmails);
export const handoffPanelStartTestRun = target(panel.startTest);
export const handoffPanelCreateTestRequest = target(panel.createTest);
export const handoffPanelClearTestRequests = target(panel.clearTests);
export const handoffPanelMetrics = target(panel.metrics);
export const handoffPanelVerifyAudit = target(panel.verifyAudit);
export const handoffPanelCapacity = target(panel.capacity);
export const handoffPanelTriggers = target(panel.triggers);
export const handoffPanelHealth = target(panel.health);
export const handoffPanelRepair = target(panel.repair);

// ---- Menu items (panel issue) ------------------------------------------------------------------------------
export const handoffOpenPanel = () => menu.menuOpenPanel(ctx());
export const handoffMenuWorkflows = () => menu.menuWorkflows(ctx());
export const handoffMenuValidateWorkflows = () => menu.menuValidateWorkflows(ctx());
export const handoffMenuPublishWorkflow = () => menu.menuPublish(ctx());
export const handoffMenuTemplates = () => menu.menuTemplates(ctx());
export const handoffMenuLinkForm = () => menu.menuLinkForm(ctx());
export const handoffMenuInstallTriggers = () => menu.menuInstallTriggers(ctx());
export const handoffMenuTriggerStatus = () => menu.menuTriggerStatus(ctx());
export const handoffMenuMetrics = () => menu.menuMetrics(ctx());
export const handoffMenuPauseResume = () => menu.menuPauseResume(ctx());
export const handoffMenuVerifyAudit = () => menu.menuVerifyAudit(ctx());
export const handoffMenuHelp = () => menu.menuHelp(ctx());

/** Simple trigger: a hand edit of Config, Directory or a header row makes the cached copies of them out of date. */
export function onEdit(e?: { range?: { getRow(): number; getSheet(): { getName(): string } } }) {
  try {
    return stampOnEdit(ctx(), e);
  } catch {
    return false; // without authorization (the add-on not enabled in this document) there is nothing cached either
  }
}

/** Installable on-edit trigger (Triggers > Install): reverts unauthorised hand edits to Requests/Audit, audits them. */
export function handoffOnEdit(e: EditEvent) {
  const c = ctx();
  requireTriggerEvent(c, 'handoffOnEdit', typeof e?.range?.getSheet === 'function');
  try {
    return handleEdit(c, e);
  } finally {
    editTriggerRan(c); // the health record: the on-edit trigger ran
  }
}

// ---- Intake from Google Forms --------------------------------------------------------------------------------
/** Form-submit trigger of every linked form (one per form, installed by Link a form): the response becomes a request. */
export function handoffOnFormSubmit(e?: FormSubmitEvent) {
  const real = typeof e?.response?.getId === 'function' && typeof e?.source?.getId === 'function';
  requireTriggerEvent(ctx(), 'handoffOnFormSubmit', real);
  return onFormSubmit(servicesFromGlobals(), e);
}

/** Link a form (admins; the menu item handoffMenuLinkForm calls the same command): generate a new form, or connect an existing one. */
export function handoffLinkForm() {
  return linkFormCommand(ctx());
}

/** Processes responses left pending (lock busy, or a failure) by earlier form-submit runs. The timers call retryPendingIntake too. */
export function handoffRetryPendingIntake() {
  const c = ctx();
  requireAutomation(c, 'handoffRetryPendingIntake');
  return retryPendingIntake(c);
}

/** Menu (operators): re-process the responses kept in "Intake errors" after the cause was fixed. */
export function handoffReprocessIntake() {
  return reprocessCommand(ctx()).message;
}

// ---- Timers ----------------------------------------------------------------------------------------------

/** The ONE time-driven trigger: reminders, SLA escalations, digests, the Outbox, pending intake. */
export function handoffTimerRun(e?: unknown) {
  const c = ctx();
  requireAutomation(c, 'handoffTimerRun', e);
  const opts: RunOptions = {
    intakeRetry: (run, { deadline }) => {
      const r = retryPendingIntake(run, { max: 20, deadline });
      return { retried: r.processed.length, pending: r.stillPending };
    },
  };
  // The sweep of linked forms, when it is due (every 30 minutes; every run for a form whose trigger is known to be
  // missing or stalled): judged from the run's one property read.
  if (sweepIsDue(c, c.properties()))
    opts.sweep = (run, { deadline, all, deferRecords }) => sweepForms(run, all, { deadline, dueOnly: true, deferRecords });
  // Nothing due before the stored next-due time: the sweep when it is due, the run's heartbeat, and an archive run
  // when one is due (alone).
  const idle = isIdle(c);
  const report = idle ? idleRun(c, opts) : runTimers(c, opts);
  return { ...report, archive: archiveAfterTimers(c, idle ? null : report) };
}

/** Admins: the automation's health: { timer, forms, onEdit, incidents, banners } (the Admin view shows it). */
export function handoffHealth() {
  return healthAsAdmin(ctx());
}

// ---- Capacity and yearly archives --------------------------------------------------------------------------------

/** Admins (and the CLI's export --archives): cells used, live and archived requests, the archives, days left. */
export function handoffCapacity() {
  return capacityAsAdmin(ctx());
}

/** Admins: the Config setting "Retention days" (closed requests move to the yearly archive after it). */
export function handoffSetRetention(days?: unknown) {
  return setRetentionAsAdmin(ctx(), days);
}

/** Installs the timer (admins; Triggers > Install does too): installs the dispatcher, idempotent. */
export function handoffInstallTimers() {
  return installTimersAsAdmin(ctx());
}

/** Pause / resume automation (admins; the menu item calls the same command): break glass, admins only. */
export function handoffToggleAutomation() {
  return toggleAutomationAsAdmin(ctx());
}

/** The timers' status in plain English (Triggers > Status can append it). */
export function handoffTimersStatus() {
  const c = ctx();
  requireOperator(c, 'handoffTimersStatus');
  return statusText(timersStatus(c));
}
