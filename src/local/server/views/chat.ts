/** The Chat page: each Google Chat space the add-on posts to, its threads (one per request) and their card messages. */
import type { ChatMessage as Posted } from '../../services/chat';

type ChatMessage = Pick<Posted, 'thread' | 'text' | 'cardsV2' | 'at'>;
import { esc } from './html';

type Widget = Record<string, Record<string, unknown> | undefined>;
type Card = { header?: { title?: string; subtitle?: string }; sections?: Array<{ widgets?: Widget[] }> };

/** Card text is Chat's simple HTML, escaped by the sender: shown as text here (tags stripped), never as markup. */
const plain = (s: unknown) => esc(String(s ?? '').replace(/<[^>]*>/g, ''));

function widgetHtml(w: Widget, localize: (url: string) => string): string {
  if (w.decoratedText) return `<div><span class="muted">${plain(w.decoratedText.topLabel)}</span> ${plain(w.decoratedText.text)}</div>`;
  if (w.textParagraph) return `<div>${plain(w.textParagraph.text)}</div>`;
  if (w.buttonList) {
    const buttons = (w.buttonList.buttons as Array<{ text?: string; onClick?: { openLink?: { url?: string } } }>) ?? [];
    return `<div>${buttons
      .map((b) => `<a class="button" href="${esc(localize(b.onClick?.openLink?.url ?? '#'))}">${plain(b.text)}</a>`)
      .join(' ')}</div>`;
  }
  return '';
}

function messageHtml(m: ChatMessage, localize: (url: string) => string): string {
  const cards = (m.cardsV2 as Array<{ card?: Card }>)
    .map((c) => {
      const card = c.card ?? {};
      const sections = (card.sections ?? []).map((s) => (s.widgets ?? []).map((w) => widgetHtml(w, localize)).join('')).join('<hr>');
      return `<div class="card chat-card"><b>${plain(card.header?.title)}</b><br><span class="muted">${plain(card.header?.subtitle)}</span>${sections ? `<div>${sections}</div>` : ''}</div>`;
    })
    .join('');
  return `<div class="chat-message" data-thread="${esc(m.thread)}"><span class="when">${esc(m.at.replace('T', ' ').slice(0, 16))}</span> ${esc(m.text)}${cards}</div>`;
}

export function chatBody(spaces: Array<{ name: string; messages: ChatMessage[] }>, localize: (url: string) => string): string {
  if (spaces.length === 0)
    return '<h1>Chat</h1><p class="muted">No Chat space yet: an admin adds one in the panel (Settings › Chat spaces).</p>';
  const space = (s: { name: string; messages: ChatMessage[] }) => {
    const threads = new Map<string, ChatMessage[]>();
    for (const m of s.messages) threads.set(m.thread, [...(threads.get(m.thread) ?? []), m]);
    const body = [...threads.entries()]
      .reverse()
      .map(
        ([t, ms]) =>
          `<details open class="thread"><summary>${esc(t)} (${ms.length})</summary>${ms.map((m) => messageHtml(m, localize)).join('')}</details>`,
      )
      .join('');
    return `<section class="space" data-space="${esc(s.name)}"><h2>${esc(s.name)}</h2>${body || '<p class="muted">No message yet.</p>'}</section>`;
  };
  return `<h1>Chat</h1><p class="muted">What the add-on posted to each Google Chat space's incoming webhook, threaded per request.</p>${spaces.map(space).join('')}`;
}
