/**
 * Installs the governance on-edit trigger (idempotent), and lists the project's triggers for "Triggers > Status".
 * Only triggers Handoff created are touched: found by handler name among the caller's own project triggers.
 */
import type { AppContext } from '../context';

export const ON_EDIT_HANDLER = 'handoffOnEdit';

export function installEditTrigger(ctx: AppContext): { installed: boolean; id: string } {
  const app = ctx.services.ScriptApp;
  const existing = app.getProjectTriggers().find((t) => t.getHandlerFunction() === ON_EDIT_HANDLER);
  if (existing) return { installed: false, id: existing.getUniqueId() };
  const t = app.newTrigger(ON_EDIT_HANDLER).forSpreadsheet(ctx.spreadsheet()).onEdit().create();
  return { installed: true, id: t.getUniqueId() };
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
