/**
 * My work: what waits on the caller (to approve, assigned, in their queue, to answer), most urgent first; only what
 * they can act on (a queue does not see what waits on approvers).
 * Cost: one read of the readable columns of the Requests tab.
 */
import * as z from '../../core/zod';
import { activeDelegate, normalizeEmail, queueName, type Definition } from '../../core';
import { REQUESTS } from '../sheet/tabs';
import type { Caller } from '../auth';
import { panelFunction } from './guard';
import { Definitions, readSummaries, type RequestSummary } from './summaries';

export type WaitReason = 'approve' | 'assigned' | 'queue' | 'answer';
export interface WorkItem extends RequestSummary {
  why: WaitReason;
  /** Set when the caller decides for an approver who is away and delegated to them. */
  onBehalfOf: string | null;
}

/**
 * Can the assignee (or a member of the assigned queue) move the request on from its state? A state whose only way
 * out is an approval chain waits on its approvers, not on the queue that owns it: it is not the queue's work.
 */
export function assigneeCanAct(def: Definition | undefined, state: string, roles: readonly string[]): boolean {
  if (!def) return true;
  return def.transitions.some(
    (t) => t.from.includes(state) && t.by.some((b) => b === 'assignee' || (typeof b === 'object' && roles.includes(b.role))),
  );
}

export function waitingOn(
  s: RequestSummary,
  caller: Caller,
  now: number,
  def?: Definition,
): { why: WaitReason; onBehalfOf: string | null } | null {
  if (s.stateKind === 'terminal') return null;
  const me = caller.email;
  if (s.pendingApprovers.map(normalizeEmail).includes(me)) return { why: 'approve', onBehalfOf: null };
  for (const p of s.pendingApprovers)
    if (activeDelegate(caller.directory, p, now) === me) return { why: 'approve', onBehalfOf: normalizeEmail(p) };
  if (s.stateKind === 'waiting_on_requester' && normalizeEmail(s.requester) === me) return { why: 'answer', onBehalfOf: null };
  const q = queueName(s.assignee || null);
  if (!assigneeCanAct(def, s.state, caller.roles)) return null;
  if (q === null && s.assignee !== '' && normalizeEmail(s.assignee) === me) return { why: 'assigned', onBehalfOf: null };
  if (q !== null && caller.roles.includes(q)) return { why: 'queue', onBehalfOf: null };
  return null;
}

/** Overdue first (earliest due first), then oldest first. */
export function byUrgency(a: RequestSummary, b: RequestSummary): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.overdue && b.overdue) return (a.slaDue ?? 0) - (b.slaDue ?? 0);
  return (a.created ?? 0) - (b.created ?? 0) || a.row - b.row;
}

export const myWork = panelFunction(
  'handoffPanelMyWork',
  'anyone',
  z.strictObject({ limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(200))) }),
  (ctx, caller, args) => {
    const defs = new Definitions(ctx);
    const last = ctx.table(REQUESTS).lastRow();
    const now = ctx.now();
    const items: WorkItem[] = [];
    for (const s of readSummaries(ctx, 2, last - 1, defs)) {
      const w = waitingOn(s, caller, now, defs.def(s.workflowId, s.version));
      if (w) items.push({ ...s, ...w });
    }
    items.sort(byUrgency);
    return { total: items.length, overdue: items.filter((i) => i.overdue).length, items: items.slice(0, args.limit ?? 50), now };
  },
);
