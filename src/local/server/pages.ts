/**
 * The playground's own pages: a frame around what the add-on produces (the form from the local FormApp, the
 * spreadsheet's tabs, the real sidebar, the emails the add-on sent, the clock). Every value written into
 * HTML goes through esc(); scripts read data with fetch and write it with textContent.
 */
import type { FormData, ItemData } from '../services/forms/model';
import type { MailMessage } from '../services/mail';
import type { Person } from './playground';

export function esc(v: unknown): string {
  return String(v ?? '').replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!,
  );
}

/** A JSON value for a <script> block: cannot close the element. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

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
.mail .when{float:right;color:#5f6368;font-size:12px}
.split{display:flex;gap:12px;align-items:flex-start}.split .main{flex:1;min-width:0;overflow:auto}
iframe.sidebar{width:320px;height:calc(100vh - 90px);border:1px solid #dadce0;background:#fff;border-radius:8px}
iframe.mailbody{width:100%;height:70vh;border:1px solid #dadce0;background:#fff}
pre.text{white-space:pre-wrap;background:#fff;border:1px solid #dadce0;padding:12px}
.req{color:#d93025}ul.fielderr{color:#c5221f}`;

export interface ShellInput {
  title: string;
  active: 'home' | 'form' | 'sheet' | 'sidebar' | 'inbox' | 'clock';
  as: string;
  people: Person[];
  now: number;
  body: string;
  /** Page script (trusted source written here; data goes in as scriptJson). */
  script?: string;
}

