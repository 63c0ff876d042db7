/**
 * What the Handoff menu items do. Each checks the caller's role on the server (the menu is only a convenience),
 * shows its answer in an alert, and returns it (for tests and the editor's Run button).
 * Link a form, the timer's install and pause / resume call the intake and timers commands directly.
 */
import { validateDefinition } from '../../core';
import type { AppContext } from '../context';
import { HandoffError } from '../errors';
import { menuItemsFor, buildMenu } from '../menu';
import { ConfigStore } from '../store/config';
import { verifyAuditLog } from '../governance/verify';
import { installEditTrigger, triggerStatus } from '../governance/install';
import { identify } from '../auth';
import { panelFunction } from './guard';
import { showPanel, type PanelView } from './session';
import { utilitiesKnownZone } from '../zone';
import { linkFormCommand } from '../intake/menu';
import { installTimersAsAdmin, toggleAutomationAsAdmin } from '../timers/admin';
import * as z from '../../core/zod';

function alert(ctx: AppContext, message: string): string {
  try {
    ctx.services.SpreadsheetApp.getUi().alert(message);
  } catch {
    /* no UI: run from the editor or a test */
  }
  return message;
}

/** Runs a menu item; a refusal or a Handoff error becomes the alert. */
function item(ctx: AppContext, fn: () => string): string {
  try {
    return alert(ctx, fn());
  } catch (e) {
    if (e instanceof HandoffError) return alert(ctx, e.message);
    throw e;
  }
}

const none = z.strictObject({});
const openAs = (name: string, role: 'anyone' | 'operator' | 'admin', view: PanelView) =>
  panelFunction(name, role, none, (ctx) => {
    showPanel(ctx, view);
    return `Opened the Handoff panel (${view}).`;
  });

const open = {
  panel: openAs('handoffOpenPanel', 'anyone', 'mywork'),
  workflows: openAs('handoffMenuWorkflows', 'admin', 'admin'),
  publish: openAs('handoffMenuPublishWorkflow', 'admin', 'admin'),
  templates: openAs('handoffMenuTemplates', 'admin', 'admin'),
  metrics: openAs('handoffMenuMetrics', 'operator', 'metrics'),
};

export const menuOpenPanel = (ctx: AppContext) => item(ctx, () => open.panel(ctx));
export const menuWorkflows = (ctx: AppContext) => item(ctx, () => open.workflows(ctx));
export const menuPublish = (ctx: AppContext) => item(ctx, () => open.publish(ctx));
export const menuTemplates = (ctx: AppContext) => item(ctx, () => open.templates(ctx));
export const menuMetrics = (ctx: AppContext) => item(ctx, () => open.metrics(ctx));

const validateAll = panelFunction('handoffMenuValidateWorkflows', 'admin', none, (ctx) => {
  const config = new ConfigStore(ctx);
  const ids = config.workflows();
  if (ids.length === 0) return 'No workflow is published yet. Open Workflows > Start from a template.';
  const isKnownZone = utilitiesKnownZone(ctx.services.Utilities);
  return ids
    .map((id) => {
      const v = config.latest(id);
      const r = validateDefinition(v.definition, { isKnownZone });
      return r.ok
        ? `✓ ${v.definition.name} (version ${v.version}) is valid.`
        : `✗ ${v.definition.name} (version ${v.version}): ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`;
    })
    .join('\n');
});
export const menuValidateWorkflows = (ctx: AppContext) => item(ctx, () => validateAll(ctx));

const linkForm = panelFunction('handoffMenuLinkForm', 'admin', none, (ctx) => linkFormCommand(ctx));
export const menuLinkForm = (ctx: AppContext) => item(ctx, () => linkForm(ctx));

const installTriggers = panelFunction('handoffMenuInstallTriggers', 'admin', none, (ctx) => {
  const edit = installEditTrigger(ctx);
  const lines = [
    edit.installed
      ? 'Installed the on-edit trigger that guards the Requests and Audit tabs.'
      : 'The on-edit trigger that guards the Requests and Audit tabs is already installed.',
  ];
  lines.push(installTimersAsAdmin(ctx));
  return lines.join('\n');
});
export const menuInstallTriggers = (ctx: AppContext) => item(ctx, () => installTriggers(ctx));

const status = panelFunction('handoffMenuTriggerStatus', 'admin', none, (ctx) => {
  const list = triggerStatus(ctx);
  if (list.length === 0) return 'No Handoff trigger is installed for you. Use Triggers > Install.';
  return `Your triggers for this project:\n${list.map((t) => `• ${t.handler} (${t.event})`).join('\n')}`;
});
export const menuTriggerStatus = (ctx: AppContext) => item(ctx, () => status(ctx));

const pause = panelFunction('handoffMenuPauseResume', 'admin', none, (ctx) => toggleAutomationAsAdmin(ctx));
export const menuPauseResume = (ctx: AppContext) => item(ctx, () => pause(ctx));

const verify = panelFunction('handoffMenuVerifyAudit', 'admin', none, (ctx) => verifyAuditLog(ctx).message);
export const menuVerifyAudit = (ctx: AppContext) => item(ctx, () => verify(ctx));

export const HELP = [
  'Handoff runs your workflows on this sheet.',
  '• Open panel: what waits on you; operators also see every request, and admins the workflow editor, people and settings.',
  '• Requests and Audit are governed: edit them through the panel. Hand edits by anyone but an operator are undone and audited; an operator may change one State or Assignee cell, which is recorded as an override.',
  '• Verify audit log checks the hash chain and names the first altered row.',
].join('\n');
export const menuHelp = (ctx: AppContext) => alert(ctx, HELP);

/** onOpen: the full menu when the role cannot be known (AuthMode.NONE), else only the items the user may use. */
export function buildRoleMenu(ctx: AppContext, e?: { authMode?: unknown }): void {
  const mode = String(e?.authMode ?? '');
  let roles: { operator: boolean; admin: boolean } | null = null;
  if (mode !== 'NONE' && mode !== '') {
    try {
      const c = identify(ctx);
      if (c.email) roles = { operator: c.operator, admin: c.admin };
    } catch {
      roles = null;
    }
  }
  buildMenu(ctx.services, menuItemsFor(roles));
}
