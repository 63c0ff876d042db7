import type { FormData } from '../../services/forms/model';
import { esc } from './html';

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
<li><a href="/inbox">Inbox</a>: open the approval email as the approver and press Approve (the add-on's web app at <code>/exec</code>).</li>
<li><a href="/sidebar">Sidebar</a>: the Handoff panel, as an operator or an admin.</li>
<li><a href="/sheet">Sheet</a>: the governed spreadsheet, updating as things happen.</li>
<li><a href="/clock">Clock</a>: move time on; reminders and escalations fire.</li>
</ol>
<p class="muted">The web app's real URL (${esc(i.webAppUrl)}) is served at <code>/exec</code>. JSON API: see docs/playground.md.</p></div>
<div class="card"><h2>${i.restored ? 'Restored from the data folder' : 'Demo seeded on first start'}</h2><ul>${i.seedLog.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<p class="muted">Tabs: ${esc(i.tabs.join(', '))}. Forms: ${esc(i.forms.map((f) => f.title).join(', ') || 'none')}. Functions the panel may call: ${i.functions.length}.</p></div>`;
}
