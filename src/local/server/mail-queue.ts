/**
 * Mail waits in the Outbox until the timer sends it: what the pages say after an action queued some, with the
 * time of the timer's next run and a "Run the timer now" button (POST /api/timer/run).
 */
import { TIMER_HANDLER } from './clock-runner';
import type { Playground } from './playground';
import { esc } from './views/html';

export interface MailQueue {
  /** Emails in the Outbox not sent yet (pending, or waiting to retry). */
  queued: number;
  /** The timer's next scheduled run (ISO), or null when no timer is installed. */
  nextRunAt: string | null;
}

const cached = new WeakMap<Playground, { key: string; value: MailQueue }>();

/** Read from the Outbox tab; kept until something changes or the clock moves. */
export function mailQueue(p: Playground): MailQueue {
  const key = `${p.version}:${p.now()}`;
  const hit = cached.get(p);
  if (hit?.key === key) return hit.value;
  let queued = 0;
  if (p.tabs().includes('Outbox')) {
    const rows = p.ws.sheets.get(p.spreadsheetId).values('Outbox');
    const status = (rows[0] ?? []).indexOf('Status');
    for (const r of rows.slice(1)) {
      const s = String(r[status] ?? '').trim();
      if (r.some((v) => v !== '') && (s === '' || s === 'pending')) queued++;
    }
  }
  const timer = p.ws.triggers.list().find((t) => t.eventType === 'CLOCK' && t.handler === TIMER_HANDLER);
  const value = { queued, nextRunAt: typeof timer?.nextAt === 'number' ? new Date(timer.nextAt).toISOString() : null };
  cached.set(p, { key, value });
  return value;
}

/** The sentence the banner shows. */
export function queueText(q: MailQueue): string {
  const n = q.queued === 1 ? '1 email is' : `${q.queued} emails are`;
  const when = q.nextRunAt
    ? `the timer sends ${q.queued === 1 ? 'it' : 'them'} at its next run, ${q.nextRunAt.replace('T', ' ').slice(0, 16)} UTC (simulated time)`
    : 'no timer is installed to send them';
  return `${n} waiting in the Outbox: ${when}.`;
}

export const MAIL_BANNER_STYLE = `#mail-banner{display:flex;gap:12px;align-items:center;padding:8px 16px;background:#e8f0fe;color:#174ea6;border-bottom:1px solid #d2e3fc;font:14px system-ui,sans-serif}
#mail-banner[hidden]{display:none}#mail-banner button{background:#1a73e8;color:#fff;border:0;border-radius:4px;padding:6px 12px;cursor:pointer;font:inherit}`;

/**
 * The banner and its script: it follows GET /api/state (every 2 s) and runs the timer on request. Written into the
 * playground's pages and, above the add-on's own page, into the web app's pages at /exec.
 */
export function mailBanner(q: MailQueue): string {
  return `<div id="mail-banner" role="status"${q.queued ? '' : ' hidden'}><span id="mail-banner-text">${q.queued ? esc(queueText(q)) : ''}</span><button type="button" id="run-timer">Run the timer now</button></div>
<script>
(function () {
  var banner = document.getElementById('mail-banner'), text = document.getElementById('mail-banner-text'), button = document.getElementById('run-timer');
  function say(q) {
    banner.hidden = !q.queued;
    if (!q.queued) return;
    var n = q.queued === 1 ? '1 email is' : q.queued + ' emails are';
    text.textContent = n + ' waiting in the Outbox: ' + (q.nextRunAt ? 'the timer sends ' + (q.queued === 1 ? 'it' : 'them') + ' at its next run, ' + q.nextRunAt.replace('T', ' ').slice(0, 16) + ' UTC (simulated time).' : 'no timer is installed to send them.');
  }
  function poll() { fetch('/api/state').then(function (r) { return r.json(); }).then(function (s) { if (s.mail) say(s.mail); }).catch(function () {}).then(function () { setTimeout(poll, 2000); }); }
  button.addEventListener('click', function () {
    button.disabled = true; text.textContent = 'Running the timer…';
    fetch('/api/timer/run', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.error); return b; }); })
      .then(function (b) { text.textContent = 'The timer ran (' + b.runs.map(function (x) { return x.ok ? 'ok' : 'failed: ' + x.error; }).join(', ') + '). The emails are in the inboxes.'; },
            function (e) { text.textContent = e.message; })
      .then(function () { button.disabled = false; });
  });
  setTimeout(poll, 2000);
})();
</script>`;
}
