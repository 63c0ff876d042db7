/**
 * What the panel's changes to a request accept (actions.ts): one action on one request, a bulk operation on many, and
 * the field values both carry (also the sidebar's create, api.ts). Parsed by panelFunction (guard.ts).
 */
import * as z from '../../core/zod';

export const Reason = z.string().check(z.trim(), z.minLength(1, 'A reason is required.'), z.maxLength(1000));
const Comment = z.optional(z.string().check(z.maxLength(5000)));
const FieldValue = z.union([
  z.string().check(z.maxLength(50_000)),
  z.number(),
  z.boolean(),
  z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(200)),
  z.null(),
]);
export const FieldValues = z.record(z.string().check(z.maxLength(64)), FieldValue);

export const ActArgs = z.strictObject({
  requestId: z.string().check(z.minLength(1), z.maxLength(40)),
  expectedRevision: z.number().check(z.int(), z.positive()),
  action: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('approve'), comment: Comment }),
    z.strictObject({ type: z.literal('reject'), comment: Comment }),
    z.strictObject({ type: z.literal('request_changes'), comment: Comment }),
    z.strictObject({
      type: z.literal('transition'),
      name: z.string().check(z.minLength(1), z.maxLength(64)),
      comment: Comment,
      fields: z.optional(FieldValues),
    }),
    z.strictObject({ type: z.literal('resubmit'), comment: Comment, fields: z.optional(FieldValues) }),
    z.strictObject({ type: z.literal('cancel'), reason: Reason }),
    z.strictObject({
      type: z.literal('reassign'),
      to: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)),
      from: z.optional(z.string().check(z.maxLength(254))),
      reason: Reason,
    }),
    z.strictObject({ type: z.literal('override_state'), to: z.string().check(z.minLength(1), z.maxLength(64)), reason: Reason }),
    z.strictObject({ type: z.literal('edit_fields'), fields: FieldValues, reason: Reason }),
  ]),
});

export const BulkArgs = z.strictObject({
  requestIds: z.array(z.string().check(z.minLength(1), z.maxLength(40))).check(z.minLength(1), z.maxLength(100)),
  op: z.enum(['reassign', 'remind', 'cancel']),
  to: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(254))),
  reason: Reason,
});
