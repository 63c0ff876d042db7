/**
 * The workflow definition format: THE spec. Read it top to bottom.
 *
 * A definition is plain JSON. `validateDefinition` (validate.ts) parses it with this schema and then
 * runs the cross-reference checks a schema cannot express (unknown states, unreachable states, ...).
 * Unknown keys are rejected everywhere (strict objects), so a typo is a problem, not a silent no-op.
 */
import * as z from '../zod';
import { NotificationKindSchema, NotificationTemplateSchema, SpaceNameSchema, StateNotifySchema } from './notify';

export { NOTIFICATION_KINDS, NotificationKindSchema, NotificationTemplateSchema } from './notify';

/** Ids of fields, states, steps, actions: start with a letter, then letters, digits, `_` or `-`. */
export const IdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use only letters, digits, "_" or "-" (max 64)'));
const Email = z.string().check(z.regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'));
const DateOnly = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'));
const ClockTime = z.string().check(z.regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be a time written HH:MM (24-hour)'));

// ---------------------------------------------------------------------------------------------
// 1. Fields: what a request carries.
// ---------------------------------------------------------------------------------------------
/**
 * Value shapes per type (as stored in Request.fields):
 *   text, long_text, email, link, choice → string
 *   number, currency → number (currency in major units, e.g. 1234.5)
 *   date → string 'YYYY-MM-DD'
 *   multi_choice → string[]
 *   checkbox → boolean
 */
export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'currency',
  'date',
  'email',
  'choice',
  'multi_choice',
  'checkbox',
  'link',
] as const;
export const FieldTypeSchema = z.enum(FIELD_TYPES);

export const FieldSchema = z.strictObject({
  id: IdSchema,
  label: z.string().check(z.minLength(1)),
  type: FieldTypeSchema,
  /** Must be present (non-empty) at intake. */
  required: z.optional(z.boolean()),
  /** Allowed values: required for choice and multi_choice. */
  options: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** number/currency: the value's bounds. text/long_text: length bounds. date: 'YYYY-MM-DD' bounds are not supported. */
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  /** text/long_text/email/link: a regular expression the whole value must match. */
  pattern: z.optional(z.string()),
  /** currency: ISO 4217 code, e.g. 'USD'. */
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO currency code'))),
  help: z.optional(z.string()),
});

// ---------------------------------------------------------------------------------------------
// 2. Conditions: declarative, never code. Used by guards, routing rules and approval steps.
// ---------------------------------------------------------------------------------------------
export const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'contains', 'empty', 'not_empty', 'matches'] as const;
export const OperatorSchema = z.enum(OPERATORS);
const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const ConditionValueSchema = z.union([Scalar, z.array(z.union([z.string(), z.number()]))]);

export type Condition =
  | { field: string; op: (typeof OPERATORS)[number]; value?: z.infer<typeof ConditionValueSchema> }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: z.ZodMiniType<Condition> = z.lazy(() =>
  z.union([
    /** `field op value`: e.g. { field: 'amount', op: 'gt', value: 5000 }. `empty`/`not_empty` take no value. */
    z.strictObject({ field: IdSchema, op: OperatorSchema, value: z.optional(ConditionValueSchema) }),
    z.strictObject({ all: z.array(ConditionSchema) }),
    z.strictObject({ any: z.array(ConditionSchema) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

// ---------------------------------------------------------------------------------------------
// 3. Who: assignee targets (routing) and approver sources (approval steps).
// ---------------------------------------------------------------------------------------------
/** Where work goes. A queue `q` is worked by directory members holding the role `q`. */
export const AssigneeTargetSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('person'), email: Email }),
  z.strictObject({ type: z.literal('queue'), queue: IdSchema }),
  /** The person named in an email field of the request. */
  z.strictObject({ type: z.literal('field'), field: IdSchema }),
  z.strictObject({ type: z.literal('requester_manager') }),
]);

/** Who approves a step. */
export const ApproverSourceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('people'), emails: z.array(Email).check(z.minLength(1)) }),
  /** An email field of the request names the approver. */
  z.strictObject({ type: z.literal('field'), field: IdSchema }),
  z.strictObject({ type: z.literal('requester_manager') }),
  /** Every directory member holding the role. */
  z.strictObject({ type: z.literal('role'), role: IdSchema }),
  /** A routing table keyed on a field's value: { field: 'region', table: { EU: ['a@x'], US: ['b@x'] }, default: [...] }. */
  z.strictObject({
    type: z.literal('table'),
    field: IdSchema,
    table: z.record(z.string(), z.array(Email).check(z.minLength(1))),
    default: z.optional(z.array(Email)),
  }),
]);

