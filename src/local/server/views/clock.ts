/** The clock page: move time on, see the triggers and recent runs. */
import { esc, zonedTime } from './html';

export function clockBody(i: {
  now: number;
  ran?: number | null;
  triggers: Array<{ handler: string; event: string; source: string; owner: string; nextAt: string | null }>;
  runs: Array<{ handler: string; at: string; ok: boolean; error?: string }>;
}): string {
  return `<h1>Clock</h1>
<div class="card"><p>Simulated time: <b id="clock-now">${esc(zonedTime(i.now))}</b></p>
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
