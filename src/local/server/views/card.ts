/**
 * A Gmail add-on card as Gmail's side panel shows it, rendered from CardService's output (the card JSON its
 * builders produce): header, sections, widgets, buttons, inputs, fixed footer. Every clickable element is listed in
 * `buttons`, in the order the page numbers them; the page posts a button's number, never a function name.
 */
import { cardText } from './card-text';
import { esc } from './html';

type Json = Record<string, unknown>;

export interface CardButton {
  text: string;
  action?: { function: string; parameters: Record<string, string> };
  openLink?: string;
  disabled?: boolean;
}

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export function renderCard(card: unknown, link: (href: string) => string = (h) => h): { html: string; buttons: CardButton[] } {
  const buttons: CardButton[] = [];
  const t = (s: unknown) => cardText(str(s), link);

  /** A click target: its number in `buttons`, or an open link. */
  const clickable = (text: string, onClick: unknown, disabled = false): { attrs: string; kind: 'submit' | 'link' | 'none' } => {
    const c = obj(onClick);
    const action = obj(c.action);
    const open = obj(c.openLink);
    if (typeof action.function === 'string') {
      const i =
        buttons.push({
          text,
          action: { function: action.function, parameters: obj(action.parameters) as Record<string, string> },
          disabled,
        }) - 1;
      return { attrs: `name="button" value="${i}"${disabled ? ' disabled' : ''}`, kind: 'submit' };
    }
    if (typeof open.url === 'string') {
      buttons.push({ text, openLink: open.url, disabled });
      return { attrs: `href="${esc(link(open.url))}" target="_blank" rel="noopener noreferrer"`, kind: 'link' };
    }
    return { attrs: disabled ? 'disabled' : '', kind: 'none' };
  };

  const button = (b: unknown): string => {
    const tb = obj(obj(b).textButton);
    const text = str(tb.text ?? tb.altText);
    const c = clickable(text, tb.onClick, tb.disabled === true);
    const filled = str(tb.style) === 'FILLED' ? ' filled' : '';
    if (c.kind === 'link') return `<a class="card-btn${filled}" ${c.attrs}>${esc(text)}</a>`;
    return `<button type="submit" class="card-btn${filled}" ${c.attrs}>${esc(text)}</button>`;
  };

  const labelled = (top: unknown, body: string, bottom: unknown, side = '', onClick?: unknown): string => {
    const inner = `${top ? `<div class="w-top">${t(top)}</div>` : ''}<div class="w-body">${body}</div>${bottom ? `<div class="w-bottom">${t(bottom)}</div>` : ''}`;
    const c = onClick ? clickable(str(top) || 'item', onClick) : null;
    const main =
      c?.kind === 'submit'
        ? `<button type="submit" class="w-click" ${c.attrs}>${inner}</button>`
        : c?.kind === 'link'
          ? `<a class="w-click" ${c.attrs}>${inner}</a>`
          : `<div>${inner}</div>`;
    return `<div class="w-decorated">${main}${side}</div>`;
  };

  const widget = (w: unknown): string => {
    const [kind, raw] = Object.entries(obj(w))[0] ?? ['', {}];
    const v = obj(raw);
    switch (kind) {
      case 'textParagraph':
        return `<div class="w-text">${t(v.text)}</div>`;
      case 'decoratedText':
        return labelled(v.topLabel, t(v.text), v.bottomLabel, v.button ? button(v.button) : '', v.onClick);
      case 'keyValue':
        return labelled(v.topLabel, t(v.content), v.bottomLabel, v.button ? button(v.button) : '', v.onClick);
      case 'divider':
        return '<hr class="w-divider">';
      case 'textInput': {
        const name = `in:${str(v.name)}`;
        const field =
          v.multiline === true
            ? `<textarea name="${esc(name)}" rows="3">${esc(str(v.value))}</textarea>`
            : `<input type="text" name="${esc(name)}" value="${esc(str(v.value))}">`;
        return `<label class="w-input"><span class="w-top">${esc(str(v.label))}</span>${field}${v.hintText ? `<span class="w-bottom">${esc(str(v.hintText))}</span>` : ''}</label>`;
      }
      case 'selectionInput': {
        const name = `in:${str(v.name)}`;
        const items = list(v.items).map(obj);
        const type = str(v.type) || 'CHECK_BOX';
        const controls =
          type === 'DROPDOWN'
            ? `<select name="${esc(name)}">${items.map((i) => `<option value="${esc(str(i.value))}"${i.selected ? ' selected' : ''}>${esc(str(i.text))}</option>`).join('')}</select>`
            : items
                .map(
                  (i) =>
                    `<label class="w-choice"><input type="${type === 'RADIO_BUTTON' ? 'radio' : 'checkbox'}" name="${esc(name)}" value="${esc(str(i.value))}"${i.selected ? ' checked' : ''}> ${esc(str(i.text))}</label>`,
                )
                .join('');
        return `<fieldset class="w-select"><legend class="w-top">${esc(str(v.label))}</legend>${controls}</fieldset>`;
      }
      case 'buttonList':
        return `<div class="w-buttons">${list(v.buttons).map(button).join('')}</div>`;
      case 'textButton':
        return `<div class="w-buttons">${button(w)}</div>`;
      default:
        return `<div class="w-text muted">(a ${esc(kind || 'widget')} widget the playground does not draw)</div>`;
    }
  };

  const c = obj(card);
  const header = obj(c.header);
  const sections = list(c.sections)
    .map(obj)
    .map(
      (s) => `<section class="card-section">${s.header ? `<h3>${t(s.header)}</h3>` : ''}${list(s.widgets).map(widget).join('')}</section>`,
    )
    .join('');
  const footer = obj(c.fixedFooter);
  const footerHtml =
    footer.primaryButton || footer.secondaryButton
      ? `<div class="card-footer">${footer.secondaryButton ? button(footer.secondaryButton) : ''}${footer.primaryButton ? button(footer.primaryButton) : ''}</div>`
      : '';
  const head =
    header.title || header.subtitle
      ? `<header class="card-header"><div class="card-title">${t(header.title)}</div>${header.subtitle ? `<div class="card-subtitle">${t(header.subtitle)}</div>` : ''}</header>`
      : '';
  return { html: `<div class="card-ui" data-card="${esc(str(c.name))}">${head}${sections}${footerHtml}</div>`, buttons };
}

