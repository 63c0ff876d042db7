/** Panel/menu functions for the governed sheet: verify the audit log (admins), trigger status (admins). */
import * as z from 'zod';
import { verifyAuditLog } from '../governance/verify';
import { installEditTrigger, triggerStatus } from '../governance/install';
import { panelFunction } from './guard';

export const verifyAudit = panelFunction('handoffPanelVerifyAudit', 'admin', z.strictObject({}), (ctx) => verifyAuditLog(ctx));
export const installGovernance = panelFunction('handoffPanelInstallGovernance', 'admin', z.strictObject({}), (ctx) =>
  installEditTrigger(ctx),
);
export const triggers = panelFunction('handoffPanelTriggers', 'admin', z.strictObject({}), (ctx) => ({ triggers: triggerStatus(ctx) }));
