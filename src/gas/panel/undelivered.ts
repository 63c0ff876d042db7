/**
 * Admin > Undelivered emails: the Outbox rows Handoff gave up on, and sending them again once the cause is fixed
 * (src/gas/mail/undelivered.ts). Admins only: they fix the Directory addresses these usually fail on.
 */
import * as z from '../../core/zod';
import { listUndelivered, retryUndelivered } from '../mail/undelivered';
import { panelFunction } from './guard';

export const undelivered = panelFunction('handoffPanelUndelivered', 'admin', z.strictObject({}), (ctx) => listUndelivered(ctx));

export const retryUndeliveredEmails = panelFunction(
  'handoffPanelRetryUndelivered',
  'admin',
  z.strictObject({
    /** The rows to send again; absent: every undelivered email. */
    ids: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(80))).check(z.maxLength(500))),
  }),
  (ctx, caller, a) => {
    if (a.ids && a.ids.length === 0) return { retried: [], gone: [], message: 'No email was chosen: nothing was changed.' };
    const r = retryUndelivered(ctx, caller.email, a.ids ?? null);
    const n = r.retried.length;
    if (!n)
      return {
        ...r,
        message: a.ids
          ? 'None of those emails is undelivered any more (sent, retried already, or expired): nothing was changed.'
          : 'There is no undelivered email to send again: nothing was changed.',
      };
    return {
      ...r,
      message: `${n} email${n === 1 ? '' : 's'} queued again: the next timer run sends ${n === 1 ? 'it' : 'them'}.${
        r.gone.length ? ` ${r.gone.length} no longer undelivered (left as they are).` : ''
      }`,
    };
  },
  { ids: 'Emails' },
);