export const ApprovalPolicySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('any') }),
  z.strictObject({ type: z.literal('all') }),
  z.strictObject({ type: z.literal('quorum'), n: z.number().check(z.int(), z.minimum(1)) }),
]);

/** One step of an approval chain. Steps run in order; a step whose `when` is false is skipped. */
export const ApprovalStepSchema = z.strictObject({
  id: IdSchema,
  label: z.string().check(z.minLength(1)),
  approvers: z.array(ApproverSourceSchema).check(z.minLength(1)),
  policy: ApprovalPolicySchema,
  when: z.optional(ConditionSchema),
  /** The requester may approve their own request at this step (default false: they are left out). */
  allowRequester: z.optional(z.boolean()),
});

/**
 * An approval chain inside a state. While the request is in the state, approvers of the current step
 * may approve / reject / request changes. All steps approved → `onApproved`. Any rejection ends the
 * chain → `onRejected`. Request changes → `onChangesRequested` (a waiting-on-requester state; default:
 * the workflow's needs-info state); the requester's resubmit restarts the current step.
 */
export const ApprovalSchema = z.strictObject({
  steps: z.array(ApprovalStepSchema).check(z.minLength(1)),
  onApproved: IdSchema,
  onRejected: IdSchema,
  onChangesRequested: z.optional(IdSchema),
  /** Decisions that need a comment. Default: ['reject', 'request_changes']. */
  commentRequiredFor: z.optional(z.array(z.enum(['approve', 'reject', 'request_changes']))),
});

// ---------------------------------------------------------------------------------------------
// 4. States.
// ---------------------------------------------------------------------------------------------
export const STATE_KINDS = ['start', 'active', 'waiting_on_requester', 'terminal'] as const;
export const StateKindSchema = z.enum(STATE_KINDS);

/** Who owns a state; decides the assignee on entry. */
export const StateOwnerSchema = z.discriminatedUnion('type', [
  /** Keep the current assignee. */
  z.strictObject({ type: z.literal('assignee') }),
  /** Run the workflow's routing rules on entry. */
  z.strictObject({ type: z.literal('routing') }),
  z.strictObject({ type: z.literal('requester') }),
  /** Assigned to `queue:<role>`, worked by the role's members. */
  z.strictObject({ type: z.literal('role'), role: IdSchema }),
  z.strictObject({ type: z.literal('queue'), queue: IdSchema }),
  z.strictObject({ type: z.literal('person'), email: Email }),
]);

/** Business-time service level for a state. Reminders are sent after the given business hours in the state. */
export const StateSlaSchema = z
  .strictObject({
    businessHours: z.number().check(z.positive()),
    remindAfterHours: z.optional(z.array(z.number().check(z.positive()))),
    /** Who is told when the SLA is breached (in addition to the assignee). */
    escalateTo: z.optional(AssigneeTargetSchema),
    /**
     * On breach, also hand the request to `escalateTo` (which it requires). Outside an approval step the target
     * becomes the assignee; inside one, a person target is added as a pending approver of the current step (a
     * queue target is only notified: approvers are people).
     */
    reassignOnBreach: z.optional(z.boolean()),
  })
  .check(
    z.refine((s) => !s.reassignOnBreach || s.escalateTo !== undefined, {
      message: 'reassignOnBreach needs an escalation target: add escalateTo (the person, queue, field or manager to hand the request to)',
      path: ['reassignOnBreach'],
    }),
  );

export const StateSchema = z.strictObject({
  id: IdSchema,
  label: z.string().check(z.minLength(1)),
  kind: StateKindSchema,
  /** Default: { type: 'assignee' } (requester for waiting_on_requester states). */
  owner: z.optional(StateOwnerSchema),
  /** Fields that must be non-empty (and valid) to enter the state. */
  requiredFields: z.optional(z.array(IdSchema)),
  approval: z.optional(ApprovalSchema),
  sla: z.optional(StateSlaSchema),
  /** Terminal states: how the request ended. */
  outcome: z.optional(z.enum(['completed', 'approved', 'rejected', 'cancelled'])),
  /** Who is told when a request enters this state (default: see StateNotifySchema). */
  notify: z.optional(StateNotifySchema),
});

