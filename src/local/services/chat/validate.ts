/**
 * Checks a Chat message body as Google Chat's messages.create does for an incoming webhook: unknown fields are a 400
 * INVALID_ARGUMENT naming the field ("Invalid JSON payload received. Unknown name \"body\" at 'message': Cannot find
 * field."), and a card that breaks the Card schema (no header title, a section without widgets, a widget with no kind
 * or two, a button without onClick, a decoratedText without text, a link that is not http(s)) is a 400 too. The
 * subset checked is what src/gas/chat builds, from the Chat API's Message/CardWithId/Card/Widget types.
 */

const MESSAGE = new Set(['text', 'cardsV2', 'thread', 'fallbackText', 'accessoryWidgets', 'privateMessageViewer', 'name']);
const THREAD = new Set(['name', 'threadKey']);
const CARD_WITH_ID = new Set(['cardId', 'card']);
const CARD = new Set(['header', 'sections', 'cardActions', 'fixedFooter', 'name', 'sectionDividerStyle']);
const HEADER = new Set(['title', 'subtitle', 'imageUrl', 'imageType', 'imageAltText']);
const SECTION = new Set(['header', 'collapsible', 'uncollapsibleWidgetsCount', 'widgets']);
const WIDGET_KINDS = new Set([
  'textParagraph',
  'decoratedText',
  'buttonList',
  'divider',
  'image',
  'grid',
  'columns',
  'chipList',
  'selectionInput',
  'textInput',
  'dateTimePicker',
  'carousel',
]);
const WIDGET = new Set([...WIDGET_KINDS, 'horizontalAlignment']);
const TEXT_PARAGRAPH = new Set(['text', 'maxLines', 'textSyntax']);
const DECORATED = new Set([
  'topLabel',
  'text',
  'bottomLabel',
  'wrapText',
  'startIcon',
  'icon',
  'endIcon',
  'button',
  'onClick',
  'switchControl',
]);
const BUTTON_LIST = new Set(['buttons']);
const BUTTON = new Set(['text', 'icon', 'color', 'type', 'disabled', 'altText', 'onClick']);
const ON_CLICK = new Set(['openLink', 'action', 'overflowMenu', 'card']);
const OPEN_LINK = new Set(['url', 'openAs', 'onClose']);

export class ChatBadRequest extends Error {}

type Obj = Record<string, unknown>;

function fields(o: unknown, allowed: ReadonlySet<string>, at: string): Obj {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new ChatBadRequest(`Invalid value at '${at}': expected an object.`);
  for (const k of Object.keys(o)) {
    if (!allowed.has(k)) throw new ChatBadRequest(`Invalid JSON payload received. Unknown name "${k}" at '${at}': Cannot find field.`);
  }
  return o as Obj;
}

function text(v: unknown, at: string, required: boolean): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || (required && v === ''))
    throw new ChatBadRequest(`Invalid value at '${at}': a non-empty string is required.`);
}

function link(v: unknown, at: string): void {
  text(v, at, true);
  if (!/^https?:\/\//i.test(v as string)) throw new ChatBadRequest(`Invalid value at '${at}': the link must be an http(s) URL.`);
}

function onClick(v: unknown, at: string): void {
  const o = fields(v, ON_CLICK, at);
  if (Object.keys(o).length !== 1)
    throw new ChatBadRequest(`Invalid value at '${at}': exactly one of openLink, action, overflowMenu, card.`);
  if (o.openLink !== undefined) link(fields(o.openLink, OPEN_LINK, `${at}.open_link`).url, `${at}.open_link.url`);
}

function widget(v: unknown, at: string): void {
  const w = fields(v, WIDGET, at);
  const kinds = Object.keys(w).filter((k) => WIDGET_KINDS.has(k));
  if (kinds.length !== 1)
    throw new ChatBadRequest(`Invalid value at '${at}': a widget has exactly one kind (textParagraph, decoratedText, ...).`);
  if (w.textParagraph !== undefined)
    text(fields(w.textParagraph, TEXT_PARAGRAPH, `${at}.text_paragraph`).text, `${at}.text_paragraph.text`, true);
  if (w.decoratedText !== undefined) {
    const d = fields(w.decoratedText, DECORATED, `${at}.decorated_text`);
    text(d.text, `${at}.decorated_text.text`, true);
    text(d.topLabel, `${at}.decorated_text.top_label`, false);
    text(d.bottomLabel, `${at}.decorated_text.bottom_label`, false);
  }
  if (w.buttonList !== undefined) {
    const b = fields(w.buttonList, BUTTON_LIST, `${at}.button_list`);
    if (!Array.isArray(b.buttons) || b.buttons.length === 0)
      throw new ChatBadRequest(`Invalid value at '${at}.button_list.buttons': at least one button.`);
    b.buttons.forEach((x, i) => {
      const btn = fields(x, BUTTON, `${at}.button_list.buttons[${i}]`);
      text(btn.text, `${at}.button_list.buttons[${i}].text`, false);
      if (btn.onClick === undefined) throw new ChatBadRequest(`Invalid value at '${at}.button_list.buttons[${i}]': onClick is required.`);
      onClick(btn.onClick, `${at}.button_list.buttons[${i}].on_click`);
    });
  }
}

/** The message, checked; throws ChatBadRequest with Chat's wording. Returns it typed loosely. */
export function checkMessage(body: unknown): Obj {
  const m = fields(body, MESSAGE, 'message');
  text(m.text, 'message.text', false);
  if (m.thread !== undefined) {
    const t = fields(m.thread, THREAD, 'message.thread');
    text(t.threadKey, 'message.thread.thread_key', false);
  }
  if (m.cardsV2 !== undefined) {
    if (!Array.isArray(m.cardsV2)) throw new ChatBadRequest("Invalid value at 'message.cards_v2': expected a list.");
    m.cardsV2.forEach((c, i) => {
      const at = `message.cards_v2[${i}]`;
      const cw = fields(c, CARD_WITH_ID, at);
      if (m.cardsV2 && (m.cardsV2 as unknown[]).length > 1) text(cw.cardId, `${at}.card_id`, true);
      const card = fields(cw.card, CARD, `${at}.card`);
      if (card.header !== undefined) text(fields(card.header, HEADER, `${at}.card.header`).title, `${at}.card.header.title`, true);
      if (card.sections !== undefined) {
        if (!Array.isArray(card.sections)) throw new ChatBadRequest(`Invalid value at '${at}.card.sections': expected a list.`);
        card.sections.forEach((s, j) => {
          const sec = fields(s, SECTION, `${at}.card.sections[${j}]`);
          if (!Array.isArray(sec.widgets) || sec.widgets.length === 0)
            throw new ChatBadRequest(`Invalid value at '${at}.card.sections[${j}].widgets': a section needs at least one widget.`);
          sec.widgets.forEach((w, k) => widget(w, `${at}.card.sections[${j}].widgets[${k}]`));
        });
      }
      if (JSON.stringify(cw.card).length > 32_000) throw new ChatBadRequest(`Invalid value at '${at}.card': a card is at most 32 KB.`);
    });
  }
  if (m.text === undefined && m.cardsV2 === undefined) throw new ChatBadRequest('Message cannot be empty. Discarded.');
  return m;
}
