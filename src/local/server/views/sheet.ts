/** The spreadsheet's tabs, refreshing live and editable by hand (Sheets' rules, then the edit triggers), and the frame around the real sidebar. */
import { esc, scriptJson } from './html';

export function sheetBody(tabs: string[], active: string, as?: string): string {
  return `<h1>Sheet</h1>
${as ? `<p class="muted" id="edit-help">Double-click a cell to edit it as ${esc(as)} (Enter saves, Escape cancels; paste tab-separated text to fill several cells). Sheets' sharing and protections apply, then the on-edit triggers run.</p><div id="edit-outcome" role="status"></div>` : ''}
<div class="tabs">${tabs.map((t) => `<a href="/sheet?tab=${encodeURIComponent(t)}" data-tab="${esc(t)}"${t === active ? ' class="on"' : ''}>${esc(t)}</a>`).join('')}</div>
<div class="card" style="overflow:auto"><table class="grid" id="grid" data-tab="${esc(active)}"></table><p class="muted" id="grid-note"></p></div>`;
}

export const SHEET_STYLE = `
table.grid td.editing{padding:0}table.grid td.editing textarea{width:260px;height:26px;font:inherit;border:2px solid #1a73e8;padding:2px 4px;resize:both}
table.grid tr.target td,table.grid tr.target th{background:#fef7e0}table.grid td.changed{outline:2px solid #fbbc04}
#edit-outcome .box{border-radius:6px;padding:8px 12px;margin:8px 0}#edit-outcome .refused{background:#fce8e6;color:#c5221f}
#edit-outcome .reverted{background:#fef7e0}#edit-outcome .override{background:#e6f4ea}#edit-outcome .plain{background:#f1f3f4}`;

/**
 * Renders one tab into #grid and re-renders whenever the playground's version changes. With `edit`, a cell can be
 * edited (POST /api/sheet/edit) and the outcome is shown; `target` is the row to show first (a link's row).
 */
export function liveTabScript(tab: string, edit?: { as: string; gids: Record<string, number>; target: number | null }): string {
  return `
(function () {
  var TAB = ${scriptJson(tab)}; var version = -1; var EDIT = ${scriptJson(edit ?? null)};
  var target = EDIT ? EDIT.target : null;
  if (EDIT && location.hash) {
    // A Sheets link's fragment: #gid=<sheet id>&range=A5 opens that tab at that row.
    var h = new URLSearchParams(location.hash.slice(1)); var gid = h.get('gid'); var range = h.get('range') || '';
    var name = Object.keys(EDIT.gids).filter(function (k) { return String(EDIT.gids[k]) === gid; })[0];
    var m = /^[A-Z]*(\\d+)/i.exec(range);
    if (name && name !== TAB) { location.replace('/sheet?tab=' + encodeURIComponent(name) + (m ? '&row=' + m[1] : '')); return; }
    if (m) target = Number(m[1]);
  }
  var editing = null;
  function letters(n) { var s = ''; n++; while (n > 0) { var m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = Math.floor((n - 1) / 26); } return s; }
  function render(rows) {
    var grid = document.getElementById('grid'); if (!grid || editing) return;
    grid.textContent = '';
    var width = rows.reduce(function (w, r) { return Math.max(w, r.length); }, 0);
    var head = document.createElement('tr'); head.appendChild(document.createElement('th'));
    for (var c = 0; c < width; c++) { var th = document.createElement('th'); th.textContent = letters(c); head.appendChild(th); }
    grid.appendChild(head);
    rows.forEach(function (r, i) {
      var tr = document.createElement('tr'); var n = document.createElement('th'); n.textContent = String(i + 1); tr.appendChild(n);
      if (target === i + 1) tr.className = 'target';
      for (var c = 0; c < width; c++) {
        var td = document.createElement('td'); td.textContent = r[c] == null ? '' : String(r[c]); td.title = td.textContent;
        td.setAttribute('data-cell', letters(c) + (i + 1)); tr.appendChild(td);
      }
      grid.appendChild(tr);
    });
    document.getElementById('grid-note').textContent = rows.length ? (rows.length - 1) + ' data row(s)' : 'This tab is empty.';
    var t = grid.querySelector('tr.target'); if (t && !render.scrolled) { render.scrolled = true; t.scrollIntoView({ block: 'center' }); }
  }
  function show(kind, lines) {
    var out = document.getElementById('edit-outcome'); out.textContent = '';
    var box = document.createElement('div'); box.className = 'box ' + kind; box.id = 'edit-' + kind;
    lines.forEach(function (l) { var p = document.createElement('div'); p.textContent = l; box.appendChild(p); });
    out.appendChild(box);
  }
  function outcome(r) {
    if (r.refused) return show('refused', ['Sheets refused the edit of ' + r.tab + '!' + r.a1 + ': ' + r.refused]);
    var lines = []; var kind = 'plain';
    r.runs.forEach(function (run) {
      var o = run.outcome || {};
      if (!run.ok) { lines.push(run.handler + ' failed: ' + run.error); return; }
      if (o.kind === 'reverted') { kind = 'reverted'; lines.push('Your edit of ' + r.tab + '!' + r.a1 + ' was undone by ' + run.handler + '.'); }
      else if (o.kind === 'override') { kind = o.ok ? 'override' : 'reverted'; lines.push(o.message); }
      else if (o.kind === 'ignored') lines.push(run.handler + ' let it be: ' + o.why + '.');
      else lines.push(run.handler + ' ran.');
    });
    r.audit.forEach(function (a) { lines.push('Audit: ' + [a.Action, a.Name, a.Actor, a.Request, a.Reason].filter(Boolean).join(' · ')); });
    if (!r.runs.length) lines.push('Saved. No on-edit trigger is installed.');
    show(kind, lines);
  }
  function startEdit(td) {
    if (!EDIT || editing || td.tagName !== 'TD') return;
    var old = td.textContent; editing = td; td.className = 'editing'; td.textContent = '';
    var ta = document.createElement('textarea'); ta.value = old; ta.setAttribute('aria-label', 'Edit ' + td.getAttribute('data-cell')); td.appendChild(ta); ta.focus(); ta.select();
    function done(save) {
      if (editing !== td) return; editing = null;
      if (!save) { version = -1; tick(); return; }
      td.textContent = ta.value; td.className = 'changed';
      fetch('/api/sheet/edit', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ as: EDIT.as, tab: TAB, cell: td.getAttribute('data-cell'), value: ta.value }) })
        .then(function (x) { return x.json().then(function (b) { if (!x.ok) throw new Error(b.error); return b; }); })
        .then(outcome, function (e) { show('refused', [e.message]); })
        .then(function () { version = -1; tick(); });
    }
    ta.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); done(true); }
      else if (ev.key === 'Escape') { ev.preventDefault(); done(false); }
    });
    ta.addEventListener('blur', function () { done(false); });
  }
  document.getElementById('grid').addEventListener('dblclick', function (ev) { var td = ev.target.closest && ev.target.closest('td'); if (td) startEdit(td); });
  function tick() {
    clearTimeout(tick.timer);
    fetch('/api/state').then(function (r) { return r.json(); }).then(function (s) {
      var now = document.getElementById('now'); if (now) now.textContent = s.nowText;
      if (s.version === version || editing) return;
      version = s.version;
      return fetch('/api/tab?name=' + encodeURIComponent(TAB)).then(function (r) { return r.json(); }).then(function (t) { render(t.rows || []); document.getElementById('grid').setAttribute('data-version', String(version)); });
    }).catch(function () {}).then(function () { tick.timer = setTimeout(tick, 1000); });
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
