/**
 * Google Chat in the playground: the Chat page (/chat) and GET /api/chat, which returns every space the local
 * Workspace holds with what was posted to it: { spaces: [{ name, messages: [{ thread, text, cardsV2, at }] }] }.
 * Webhook URLs are secrets: neither the page nor the API shows them.
 */
import { sendJson, HttpError } from '../io';
import { chatBody } from '../views/chat';
import type { RouteGroup } from './context';

export const chatRoutes: RouteGroup = {
  name: 'chat',
  claims: (path) => path === '/chat' || path === '/api/chat',
  handle({ p, method, url, res, page }) {
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(`Method ${method} is not allowed on ${url.pathname}`, 405);
    const spaces = p.ws.chat.spaces().map((s) => ({
      name: s.name,
      messages: s.messages.map((m) => ({ thread: m.thread, text: m.text, cardsV2: m.cardsV2, at: m.at })),
    }));
    if (url.pathname === '/api/chat') return sendJson(res, 200, { spaces });
    // A confirm-page link opens the playground's own /exec; any other link stays as it is.
    const localize = (u: string) => {
      try {
        return p.execPath(u);
      } catch {
        return u;
      }
    };
    return page('chat', 'Chat', () => chatBody(spaces, localize));
  },
};
