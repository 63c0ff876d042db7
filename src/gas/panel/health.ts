/** The panel's health functions: the Admin view's report (admins), and Repair from a banner (operators, see repair.ts). */
import * as z from '../../core/zod';
import { healthReport } from '../health/report';
import { repairTrigger } from '../health/repair';
import { bannersFor, type Banner } from '../health/banners';
import { checkAtEntry } from '../health/check';
import type { AppContext } from '../context';
import type { Caller } from '../auth';
import { panelFunction, PanelRefusal } from './guard';

export const health = panelFunction('handoffPanelHealth', 'admin', z.strictObject({}), (ctx, caller) => healthReport(ctx, caller));

export const repair = panelFunction(
  'handoffPanelRepair',
  'operator',
  z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(300)) }),
  (ctx, caller, args) => {
    const r = repairTrigger(ctx, caller, args.key);
    if (!r.ok) throw new PanelRefusal(r.message);
    return { message: r.message, banners: bannersFor(r.report, caller) };
  },
  { key: 'Trigger' },
);

/**
 * The banners an operator sees when the panel opens: the panel's check of the health record, from its one
 * property read. Null for people who are not operators (they see no banner), or when the check could not run.
 */
export function panelBanners(ctx: AppContext, caller: Caller): Banner[] | null {
  if (!caller.operator) return null;
  try {
    const report = checkAtEntry(ctx, 'panel', ctx.properties());
    return report ? bannersFor(report, caller) : null;
  } catch {
    return null;
  }
}