// ---------------------------------------------------------------------------------------------
// 5. Transitions: named actions between states.
// ---------------------------------------------------------------------------------------------
/** Who may take a transition. Operators and admins may take any transition. */
export const ActorSelectorSchema = z.union([z.enum(['requester', 'assignee', 'approver']), z.strictObject({ role: IdSchema })]);

export const TransitionSchema = z.strictObject({
  /** The action name, e.g. 'submit', 'complete', 'hand_off'. Unique per from-state. */
  action: IdSchema,
  label: z.optional(z.string()),
  from: z.array(IdSchema).check(z.minLength(1)),
  to: IdSchema,
  by: z.array(ActorSelectorSchema).check(z.minLength(1)),
  /** Guard on field values (after any field edits the action carries). */
  when: z.optional(ConditionSchema),
  commentRequired: z.optional(z.boolean()),
});

// ---------------------------------------------------------------------------------------------
// 6. Routing: who gets a request when a state owned by `routing` is entered.
// ---------------------------------------------------------------------------------------------
export const RoutingSchema = z.strictObject({
  /** Ordered; the first rule whose condition holds wins. */
  rules: z.array(z.strictObject({ when: ConditionSchema, assignTo: AssigneeTargetSchema })),
  default: AssigneeTargetSchema,
});

// ---------------------------------------------------------------------------------------------
// 7. Business calendar (for SLAs).
// ---------------------------------------------------------------------------------------------
export const CalendarSchema = z.strictObject({
  /** IANA time zone, e.g. 'Europe/Paris'. */
  timeZone: z.string().check(z.minLength(1)),
  /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
  workingDays: z.array(z.number().check(z.int(), z.minimum(1), z.maximum(7))).check(z.minLength(1)),
  start: ClockTime,
  end: ClockTime,
  holidays: z.optional(z.array(DateOnly)),
});

// ---------------------------------------------------------------------------------------------
// 9. The workflow.
// ---------------------------------------------------------------------------------------------
export const DefinitionSchema = z.strictObject({
  /** Stable id, e.g. 'purchase-approval'. */
  id: IdSchema,
  name: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  /** Human id prefix: 'PR' gives PR-000123. */
  prefix: z.string().check(z.regex(/^[A-Z][A-Z0-9]{0,5}$/, 'must be 1-6 capital letters or digits, starting with a letter')),
  fields: z.array(FieldSchema).check(z.minLength(1)),
  /** Exactly one state has kind 'start'; at least one is terminal; at least one waits on the requester. */
  states: z.array(StateSchema).check(z.minLength(2)),
  transitions: z.array(TransitionSchema),
  routing: z.optional(RoutingSchema),
  calendar: z.optional(CalendarSchema),
  /** Where intake problems send a new request (a waiting_on_requester state). Default: the first such state. */
  needsInfoState: z.optional(IdSchema),
  /** Terminal state used by the cancel action. Default: the first terminal state with outcome 'cancelled'. */
  cancelState: z.optional(IdSchema),
  notifications: z.optional(z.partialRecord(NotificationKindSchema, NotificationTemplateSchema)),
  /** Handoff's own receipt email (default false: the form's confirmation says what happens next; docs/notifications.md). */
  receiptEmail: z.optional(z.boolean()),
  /** A Chat space told about this workflow's requests, by name (its webhook URL is a secret kept in the settings). */
  chatSpace: z.optional(SpaceNameSchema),
});

export type Definition = z.infer<typeof DefinitionSchema>;
export type FieldDef = z.infer<typeof FieldSchema>;
export type FieldType = z.infer<typeof FieldTypeSchema>;
export type Operator = z.infer<typeof OperatorSchema>;
export type ConditionValue = z.infer<typeof ConditionValueSchema>;
export type AssigneeTarget = z.infer<typeof AssigneeTargetSchema>;
export type ApproverSource = z.infer<typeof ApproverSourceSchema>;
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;
export type ApprovalStep = z.infer<typeof ApprovalStepSchema>;
export type Approval = z.infer<typeof ApprovalSchema>;
export type StateKind = z.infer<typeof StateKindSchema>;
export type StateOwner = z.infer<typeof StateOwnerSchema>;
export type StateSla = z.infer<typeof StateSlaSchema>;
export type StateDef = z.infer<typeof StateSchema>;
export type ActorSelector = z.infer<typeof ActorSelectorSchema>;
export type Transition = z.infer<typeof TransitionSchema>;
export type Routing = z.infer<typeof RoutingSchema>;
export type Calendar = z.infer<typeof CalendarSchema>;
