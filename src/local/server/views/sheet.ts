/** The spreadsheet's tabs, refreshing live, and the frame around the real sidebar. */
import { esc, scriptJson } from './html';

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
