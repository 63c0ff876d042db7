/**
 * The clock page: move time on, see the triggers and recent runs (in the demo workflow's zone, as the top bar).
 * While an advance moves, the page shows where it is (GET /api/clock's `advancing`): the server answers meanwhile.
 */
import { officeHours } from '../../../templates/calendar';
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
${i.triggers.map((t) => `<tr><td>${esc(t.handler)}</td><td>${esc(t.event)}</td><td>${esc(t.source)}</td><td>${esc(t.owner)}</td><td>${esc(t.nextAt ? zonedTime(Date.parse(t.nextAt)) : '')}</td></tr>`).join('')}</table></div>
<div class="card"><h2>Recent trigger runs</h2><table class="grid" id="runs"><tr><td>At</td><td>Handler</td><td>Result</td></tr>
${i.runs.map((r) => `<tr><td>${esc(zonedTime(Date.parse(r.at)))}</td><td>${esc(r.handler)}</td><td class="${r.ok ? 'ok' : 'err'}">${r.ok ? 'ok' : esc(r.error ?? 'failed')}</td></tr>`).join('')}</table></div>`;
}

export const CLOCK_SCRIPT = `
(function () {
  var ZONE = ${JSON.stringify(officeHours.timeZone)};
  // As the top bar writes a time: 2026-01-05 09:30 America/New_York.
  function zoned(iso) {
    var p = {}; new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso)).forEach(function (x) { p[x.type] = x.value; });
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute + ' ' + ZONE;
  }
  function advance(by) {
    var out = document.getElementById('clock-result'); out.className = 'muted'; out.textContent = 'Advancing ' + by + '…';
    var done = false;
    // Where the advance is, every half second (the server answers while the timer runs execute).
    (function watch() {
      if (done) return;
      fetch('/api/clock').then(function (r) { return r.json(); }).then(function (c) {
        if (!done && c.advancing) out.textContent = 'Advancing ' + by + '… simulated time now ' + zoned(c.advancing.now) + ' (until ' + zoned(c.advancing.to) + '), ' + c.advancing.runs + ' trigger run(s) so far.';
        setTimeout(watch, 500);
      }, function () { setTimeout(watch, 500); });
    })();
    fetch('/api/clock', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: by }) })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, b: b }; }); })
      .then(function (res) {
        done = true;
        if (!res.ok) { out.textContent = res.b.error; out.className = 'err'; return; }
        location.href = '/clock?ran=' + res.b.runs.length;
      });
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-advance]'), function (b) { b.addEventListener('click', function () { advance(b.getAttribute('data-advance')); }); });
  document.getElementById('advance-go').addEventListener('click', function () { advance(document.getElementById('advance-by').value); });
})();`;
