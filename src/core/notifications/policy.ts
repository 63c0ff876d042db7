/**
 * The notification policy applied to one engine step's intents before they leave the engine (tx.ts finish):
 *   - the requester hears a decision, a state change, or what to fix only when the state the request ends the
 *     step in tells the requester (its `notify` policy, or the default: states waiting on them, and the outcome);
 *   - one copy per person: an `assigned` to someone who is also asked to approve in the same step is dropped, and a
 *     queue's copy of a notice leaves out members who get their own copy (`except`);
 *   - the workflow's Chat space gets one post per step, about the step's most telling event, when the state the
 *     request ends in tells the space.
 */
import { stateById } from '../definition/lookup';
import { notifyAudiences } from '../definition/notify';
import type { Definition } from '../definition/schema';
import type { Directory } from '../directory/person';
import { queueName, type Request } from '../model/request';
import type { NotificationIntent, NotificationIntentKind } from './intent';

export const CHAT_PREFIX = 'chat:';
export const chatAddress = (space: string): string => CHAT_PREFIX + space;
export const chatSpaceOf = (to: string | null): string | null => (to?.startsWith(CHAT_PREFIX) ? to.slice(CHAT_PREFIX.length) : null);

const REQUESTER_KINDS: ReadonlySet<NotificationIntentKind> = new Set(['decision', 'state_changed', 'needs_info', 'changes_requested']);

/** What a Chat post is about, most telling first. */
const CHAT_ORDER: readonly NotificationIntentKind[] = [
  'escalation',
  'decision',
  'changes_requested',
  'needs_info',
  'approval_requested',
  'assigned',
  'state_changed',
  'receipt',
];

export interface SettleInput {
  def: Definition;
  req: Request;
  directory: Directory;
  notes: NotificationIntent[];
  /** The state before the step (null for a new request). */
  fromState: string | null;
  created: boolean;
}

export function settleNotes(i: SettleInput): NotificationIntent[] {
  const { def, req } = i;
  const final = stateById(def, req.state);
  const tell = final ? notifyAudiences(final) : new Set<string>();
  const chatNote = chatPost(i, tell.has('chat'));
  let notes = i.notes.filter((n) => !(n.to === req.requester && REQUESTER_KINDS.has(n.kind) && !tell.has('requester')));
  const asked = new Set(notes.filter((n) => n.kind === 'approval_requested').map((n) => n.to));
  notes = notes.filter((n) => !(n.kind === 'assigned' && asked.has(n.to)));
  for (const n of notes) {
    const q = queueName(n.to);
    if (q === null) continue;
    const members = new Set(i.directory.membersOf(q).map((p) => p.email.toLowerCase()));
    const own = notes.filter((o) => o !== n && o.kind === n.kind && members.has(o.to.toLowerCase())).map((o) => o.to);
    if (own.length) n.except = own;
  }
  if (chatNote) notes.push(chatNote);
  return notes;
}

function chatPost(i: SettleInput, allowed: boolean): NotificationIntent | null {
  const space = i.def.chatSpace;
  if (!space || !allowed) return null;
  const moved = i.fromState !== i.req.state;
  let kind: NotificationIntentKind | null = i.created ? 'receipt' : null;
  for (const k of CHAT_ORDER) {
    if (i.notes.some((n) => n.kind === k)) {
      kind = i.created && k !== 'needs_info' ? 'receipt' : k;
      break;
    }
  }
  if (!kind && moved) kind = 'state_changed';
  if (!kind || kind === 'reminder') return null;
  const about = i.notes.find((n) => n.kind === kind);
  return {
    kind,
    to: chatAddress(space),
    onBehalfOf: null,
    requestId: i.req.id,
    workflowId: i.req.workflowId,
    state: i.req.state,
    step: about?.step ?? i.req.approval?.stepId ?? null,
    decision: about?.decision ?? null,
    comment: about?.comment ?? null,
    problems: about?.problems ?? [],
    dueAt: about?.dueAt ?? i.req.sla?.dueAt ?? null,
    dedupeKey: `${i.req.id}:${i.req.revision}:chat:${space}`,
  };
}
