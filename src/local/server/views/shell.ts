/** The frame around every playground page: the navigation, the "You are" switcher, the clock, and a notice page. */
import type { Person } from '../people';
import { esc, zonedTime } from './html';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#202124;background:#f8f9fa}
header{display:flex;align-items:center;gap:18px;padding:8px 16px;background:#fff;border-bottom:1px solid #dadce0;position:sticky;top:0;z-index:2}
header .brand{font-weight:600;color:#1a73e8}header nav a{color:#3c4043;text-decoration:none;padding:6px 8px;border-radius:4px}
header nav a.on{background:#e8f0fe;color:#1967d2}header .you{margin-left:auto;display:flex;gap:6px;align-items:center;white-space:nowrap}header select{width:auto;max-width:360px}header .now{color:#5f6368;font-size:12px}
main{padding:16px;max-width:1200px}h1{font-size:20px;margin:4px 0 12px}h2{font-size:16px}
.card{background:#fff;border:1px solid #dadce0;border-radius:8px;padding:16px;margin:0 0 12px}
table.grid{border-collapse:collapse;background:#fff;font-size:12px}table.grid td,table.grid th{border:1px solid #e0e0e0;padding:3px 6px;max-width:260px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;vertical-align:top}
table.grid th{background:#f1f3f4;font-weight:500;color:#5f6368}table.grid tr:first-child td{font-weight:600;background:#f8f9fa}
.tabs a{display:inline-block;padding:6px 12px;margin-right:4px;border:1px solid #dadce0;border-bottom:0;border-radius:6px 6px 0 0;background:#f1f3f4;color:#3c4043;text-decoration:none}
.tabs a.on{background:#fff;font-weight:600}.err{color:#c5221f}.ok{color:#188038}.muted{color:#5f6368}
label.q{display:block;font-weight:500;margin:14px 0 4px}input[type=text],input[type=number],textarea,select{width:100%;max-width:520px;padding:7px;border:1px solid #dadce0;border-radius:4px;font:inherit}
button,.button{background:#1a73e8;color:#fff;border:0;border-radius:4px;padding:8px 16px;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#1a73e8;border:1px solid #dadce0}
.mail{display:block;padding:10px 12px;border-bottom:1px solid #eee;color:inherit;text-decoration:none}.mail:hover{background:#f1f3f4}.mail.unread b{font-weight:700}
.mail .when{float:right;color:#5f6368;font-size:12px}.mailrow{display:flex;align-items:center;border-bottom:1px solid #eee}.mailrow .mail{flex:1;border-bottom:0}.in-gmail{padding:0 12px;font-size:12px;white-space:nowrap}
.split{display:flex;gap:12px;align-items:flex-start}.split .main{flex:1;min-width:0;overflow:auto}
iframe.sidebar{width:320px;height:calc(100vh - 90px);border:1px solid #dadce0;background:#fff;border-radius:8px}
iframe.mailbody{width:100%;height:70vh;border:1px solid #dadce0;background:#fff}
pre.text{white-space:pre-wrap;background:#fff;border:1px solid #dadce0;padding:12px}
.req{color:#d93025}ul.fielderr{color:#c5221f}`;

export interface ShellInput {
  title: string;
  active: 'home' | 'form' | 'sheet' | 'sidebar' | 'menu' | 'inbox' | 'chat' | 'clock';
  as: string;
  people: Person[];
  now: number;
  body: string;
  /** Page script (trusted source written here; data goes in as scriptJson). */
  script?: string;
  /** The mail banner (mail-queue.ts) under the header. */
  banner?: string;
}

const NAV: Array<[ShellInput['active'], string, string]> = [
  ['home', '/', 'Home'],
  ['form', '/form', 'Form'],
  ['sheet', '/sheet', 'Sheet'],
  ['sidebar', '/sidebar', 'Sidebar'],
  ['menu', '/menu', 'Menu'],
  ['inbox', '/inbox', 'Inbox'],
  ['chat', '/chat', 'Chat'],
  ['clock', '/clock', 'Clock'],
];

export function shell(i: ShellInput): string {
  const options = i.people
    .map(
      (p) =>
        `<option value="${esc(p.email)}"${p.email.toLowerCase() === i.as.toLowerCase() ? ' selected' : ''}>${esc(p.name)} &lt;${esc(p.email)}&gt;${p.roles.length ? ` (${esc(p.roles.join(', '))})` : ''}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(i.title)} · Handoff playground</title><style>${STYLE}</style></head>
<body data-page="${esc(i.active)}">
<header><span class="brand">Handoff playground</span>
<nav>${NAV.map(([k, href, label]) => `<a href="${href}"${k === i.active ? ' class="on"' : ''} data-nav="${k}">${label}</a>`).join('')}</nav>
<span class="now" id="now" title="Simulated time, in the demo workflow's time zone">${esc(zonedTime(i.now))}</span>
<label class="you">You are <select id="you" aria-label="You are">${options}</select></label>
</header>
${i.banner ?? ''}
<main>${i.body}</main>
<script>
document.getElementById('you').addEventListener('change', function (e) {
  var u = new URL(location.href); u.searchParams.set('as', e.target.value); u.searchParams.delete('id'); location.href = u.pathname + u.search;
});
</script>
${i.script ? `<script>${i.script}</script>` : ''}
</body></html>`;
}

export function noticePage(title: string, message: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main><div class="card"><h1>${esc(title)}</h1><p>${esc(message)}</p></div></main></body></html>`;
}
