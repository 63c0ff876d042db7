/**
 * Admin > Settings > Automation: whether the timers run (reminders, escalations, digests, the Outbox's emails), and
 * pausing or resuming them: the menu's break-glass toggle, in the panel. The change is audited as a config change.
 */
import * as z from '../../core/zod';
import { pauseAutomationAsAdmin, resumeAutomationAsAdmin } from '../timers/admin';
import { readState } from '../timers/state';
import type { AppContext } from '../context';
import { auditConfig } from './admin';
import { panelFunction } from './guard';

export function automationStatus(ctx: AppContext): { paused: boolean; by: string | null; at: number | null } {
  const p = readState(ctx).config.paused;
  return { paused: p !== null, by: p?.by ?? null, at: p?.at ?? null };
}

export const automation = panelFunction('handoffPanelAutomation', 'admin', z.strictObject({}), (ctx) => automationStatus(ctx));

export const setAutomation = panelFunction(
  'handoffPanelSetAutomation',
  'admin',
  z.strictObject({ paused: z.boolean() }),
  (ctx, caller, a) => {
    const before = automationStatus(ctx);
    const message = a.paused ? pauseAutomationAsAdmin(ctx) : resumeAutomationAsAdmin(ctx);
    const after = automationStatus(ctx);
    if (before.paused !== after.paused) auditConfig(ctx, caller, 'automation', { paused: after.paused ? 'yes' : 'no' });
    return { ...after, message };
  },
  { paused: 'Automation' },
);
