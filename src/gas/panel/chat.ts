/**
 * Admin > Settings > Chat spaces: the spaces Handoff posts to (chat/spaces.ts). A webhook URL is write-only: it is
 * checked when saved (a URL that is not a Chat incoming webhook is refused with a sentence) and shown masked ever
 * after, in the panel and in the audit record of the change.
 */
import * as z from '../../core/zod';
import { SpaceNameSchema } from '../../core';
import { checkWebhookUrl, maskWebhook, readSpaces, spaceNamed, writeSpaces, type ChatSpace } from '../chat/spaces';
import { withLock } from '../lock';
import { auditConfig } from './admin';
import { panelFunction, PanelRefusal } from './guard';

const view = (s: ChatSpace) => ({ name: s.name, webhook: maskWebhook(s.url), queues: [...s.queues] });

export const listChatSpaces = panelFunction('handoffPanelChatSpaces', 'admin', z.strictObject({}), (ctx) => ({
  spaces: readSpaces(ctx.services).map(view),
}));

const Queue = z
  .string()
  .check(z.trim(), z.toLowerCase(), z.regex(/^[a-z][a-z0-9_-]{0,63}$/, 'queues are lower-case letters, digits, "_" or "-"'));

export const saveChatSpace = panelFunction(
  'handoffPanelSaveChatSpace',
  'admin',
  z.strictObject({
    name: SpaceNameSchema,
    /** Empty keeps the URL already saved for this space. */
    webhookUrl: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    queues: z.array(Queue).check(z.maxLength(30)),
  }),
  (ctx, caller, a) =>
    withLock(ctx, () => {
      const spaces = readSpaces(ctx.services);
      const before = spaceNamed(spaces, a.name);
      const url = a.webhookUrl ? a.webhookUrl : before?.url;
      if (!url) throw new PanelRefusal(`Please paste the webhook URL of the Chat space "${a.name}". Nothing was saved.`);
      const bad = checkWebhookUrl(url);
      if (bad) throw new PanelRefusal(bad);
      const taken = spaces.find((s) => s !== before && s.queues.some((q) => a.queues.includes(q)));
      if (taken)
        throw new PanelRefusal(
          `The queue "${taken.queues.find((q) => a.queues.includes(q))}" is already told in "${taken.name}". Nothing was saved.`,
        );
      const next: ChatSpace = { name: a.name, url: url.trim(), queues: [...new Set(a.queues)] };
      writeSpaces(ctx.services, before ? spaces.map((s) => (s === before ? next : s)) : [...spaces, next]);
      auditConfig(ctx, caller, 'chat_space', { name: next.name, webhook: maskWebhook(next.url), queues: next.queues });
      return { space: view(next) };
    }),
  { name: 'Space name', webhookUrl: 'Webhook URL', queues: 'Queues told in this space' },
);

export const deleteChatSpace = panelFunction(
  'handoffPanelDeleteChatSpace',
  'admin',
  z.strictObject({ name: SpaceNameSchema }),
  (ctx, caller, a) =>
    withLock(ctx, () => {
      const spaces = readSpaces(ctx.services);
      const gone = spaceNamed(spaces, a.name);
      if (!gone) throw new PanelRefusal(`There is no Chat space named "${a.name}".`);
      writeSpaces(
        ctx.services,
        spaces.filter((s) => s !== gone),
      );
      auditConfig(ctx, caller, 'chat_space', { name: gone.name, removed: true });
      return { removed: gone.name };
    }),
);
