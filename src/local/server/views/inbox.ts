/** Each person's inbox: the emails the add-on sent. */
import type { MailMessage } from '../../services/mail';
import { esc, linkify } from './html';

export function inboxBody(as: string, messages: MailMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<div class="mailrow"><a class="mail${m.unread ? ' unread' : ''}" href="/inbox/message?id=${encodeURIComponent(m.id)}&amp;as=${encodeURIComponent(as)}" data-subject="${esc(m.subject)}"><span class="when">${esc(new Date(m.date).toISOString().replace('T', ' ').slice(0, 16))}</span><b>${esc(m.subject)}</b><br><span class="muted">${esc(m.fromHeader)}</span></a><a class="in-gmail" href="/gmail?id=${encodeURIComponent(m.id)}&amp;as=${encodeURIComponent(as)}" title="Open in Gmail, with the Handoff add-on beside it">Open in Gmail</a></div>`,
    )
    .join('');
  return `<h1>Inbox of ${esc(as)}</h1><div class="card" style="padding:0" id="messages">${rows || '<p style="padding:12px" class="muted">No email yet.</p>'}</div>`;
}

/** One message: headers, and the HTML body in a sandboxed iframe (no script; links open in the whole tab). */
export function messageBody(as: string, m: MailMessage, localizedHtml: string | null, link: (url: string) => string): string {
  const srcdoc =
    localizedHtml === null
      ? null
      : `<!doctype html><html><head><meta charset="utf-8"><base target="_top"></head><body>${localizedHtml}</body></html>`;
  return `<p><a href="/inbox?as=${encodeURIComponent(as)}">← Inbox</a> · <a href="/gmail?id=${encodeURIComponent(m.id)}&amp;as=${encodeURIComponent(as)}" id="open-in-gmail">Open in Gmail (with the Handoff add-on)</a></p>
<div class="card"><h1 id="subject">${esc(m.subject)}</h1>
<p class="muted">From ${esc(m.fromHeader)} · to ${esc(m.to.join(', '))}${m.cc.length ? ` · cc ${esc(m.cc.join(', '))}` : ''} · ${esc(new Date(m.date).toISOString().replace('T', ' ').slice(0, 16))} UTC</p>
${srcdoc === null ? `<pre class="text" id="mail-text">${linkify(m.body, link)}</pre>` : `<iframe class="mailbody" id="mail-html" title="Message" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${esc(srcdoc)}"></iframe>`}
</div>`;
}
