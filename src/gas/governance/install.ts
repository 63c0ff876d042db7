/**
 * Installs the governance on-edit trigger (idempotent), and lists the project's triggers for "Triggers > Status".
 * Only triggers Handoff created are touched: found by handler name among the caller's own project triggers.
 */
import type { AppContext } from '../context';
import { editTriggerKey, parse, recordEditTrigger, type EditTriggerRecord } from '../health/records';

export const ON_EDIT_HANDLER = 'handoffOnEdit';

function effectiveEmail(ctx: AppContext): string {
  try {
    return (ctx.services.Session.getEffectiveUser().getEmail() ?? '').toLowerCase();
  } catch {
    return '';
  }
}

/** Installs the on-edit trigger once, and records who installed it (the health record's on-edit entry). */
export function installEditTrigger(ctx: AppContext): { installed: boolean; id: string } {
  const app = ctx.services.ScriptApp;
  const existing = app.getProjectTriggers().find((t) => t.getHandlerFunction() === ON_EDIT_HANDLER);
  const recorded = parse<EditTriggerRecord | null>(
    ctx.services.PropertiesService.getScriptProperties().getProperty(editTriggerKey(ctx)),
    null,
  );
  if (existing) {
    if (recorded?.id !== existing.getUniqueId()) recordEditTrigger(ctx, existing.getUniqueId(), effectiveEmail(ctx));
    return { installed: false, id: existing.getUniqueId() };
  }
  const t = app.newTrigger(ON_EDIT_HANDLER).forSpreadsheet(ctx.spreadsheet()).onEdit().create();
  recordEditTrigger(ctx, t.getUniqueId(), effectiveEmail(ctx));
  return { installed: true, id: t.getUniqueId() };
}

/** Repair: a new on-edit trigger running as the current user; the recorded one is deleted when visible here. */
export function reinstallEditTrigger(ctx: AppContext): { id: string } {
  const app = ctx.services.ScriptApp;
  const recorded = parse<EditTriggerRecord | null>(
    ctx.services.PropertiesService.getScriptProperties().getProperty(editTriggerKey(ctx)),
    null,
  );
  const old = app
    .getProjectTriggers()
    .find((t) => t.getHandlerFunction() === ON_EDIT_HANDLER && (!recorded || t.getUniqueId() === recorded.id));
  const t = app.newTrigger(ON_EDIT_HANDLER).forSpreadsheet(ctx.spreadsheet()).onEdit().create();
  recordEditTrigger(ctx, t.getUniqueId(), effectiveEmail(ctx));
  if (old) app.deleteTrigger(old);
  return { id: t.getUniqueId() };
}

export interface TriggerInfo {
  handler: string;
  event: string;
  id: string;
}

export function triggerStatus(ctx: AppContext): TriggerInfo[] {
  return ctx.services.ScriptApp.getProjectTriggers().map((t) => ({
    handler: t.getHandlerFunction(),
    event: String(t.getEventType()),
    id: t.getUniqueId(),
  }));
}
