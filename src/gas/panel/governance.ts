/** Panel/menu functions for the governed sheet: verify the audit log, trigger status, capacity (admins). */
import * as z from '../../core/zod';
import { capacity as capacityOf } from '../archive/capacity';
import { verifyAuditLog } from '../governance/verify';
import { triggerStatus } from '../governance/install';
import { panelFunction } from './guard';

export const verifyAudit = panelFunction('handoffPanelVerifyAudit', 'admin', z.strictObject({}), (ctx) => verifyAuditLog(ctx));
export const triggers = panelFunction('handoffPanelTriggers', 'admin', z.strictObject({}), (ctx) => ({ triggers: triggerStatus(ctx) }));

/** Admin > Capacity: cells used, live and archived requests, the archives, days left (docs/archives.md). */
export const capacity = panelFunction('handoffPanelCapacity', 'admin', z.strictObject({}), (ctx) => capacityOf(ctx));