export const CARD_STYLE = `
.gmail{display:flex;gap:12px;align-items:flex-start}.gmail .mailcol{flex:1;min-width:0}
aside.addon{width:340px;flex:none;background:#fff;border:1px solid #dadce0;border-radius:8px;overflow:hidden}
aside.addon .addon-bar{display:flex;align-items:center;gap:8px;padding:10px 14px;border-bottom:1px solid #e8eaed;font-weight:500}
aside.addon .addon-bar .dot{width:18px;height:18px;border-radius:50%;background:#1a73e8;display:inline-block}
.card-ui{font:13px/1.45 Roboto,system-ui,sans-serif;color:#3c4043}
.card-header{padding:14px 16px 6px}.card-title{font-size:15px;color:#202124;font-weight:500}.card-subtitle{color:#5f6368;font-size:12px}
.card-section{padding:8px 16px;border-top:1px solid #e8eaed}.card-section:first-of-type{border-top:0}.card-section h3{font-size:12px;color:#5f6368;font-weight:500;margin:6px 0}
.w-text{margin:6px 0}.w-decorated{display:flex;gap:8px;align-items:center;margin:6px 0}.w-decorated>*:first-child{flex:1;min-width:0}
.w-top{display:block;font-size:11px;color:#5f6368}.w-bottom{display:block;font-size:11px;color:#5f6368}.w-body{word-wrap:break-word}
.w-click{all:unset;cursor:pointer;display:block}.w-input{display:block;margin:8px 0}.w-input input,.w-input textarea{width:100%;box-sizing:border-box}
.w-select{border:0;padding:0;margin:8px 0}.w-choice{display:block}.w-buttons{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.card-btn{background:#fff;color:#1a73e8;border:1px solid #dadce0;border-radius:4px;padding:6px 12px;font:inherit;font-weight:500;cursor:pointer;text-decoration:none}
.card-btn.filled{background:#1a73e8;color:#fff;border-color:#1a73e8}.card-btn[disabled]{color:#9aa0a6;cursor:default}
.card-footer{display:flex;justify-content:flex-end;gap:8px;padding:10px 16px;border-top:1px solid #e8eaed}
.addon-note{margin:10px 16px;padding:8px 10px;border-radius:4px;background:#323232;color:#fff}.addon-error{background:#fce8e6;color:#c5221f}
.addon-empty{padding:16px;color:#5f6368}.card-back{all:unset;cursor:pointer;color:#1a73e8;padding:8px 16px;display:inline-block}`;