const NAV: Array<[ShellInput['active'], string, string]> = [
  ['home', '/', 'Home'],
  ['form', '/form', 'Form'],
  ['sheet', '/sheet', 'Sheet'],
  ['sidebar', '/sidebar', 'Sidebar'],
  ['inbox', '/inbox', 'Inbox'],
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
<span class="now" id="now" title="Simulated time">${esc(new Date(i.now).toISOString().replace('T', ' ').slice(0, 16))} UTC</span>
<label class="you">You are <select id="you" aria-label="You are">${options}</select></label>
</header>
<main>${i.body}</main>
<script>
document.getElementById('you').addEventListener('change', function (e) {
  var u = new URL(location.href); u.searchParams.set('as', e.target.value); u.searchParams.delete('id'); location.href = u.pathname + u.search;
});
</script>
${i.script ? `<script>${i.script}</script>` : ''}
</body></html>`;
}

// ---- home ---------------------------------------------------------------------------------------------

export function homeBody(i: {
  seedLog: string[];
  restored: boolean;
  tabs: string[];
  forms: FormData[];
  functions: string[];
  webAppUrl: string;
}): string {
  return `<h1>Handoff, on a local Workspace</h1>
<div class="card"><p>All of Handoff runs here on the real <code>dist/Code.js</code>, with offline Apps Script services. Pick who you are at the top right, then:</p>
<ol>
<li><a href="/form">Form</a>: submit a request as a requester (the add-on's form-submit trigger runs).</li>
<li><a href="/inbox">Inbox</a>: open the approval email as the approver and press Approve (the add-on's web app at <code>/exec</code>).</li>
<li><a href="/sidebar">Sidebar</a>: the Handoff panel, as an operator or an admin.</li>
<li><a href="/sheet">Sheet</a>: the governed spreadsheet, updating as things happen.</li>
<li><a href="/clock">Clock</a>: move time on; reminders and escalations fire.</li>
</ol>
<p class="muted">The web app's real URL (${esc(i.webAppUrl)}) is served at <code>/exec</code>. JSON API: see docs/playground.md.</p></div>
<div class="card"><h2>${i.restored ? 'Restored from the data folder' : 'Demo seeded on first start'}</h2><ul>${i.seedLog.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<p class="muted">Tabs: ${esc(i.tabs.join(', '))}. Forms: ${esc(i.forms.map((f) => f.title).join(', ') || 'none')}. Functions the panel may call: ${i.functions.length}.</p></div>`;
}

// ---- form ---------------------------------------------------------------------------------------------

function itemInput(it: ItemData, value: string | string[] | undefined): string {
  const name = `item-${it.id}`;
  const v = (x: string) => (Array.isArray(value) ? value.includes(x) : value === x);
  const req = it.required ? ' required' : '';
  const id = `q${it.id}`;
  switch (it.type) {
    case 'PARAGRAPH_TEXT':
      return `<textarea id="${id}" name="${name}" rows="4"${req}>${esc(value ?? '')}</textarea>`;
    case 'MULTIPLE_CHOICE':
      return (it.choices ?? [])
        .map(
          (c, k) =>
            `<div><label><input type="radio" name="${name}" value="${esc(c.value)}"${v(c.value) ? ' checked' : ''}${req && k === 0 ? ' required' : ''}> ${esc(c.value)}</label></div>`,
        )
        .join('');
    case 'CHECKBOX':
      return (it.choices ?? [])
        .map(
          (c) =>
            `<div><label><input type="checkbox" name="${name}" value="${esc(c.value)}"${v(c.value) ? ' checked' : ''}> ${esc(c.value)}</label></div>`,
        )
        .join('');
    case 'LIST':
      return `<select id="${id}" name="${name}"${req}><option value="">Choose</option>${(it.choices ?? []).map((c) => `<option${v(c.value) ? ' selected' : ''} value="${esc(c.value)}">${esc(c.value)}</option>`).join('')}</select>`;
    case 'DATE':
      return `<input type="date" id="${id}" name="${name}" value="${esc(value ?? '')}"${req}>`;
    case 'DATETIME':
      return `<input type="datetime-local" id="${id}" name="${name}" value="${esc(value ?? '')}"${req}>`;
    case 'TIME':
      return `<input type="time" id="${id}" name="${name}" value="${esc(value ?? '')}"${req}>`;
    case 'SCALE': {
      const s = it.scale ?? { lower: 1, upper: 5, leftLabel: '', rightLabel: '' };
      const opts: string[] = [];
      for (let n = s.lower; n <= s.upper; n++)
        opts.push(`<label><input type="radio" name="${name}" value="${n}"${v(String(n)) ? ' checked' : ''}> ${n}</label> `);
      return `${esc(s.leftLabel)} ${opts.join('')} ${esc(s.rightLabel)}`;
    }
    default:
      return `<input type="text" id="${id}" name="${name}" value="${esc(value ?? '')}"${req}>`;
  }
}

export function formBody(i: {
  form: FormData | null;
  as: string;
  values?: Record<string, string | string[]>;
  errors?: Array<{ itemId: number; title: string; message: string }>;
  message?: string;
  done?: { confirmation: string; responseId: string; runs: Array<{ handler: string; ok: boolean; error?: string }> };
}): string {
  if (!i.form) return `<h1>Form</h1><div class="card"><p>No form is linked yet. As an admin, use Handoff &gt; Link a form.</p></div>`;
  const f = i.form;
  const errs = new Map((i.errors ?? []).map((e) => [e.itemId, e.message]));
  if (i.done) {
    return `<h1>${esc(f.title)}</h1><div class="card" id="form-done"><p class="ok">${esc(i.done.confirmation)}</p>
<p class="muted">Response ${esc(i.done.responseId)}, submitted as ${esc(i.as)}. Triggers run: ${i.done.runs.map((r) => `${esc(r.handler)} ${r.ok ? '✓' : `✗ ${esc(r.error ?? '')}`}`).join('; ') || 'none'}.</p>
<p><a href="/form">Submit another response</a> · <a href="/sheet?tab=Requests">See the Requests tab</a></p></div>`;
  }
  const items = f.items
    .map((it) => {
      if (it.type === 'SECTION_HEADER') return `<h2>${esc(it.title)}</h2>${it.helpText ? `<p class="muted">${esc(it.helpText)}</p>` : ''}`;
      if (it.type === 'PAGE_BREAK') return `<hr><h2>${esc(it.title)}</h2>`;
      const err = errs.get(it.id);
      return `<div class="q" data-item="${it.id}"><label class="q" for="q${it.id}">${esc(it.title)}${it.required ? ' <span class="req">*</span>' : ''}</label>
${it.helpText ? `<div class="muted">${esc(it.helpText)}</div>` : ''}${itemInput(it, i.values?.[String(it.id)])}${err ? `<div class="err">${esc(err)}</div>` : ''}</div>`;
    })
    .join('\n');
  return `<h1>${esc(f.title)}</h1>
<div class="card">${f.description ? `<p>${esc(f.description)}</p>` : ''}
<p class="muted">Signed in as <b>${esc(i.as)}</b>${f.collectEmail ? ' (your email is recorded with the response)' : ''}.</p>
${i.message ? `<p class="err" id="form-error">${esc(i.message)}</p>` : ''}
<form method="post" action="/form" id="handoff-form" novalidate>
<input type="hidden" name="as" value="${esc(i.as)}"><input type="hidden" name="formId" value="${esc(f.id)}">
${items}
<p><button type="submit">Submit</button></p>
</form></div>`;
}

// ---- sheet --------------------------------------------------------------------------------------------

export function sheetBody(tabs: string[], active: string): string {
  return `<h1>Sheet</h1>
<div class="tabs">${tabs.map((t) => `<a href="/sheet?tab=${encodeURIComponent(t)}" data-tab="${esc(t)}"${t === active ? ' class="on"' : ''}>${esc(t)}</a>`).join('')}</div>
<div class="card" style="overflow:auto"><table class="grid" id="grid" data-tab="${esc(active)}"></table><p class="muted" id="grid-note"></p></div>`;
}

/** Renders one tab into #grid and re-renders whenever the playground's version changes. */
export function liveTabScript(tab: string): string {
  return `
(function () {
  var TAB = ${scriptJson(tab)}; var version = -1;
  function letters(n) { var s = ''; n++; while (n > 0) { var m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = Math.floor((n - 1) / 26); } return s; }
  function render(rows) {
    var grid = document.getElementById('grid'); if (!grid) return;
    grid.textContent = '';
    var width = rows.reduce(function (w, r) { return Math.max(w, r.length); }, 0);
    var head = document.createElement('tr'); head.appendChild(document.createElement('th'));
    for (var c = 0; c < width; c++) { var th = document.createElement('th'); th.textContent = letters(c); head.appendChild(th); }
    grid.appendChild(head);
    rows.forEach(function (r, i) {
      var tr = document.createElement('tr'); var n = document.createElement('th'); n.textContent = String(i + 1); tr.appendChild(n);
      for (var c = 0; c < width; c++) { var td = document.createElement('td'); td.textContent = r[c] == null ? '' : String(r[c]); td.title = td.textContent; tr.appendChild(td); }
      grid.appendChild(tr);
    });
    document.getElementById('grid-note').textContent = rows.length ? (rows.length - 1) + ' data row(s)' : 'This tab is empty.';
  }
  function tick() {
    fetch('/api/state').then(function (r) { return r.json(); }).then(function (s) {
      var now = document.getElementById('now'); if (now) now.textContent = s.now.replace('T', ' ').slice(0, 16) + ' UTC';
      if (s.version === version) return;
      version = s.version;
      return fetch('/api/tab?name=' + encodeURIComponent(TAB)).then(function (r) { return r.json(); }).then(function (t) { render(t.rows || []); document.getElementById('grid').setAttribute('data-version', String(version)); });
    }).catch(function () {}).then(function () { setTimeout(tick, 1000); });
  }
  tick();
})();`;
}

// ---- sidebar ------------------------------------------------------------------------------------------

export function sidebarBody(as: string): string {
  return `<h1>Sidebar <span class="muted" style="font-size:13px">the Handoff panel as ${esc(as)}; google.script.run calls run as this person</span></h1>
<div class="split"><div class="main"><div class="card" style="overflow:auto"><h2>Requests</h2><table class="grid" id="grid" data-tab="Requests"></table><p class="muted" id="grid-note"></p></div></div>
<iframe class="sidebar" id="sidebar" title="Handoff sidebar" src="/sidebar/frame?as=${encodeURIComponent(as)}"></iframe></div>`;
}

export function noticePage(title: string, message: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main><div class="card"><h1>${esc(title)}</h1><p>${esc(message)}</p></div></main></body></html>`;
}

// ---- inbox --------------------------------------------------------------------------------------------

export function inboxBody(as: string, messages: MailMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<a class="mail${m.unread ? ' unread' : ''}" href="/inbox/message?id=${encodeURIComponent(m.id)}&amp;as=${encodeURIComponent(as)}" data-subject="${esc(m.subject)}"><span class="when">${esc(new Date(m.date).toISOString().replace('T', ' ').slice(0, 16))}</span><b>${esc(m.subject)}</b><br><span class="muted">${esc(m.fromHeader)}</span></a>`,
    )
    .join('');
  return `<h1>Inbox of ${esc(as)}</h1><div class="card" style="padding:0" id="messages">${rows || '<p style="padding:12px" class="muted">No email yet.</p>'}</div>`;
}

/** One message: headers, and the HTML body in a sandboxed iframe (no script; links open in the whole tab). */
export function messageBody(as: string, m: MailMessage, localizedHtml: string | null): string {
  const srcdoc =
    localizedHtml === null
      ? null
      : `<!doctype html><html><head><meta charset="utf-8"><base target="_top"></head><body>${localizedHtml}</body></html>`;
  return `<p><a href="/inbox?as=${encodeURIComponent(as)}">← Inbox</a></p>
<div class="card"><h1 id="subject">${esc(m.subject)}</h1>
<p class="muted">From ${esc(m.fromHeader)} · to ${esc(m.to.join(', '))}${m.cc.length ? ` · cc ${esc(m.cc.join(', '))}` : ''} · ${esc(new Date(m.date).toISOString().replace('T', ' ').slice(0, 16))} UTC</p>
${srcdoc === null ? `<pre class="text" id="mail-text">${esc(m.body)}</pre>` : `<iframe class="mailbody" id="mail-html" title="Message" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${esc(srcdoc)}"></iframe>`}
</div>`;
}

// ---- clock --------------------------------------------------------------------------------------------

export function clockBody(i: {
  now: number;
  ran?: number | null;
  triggers: Array<{ handler: string; event: string; source: string; owner: string; nextAt: string | null }>;
  runs: Array<{ handler: string; at: string; ok: boolean; error?: string }>;
}): string {
  return `<h1>Clock</h1>
<div class="card"><p>Simulated time: <b id="clock-now">${esc(new Date(i.now).toISOString())}</b></p>
<p>
<button data-advance="1h">+1 hour</button> <button data-advance="8h">+8 hours</button> <button data-advance="1d">+1 day</button> <button data-advance="3d">+3 days</button> <button data-advance="1w">+1 week</button>
</p>
<p><label>Advance by <input type="text" id="advance-by" placeholder="e.g. 90m, 2h, 3d" style="width:140px"></label> <button id="advance-go" class="secondary">Advance</button></p>
<p id="clock-result" class="muted">${i.ran === null || i.ran === undefined ? '' : `Now ${esc(new Date(i.now).toISOString())}: ${i.ran} trigger run(s).`}</p></div>
<div class="card"><h2>Triggers</h2><table class="grid"><tr><td>Handler</td><td>Event</td><td>Source</td><td>Runs as</td><td>Next run</td></tr>
${i.triggers.map((t) => `<tr><td>${esc(t.handler)}</td><td>${esc(t.event)}</td><td>${esc(t.source)}</td><td>${esc(t.owner)}</td><td>${esc(t.nextAt ?? '')}</td></tr>`).join('')}</table></div>
<div class="card"><h2>Recent trigger runs</h2><table class="grid" id="runs"><tr><td>At</td><td>Handler</td><td>Result</td></tr>
${i.runs.map((r) => `<tr><td>${esc(r.at)}</td><td>${esc(r.handler)}</td><td class="${r.ok ? 'ok' : 'err'}">${r.ok ? 'ok' : esc(r.error ?? 'failed')}</td></tr>`).join('')}</table></div>`;
}

export const CLOCK_SCRIPT = `
(function () {
  function advance(by) {
    var out = document.getElementById('clock-result'); out.textContent = 'Advancing ' + by + '…';
    fetch('/api/clock', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: by }) })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, b: b }; }); })
      .then(function (res) {
        if (!res.ok) { out.textContent = res.b.error; out.className = 'err'; return; }
        location.href = '/clock?ran=' + res.b.runs.length;
      });
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-advance]'), function (b) { b.addEventListener('click', function () { advance(b.getAttribute('data-advance')); }); });
  document.getElementById('advance-go').addEventListener('click', function () { advance(document.getElementById('advance-by').value); });
})();`;
