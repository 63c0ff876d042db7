/** A state's notification policy: who is told when a request enters it (part of the definition format, schema.ts). */
import * as z from '../zod';

/** Notification templates: `{{placeholder}}` names a field id or a built-in (see templates.ts). */
export const NOTIFICATION_KINDS = [
  'receipt',
  'needs_info',
  'approval_requested',
  'decision',
  'changes_requested',
  'assigned',
  'state_changed',
  'reminder',
  'escalation',
] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export const NotificationTemplateSchema = z.strictObject({
  subject: z.string().check(z.minLength(1)),
  body: z.string().check(z.minLength(1)),
});

export type NotificationKind = z.infer<typeof NotificationKindSchema>;
export type NotificationTemplate = z.infer<typeof NotificationTemplateSchema>;

/** A Chat space's name (the webhook URL behind it is a secret kept in Script Properties). */
export const SpaceNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(80, 'must be at most 80 characters'),
    z.regex(/^[^\r\n]+$/, 'must be one line'),
  );

const Email = z.string().check(z.regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'));

/**
 * Who hears that a request entered a state (the state's notification policy):
 *   requester  the requester: for a state waiting on them, what they must do; for a terminal one, the outcome;
 *              for any other state, that it is now in this state;
 *   assignee   the assignee (a person, or a queue: its Chat space, else its members);
 *   approvers  the approvers of the step that starts here;
 *   watchers   the people listed in `watchers`;
 *   chat       the workflow's Chat space (`chatSpace`).
 * `to: []` tells nobody. Without a policy: the requester only for states waiting on them and terminal ones (the
 * outcome, and states they own), the assignee, the approvers, and the Chat space; other intermediate states tell the
 * requester nothing.
 * People told nothing at once still see what waits on them in their digest and in My work.
 */
export const NOTIFY_AUDIENCES = ['requester', 'assignee', 'approvers', 'watchers', 'chat'] as const;
export const NotifyAudienceSchema = z.enum(NOTIFY_AUDIENCES);
export const StateNotifySchema = z
  .strictObject({
    to: z.array(NotifyAudienceSchema),
    watchers: z.optional(z.array(Email)),
  })
  .check(
    z.refine((n) => !n.to.includes('watchers') || (n.watchers?.length ?? 0) > 0, {
      message: 'watchers are told only when listed: add the watchers\' email addresses, or take "watchers" out of "to"',
      path: ['watchers'],
    }),
  );

export type StateNotify = z.infer<typeof StateNotifySchema>;
export type NotifyAudience = z.infer<typeof NotifyAudienceSchema>;

/** The audiences a state tells, its policy or the default. */
export function notifyAudiences(state: {
  kind: string;
  owner?: { type: string } | undefined;
  notify?: StateNotify | undefined;
}): ReadonlySet<NotifyAudience> {
  if (state.notify) return new Set(state.notify.to);
  const base: NotifyAudience[] = ['assignee', 'approvers', 'chat'];
  // The requester hears of a state they must act in (waiting on them, or owned by them) and of the outcome.
  if (state.kind === 'waiting_on_requester' || state.kind === 'terminal' || state.owner?.type === 'requester') base.push('requester');
  return new Set(base);
}
