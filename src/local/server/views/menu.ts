/** The Handoff menu page: the menu onOpen built for the person, and what running an item asked and showed. */
import type { MenuEntry } from '../../services/spreadsheet/ui';
import { esc } from './html';

function entries(list: MenuEntry[]): string {
  return list
    .map((e) =>
      e.kind === 'separator'
        ? '<li class="sep" role="separator"></li>'
        : e.kind === 'submenu'
          ? `<li class="sub"><span>${esc(e.caption)} ▸</span><ul>${entries(e.entries)}</ul></li>`
          : `<li><button type="button" class="menu-item" data-fn="${esc(e.functionName)}">${esc(e.caption)}</button></li>`,
    )
    .join('');
}

export function menuBody(as: string, menus: Array<{ caption: string; addon: boolean; entries: MenuEntry[] }>): string {
  const bar = menus.length
    ? menus
        .map(
          (m) =>
            `<div class="menubar-menu"><span class="menubar-path">${m.addon ? 'Extensions ▸ ' : ''}<b>${esc(m.caption)}</b></span><ul class="menu" role="menu" aria-label="${esc(m.caption)}">${entries(m.entries)}</ul></div>`,
        )
        .join('')
    : '<p class="muted">onOpen added no menu for this person.</p>';
  return `<h1>Handoff menu <span class="muted" style="font-size:13px">as onOpen builds it for ${esc(as)}; items run as this person</span></h1>
<div class="card menubar">${bar}</div>
<div class="card" id="menu-result" hidden><h2 id="menu-result-title"></h2><div id="menu-result-body"></div><div id="menu-result-dialogs"></div></div>
<dialog id="menu-dialog" aria-labelledby="menu-dialog-title"><form method="dialog" id="menu-dialog-form">
<h2 id="menu-dialog-title"></h2><p id="menu-dialog-prompt" style="white-space:pre-wrap"></p>
<p><input type="text" id="menu-dialog-text" aria-label="Your answer" hidden></p>
<p id="menu-dialog-buttons"></p><button type="button" class="secondary" id="menu-dialog-close" aria-label="Close">×</button></form></dialog>`;
}

export const MENU_STYLE = `
.menubar{display:flex;gap:24px;flex-wrap:wrap}.menubar-path{display:block;margin-bottom:6px}
ul.menu,ul.menu ul{list-style:none;margin:0;padding:4px 0;border:1px solid #dadce0;border-radius:4px;background:#fff;min-width:260px}
ul.menu li.sep{border-top:1px solid #e8eaed;margin:4px 0}ul.menu li.sub>span{display:block;padding:6px 14px;color:#5f6368}
ul.menu li.sub ul{margin-left:14px;border:0;border-left:2px solid #e8eaed;border-radius:0}
.menu-item{all:unset;display:block;padding:6px 14px;cursor:pointer;width:100%;box-sizing:border-box}.menu-item:hover,.menu-item:focus{background:#e8f0fe}
dialog#menu-dialog{border:0;border-radius:8px;box-shadow:0 4px 24px rgba(0,0,0,.3);min-width:380px;max-width:560px}
#menu-dialog-close{position:absolute;top:8px;right:8px;padding:2px 8px}#menu-dialog-buttons button{margin-right:8px}
iframe.dialog{width:100%;height:520px;border:1px solid #dadce0;border-radius:8px;background:#fff}`;

