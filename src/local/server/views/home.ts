import type { FormData } from '../../services/forms/model';
import { esc } from './html';

/** The demo's away approver (seed.ts), if seeding set one: where to see delegation. */
function delegation(seedLog: string[]): string {
  const line = seedLog.find((l) => / is away .*acts for them/.test(l));
  return line
    ? `<p id="home-delegation">Delegation: ${esc(line.replace(/ \(Delegate while away\)$/, ''))}. Be the delegate and open the Inbox (the approval email, on their behalf) and the Sidebar's <i>My work</i>.</p>`
    : '';
}

/** The home page: what to try, and what the demo seed did. */
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
<li><a href="/inbox">Inbox</a>: open the approval email as the approver and press Approve (the add-on's web app at <code>/exec</code>), or open it <b>in Gmail</b>, beside the add-on's card.</li>
<li><a href="/sidebar">Sidebar</a>: the Handoff panel, as an operator or an admin.</li>
<li><a href="/menu">Menu</a>: the Handoff menu as onOpen builds it for you (Link a form, Pause / resume, Rotate key, Re-process intake errors…); its questions are answered in the page.</li>
<li><a href="/sheet">Sheet</a>: the governed spreadsheet, updating as things happen; edit a cell by hand and the on-edit trigger undoes it or records an override.</li>
<li><a href="/chat">Chat</a>: the procurement queue's Chat space.</li>
<li><a href="/clock">Clock</a>: move time on; the timer sends the mail, reminders and escalations fire.</li>
</ol>
${delegation(i.seedLog)}
<p class="muted">The web app's real URL (${esc(i.webAppUrl)}) is served at <code>/exec</code>. JSON API: see docs/playground.md.</p></div>
<div class="card"><h2>${i.restored ? 'Restored from the data folder' : 'Demo seeded on first start'}</h2><ul>${i.seedLog.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<p class="muted">Tabs: ${esc(i.tabs.join(', '))}. Forms: ${esc(i.forms.map((f) => f.title).join(', ') || 'none')}. Functions the panel may call: ${i.functions.length}.</p></div>`;
}
