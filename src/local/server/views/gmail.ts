/** The Gmail page: a message as Gmail shows it, and beside it the add-on's side panel with its card. */
import type { MailMessage } from '../../services/mail';
import type { GmailSession } from '../gmail';
import { renderCard } from './card';
import { esc, linkify } from './html';

/** The side panel: the top card of the session (rendered from its JSON), what the last action said, a back arrow. */
export function addonPanel(s: GmailSession, link: (href: string) => string): string {
  const top = s.stack[s.stack.length - 1];
  const card = top ? renderCard(top, link).html : '<div class="addon-empty">Handoff has no card for this message.</div>';
  const note = s.notice ? `<div class="addon-note" role="status" id="addon-notice">${esc(s.notice)}</div>` : '';
  const error = s.error ? `<div class="addon-note addon-error" role="alert" id="addon-error">${esc(s.error)}</div>` : '';
  const opened = s.openLink
    ? `<div class="addon-note" id="addon-link">The add-on opens <a href="${esc(link(s.openLink))}" target="_blank" rel="noopener noreferrer">${esc(s.openLink)}</a></div>`
    : '';
  const back = s.stack.length > 1 ? '<button type="submit" class="card-back" name="back" value="1">← Back</button>' : '';
  return `<aside class="addon" aria-label="Handoff add-on">
<div class="addon-bar"><span class="dot"></span>Handoff</div>
<form method="post" action="/gmail/action" id="addon-form">
<input type="hidden" name="s" value="${esc(s.id)}"><input type="hidden" name="as" value="${esc(s.as)}">
${back}${note}${error}${opened}${card}
</form></aside>`;
}

export function gmailBody(as: string, m: MailMessage, localizedHtml: string | null, panel: string, link: (url: string) => string): string {
  const srcdoc =
    localizedHtml === null
      ? null
      : `<!doctype html><html><head><meta charset="utf-8"><base target="_top"></head><body>${localizedHtml}</body></html>`;
  return `<p><a href="/inbox?as=${encodeURIComponent(as)}">← Inbox</a></p>
<div class="gmail"><div class="mailcol card"><h1 id="subject">${esc(m.subject)}</h1>
<p class="muted">From ${esc(m.fromHeader)} · to ${esc(m.to.join(', '))} · ${esc(new Date(m.date).toISOString().replace('T', ' ').slice(0, 16))} UTC</p>
${srcdoc === null ? `<pre class="text" id="mail-text">${linkify(m.body, link)}</pre>` : `<iframe class="mailbody" id="mail-html" title="Message" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${esc(srcdoc)}"></iframe>`}
</div>${panel}</div>`;
}