/** Runs a menu item through the JSON API and answers its alerts and prompts in a dialog. */
export function menuScript(as: string): string {
  return `
(function () {
  var AS = ${JSON.stringify(as).replace(/</g, '\\u003c')};
  var LABEL = { OK: 'OK', CANCEL: 'Cancel', YES: 'Yes', NO: 'No' };
  var SETS = { OK: ['OK'], OK_CANCEL: ['OK', 'CANCEL'], YES_NO: ['YES', 'NO'], YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'] };
  var dialog = document.getElementById('menu-dialog');
  var box = document.getElementById('menu-result');
  function text(el, t) { el.textContent = t == null ? '' : String(t); }
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.error || ('HTTP ' + r.status)); return b; }); });
  }
  function show(v) {
    if (v.state === 'asking') return ask(v);
    dialog.open && dialog.close();
    box.hidden = false;
    text(document.getElementById('menu-result-title'), v.fn + (v.ok ? ' finished' : ' failed'));
    var body = document.getElementById('menu-result-body'); body.textContent = '';
    if (v.error) { var e = document.createElement('p'); e.className = 'err'; e.id = 'menu-error'; text(e, v.error); body.appendChild(e); }
    v.alerts.forEach(function (a) {
      var p = document.createElement('p'); p.className = 'menu-alert';
      text(p, (a.title ? a.title + ': ' : '') + a.prompt + ' → ' + (LABEL[a.answer] || a.answer) + (a.kind === 'prompt' ? ' "' + (a.text || '') + '"' : ''));
      body.appendChild(p);
    });
    dialogs(v);
    if (!v.error && !v.alerts.length && !v.dialogs.length) { var n = document.createElement('p'); n.className = 'muted'; text(n, 'It showed nothing.'); body.appendChild(n); }
  }
  // Sidebars and dialogs appear when the item shows them (before its next question), and stay for the run.
  function dialogs(v) {
    var box = document.getElementById('menu-result-dialogs');
    v.dialogs.forEach(function (d) {
      if (box.querySelector('[data-dialog="' + d.id + '"]')) return;
      var wrap = document.createElement('div'); wrap.setAttribute('data-dialog', d.id); wrap.className = 'menu-shown';
      var h = document.createElement('h3'); text(h, (d.kind === 'sidebar' ? 'Sidebar' : 'Dialog') + (d.title ? ': ' + d.title : '')); wrap.appendChild(h);
      var f = document.createElement('iframe'); f.className = 'dialog'; f.title = d.title || d.kind;
      f.src = '/dialog/frame?id=' + encodeURIComponent(d.id) + '&as=' + encodeURIComponent(AS); wrap.appendChild(f);
      box.appendChild(wrap);
    });
  }
  function ask(v) {
    var q = v.question;
    if (v.dialogs.length) { box.hidden = false; dialogs(v); }
    text(document.getElementById('menu-dialog-title'), q.title || (q.kind === 'prompt' ? 'Handoff asks' : 'Handoff'));
    text(document.getElementById('menu-dialog-prompt'), q.prompt);
    var input = document.getElementById('menu-dialog-text'); input.hidden = q.kind !== 'prompt'; input.value = '';
    var buttons = document.getElementById('menu-dialog-buttons'); buttons.textContent = '';
    (SETS[q.buttons] || ['OK']).forEach(function (b) {
      var el = document.createElement('button'); el.type = 'button'; el.setAttribute('data-answer', b); text(el, LABEL[b] || b);
      el.addEventListener('click', function () { answer(v.run, b); }); buttons.appendChild(el);
    });
    document.getElementById('menu-dialog-close').onclick = function () { answer(v.run, 'CLOSE'); };
    if (!dialog.open) dialog.showModal();
    if (q.kind === 'prompt') input.focus();
  }
  function answer(run, button) {
    var t = document.getElementById('menu-dialog-text').value;
    post('/api/menu/answer', { as: AS, run: run, button: button, text: t }).then(show, fail);
  }
  function fail(e) { dialog.open && dialog.close(); box.hidden = false; text(document.getElementById('menu-result-title'), 'Not possible'); text(document.getElementById('menu-result-body'), e.message); text(document.getElementById('menu-result-dialogs'), ''); }
  dialog.addEventListener('cancel', function (ev) { ev.preventDefault(); });
  Array.prototype.forEach.call(document.querySelectorAll('.menu-item'), function (b) {
    b.addEventListener('click', function () {
      box.hidden = false; text(document.getElementById('menu-result-title'), 'Running ' + b.textContent + '…'); text(document.getElementById('menu-result-body'), '');
      text(document.getElementById('menu-result-dialogs'), '');
      post('/api/menu/run', { as: AS, fn: b.getAttribute('data-fn') }).then(show, fail);
    });
  });
})();`;
}
