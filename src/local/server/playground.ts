/**
 * The playground's state: one local Workspace running the real dist/Code.js (through src/local/runtime), its
 * bound spreadsheet, the deployed web app, and the data folder it is saved to. Everything a page or the JSON
 * API does goes through here, as a person: a form submission, a web-app visit, a google.script.run call, the
 * clock. Nothing here re-implements Handoff: it only calls the add-on's own top-level functions.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScript, type LoadedScript } from '../runtime';
import type { ExecutionKind } from '../kernel/execution';
import { createWorkspace, type Workspace } from '../workspace';
import type { MailMessage } from '../services/mail';
import type { FormData } from '../services/forms/model';
import { FormSubmissionError } from '../services/forms';
import type { WebResponse } from '../services/webapp';
import type { TriggerRun } from '../services/script/triggers';
import { illegalValue } from './json-values';
import { cardApiDeployment, seedDemo } from './seed';

export const DEMO_OWNER = 'ada@acme.test';
/** Monday 5 January 2026, 09:00 UTC: the demo starts at the beginning of a working week. */
export const DEMO_START = Date.UTC(2026, 0, 5, 9, 0, 0);
export const STATE_FILE = 'state.json';
const STATE_FORMAT = 1;

/** A client error: the HTTP layer answers 4xx with this message. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'BadRequest';
  }
}

export interface Person {
  email: string;
  name: string;
  roles: string[];
  manager: string;
}

export interface PlaygroundOptions {
  /** The dist/ folder: Code.js and the *.html files the add-on serves. */
  distDir: string;
  /** Where state.json is kept; null keeps nothing. */
  dataDir: string | null;
  reset?: boolean;
  /** Seed the demo on a fresh start (default true). */
  seed?: boolean;
  log?: (line: string) => void;
  /**
   * Whom google.script.run calls from the sidebar run as (Session.getEffectiveUser, and whose permissions the
   * spreadsheet checks). 'person' (default) is what Apps Script does for an editor add-on's sidebar: the user at
   * the keyboard, who may not write the protected tabs unless an editor of them. 'owner' runs them as the
   * owner, as the panel's own tests do (see notes/request-panel-runs-as.md).
   */
  sidebarRunsAs?: 'person' | 'owner';
}

/** Functions google.script.run may call besides the panel's (handoffPanel*): the add-on's documented public API. */
export const PUBLIC_FUNCTIONS: readonly string[] = [
  'handoffCreateRequest',
  'handoffApplyAction',
  'handoffGetRequest',
  'handoffPublishWorkflow',
];

/** Apps Script calls these itself (triggers, the web app, card callbacks): never from a page. */
export const NOT_CALLABLE =
  /^(onOpen|onInstall|onEdit|doGet|doPost|onGmailMessageOpen|handoffCardDecide|handoffOnFormSubmit|handoffOnEdit|handoffTimerRun)$|_$/;

export interface TriggerRunView {
  handler: string;
  at: string;
  ok: boolean;
  error?: string;
}

export class Playground {
  /** Bumps on every change; pages poll it to refresh. */
  version = 0;
  /** What seeding did, step by step (shown on the home page). */
  seedLog: string[] = [];

  private constructor(
    readonly ws: Workspace,
    readonly script: LoadedScript,
    readonly opts: PlaygroundOptions,
    readonly restored: boolean,
  ) {}

  // ---- start ----------------------------------------------------------------------------------------

  static open(opts: PlaygroundOptions): Playground {
    const log = opts.log ?? (() => undefined);
    const codePath = join(opts.distDir, 'Code.js');
    if (!existsSync(codePath)) throw new Error(`${codePath} is missing: run \`npm run build\` first (npm start does).`);
    const file = opts.dataDir ? join(opts.dataDir, STATE_FILE) : null;
    if (file && opts.reset && existsSync(file)) {
      rmSync(file);
      log(`reset: deleted ${file}`);
    }
    const saved = file && existsSync(file) ? readState(file) : null;

    const ws = createWorkspace({ owner: DEMO_OWNER, start: DEMO_START, timeZone: 'Etc/UTC' });
    const script = loadScript(ws, readFileSync(codePath, 'utf8'), 'Code.js');
    // The project's HTML files as they were at start (a deployment does not change when files are rebuilt).
    ws.html.setFiles(readHtmlFiles(opts.distDir));
    const p = new Playground(ws, script, opts, saved !== null);
    if (saved) {
      ws.persistence.restore(saved.workspace);
      p.seedLog = saved.seedLog ?? [];
      log(`restored the playground from ${file} (simulated time ${new Date(ws.kernel.clock.now()).toISOString()})`);
    } else {
      const id = ws.sheets.create('Handoff', { owner: DEMO_OWNER, bind: true });
      ws.sheets.setActive(id);
      const manifest = readManifest(opts.distDir);
      ws.webapp.deploy({ executeAs: manifest.executeAs, access: manifest.access, deployer: DEMO_OWNER });
      // The second deployment docs/deploy.md has an admin create, for the Gmail card and the sidebar relay.
      const deployed = cardApiDeployment(p);
      if (opts.seed !== false) {
        p.seedLog = [...deployed, ...seedDemo(p)];
        for (const line of p.seedLog) log(`seed: ${line}`);
      } else {
        for (const line of deployed) log(`seed: ${line}`);
      }
    }
    p.save();
    return p;
  }

  // ---- persistence ----------------------------------------------------------------------------------

  /** Writes the state to the data folder (atomically: a temporary file renamed over the old one). */
  save(): void {
    if (!this.opts.dataDir) return;
    mkdirSync(this.opts.dataDir, { recursive: true });
    const file = join(this.opts.dataDir, STATE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    const state: SavedState = {
      format: STATE_FORMAT,
      owner: DEMO_OWNER,
      savedAt: new Date().toISOString(),
      seedLog: this.seedLog,
      workspace: this.ws.persistence.toJSON(),
    };
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
  }

  /** Marks a change: pages refresh, the state is saved. */
  changed(): void {
    this.version++;
    this.save();
  }

  // ---- people ---------------------------------------------------------------------------------------

  get spreadsheetId(): string {
    const id = this.ws.sheets.activeId;
    if (!id) throw new Error('The playground has no bound spreadsheet');
    return id;
  }

  /** Everyone in the Directory tab, and the owner. */
  people(): Person[] {
    const out: Person[] = [];
    const seen = new Set<string>();
    const add = (p: Person) => {
      const key = p.email.toLowerCase();
      if (!key || seen.has(key)) return;
      seen.add(key);
      out.push(p);
    };
    const ss = this.ws.sheets.get(this.spreadsheetId);
    if (ss.sheetNames().includes('Directory')) {
      const rows = ss.values('Directory');
      const head = (rows[0] ?? []).map(String);
      const col = (name: string) => head.indexOf(name);
      for (const r of rows.slice(1)) {
        const email = String(r[col('Email')] ?? '').trim();
        if (!email.includes('@')) continue;
        add({
          email,
          name: String(r[col('Name')] ?? '') || email,
          roles: String(r[col('Roles')] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          manager: String(r[col('Manager')] ?? ''),
        });
      }
    }
    add({ email: DEMO_OWNER, name: 'Ada Admin (owner)', roles: ['admin'], manager: '' });
    return out;
  }

  /** The person named, or a 400 naming who exists. */
  person(as: unknown): Person {
    if (typeof as !== 'string' || as.trim() === '')
      throw new BadRequest(
        `"as" is required: the email of the person to act as (one of ${this.people()
          .map((p) => p.email)
          .join(', ')})`,
      );
    const p = this.people().find((x) => x.email.toLowerCase() === as.trim().toLowerCase());
    if (!p)
      throw new BadRequest(
        `Unknown person "${as}": the people in this playground are ${this.people()
          .map((x) => x.email)
          .join(', ')}`,
      );
    return p;
  }

  // ---- the add-on's functions -----------------------------------------------------------------------

  functionNames(): string[] {
    return this.script.functionNames();
  }

  /** What google.script.run may call: the panel's functions and the public API, when the build has them. */
  callableFunctions(): string[] {
    return this.functionNames()
      .filter((n) => isCallable(n))
      .sort();
  }

  /**
   * Runs a function as `as`, as google.script.run does from the sidebar: one execution whose active user is the
   * person; the effective user is the person too (or the owner: `sidebarRunsAs`).
   */
  run(fn: unknown, args: unknown, as: unknown): unknown {
    if (typeof fn !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(fn))
      throw new BadRequest('"fn" must be the name of a server function, e.g. "handoffPanelWhoAmI"');
    if (!Array.isArray(args))
      throw new BadRequest('"args" must be an array of arguments (JSON values), e.g. [] or [{"requestId":"PR-000001"}]');
    const person = this.person(as);
    if (!this.script.hasFunction(fn)) throw new BadRequest(`dist/Code.js has no function "${fn}"`, 404);
    if (!isCallable(fn))
      throw new BadRequest(
        `"${fn}" is not a function the panel may call (google.script.run targets are the handoffPanel* functions and ${PUBLIC_FUNCTIONS.join(', ')})`,
        403,
      );
    const bad = illegalValue(args, 'args');
    if (bad) throw new BadRequest(`Illegal argument for google.script.run: ${bad}`);
    try {
      let result: unknown;
      try {
        result = this.invoke(fn, args, person.email, 'script-run', this.opts.sidebarRunsAs === 'owner' ? DEMO_OWNER : person.email);
      } catch (e) {
        throw new ScriptError(e instanceof Error ? e.message : String(e), e instanceof Error ? e.name : 'Error');
      }
      const badResult = illegalValue(result, 'result');
      if (badResult) throw new ScriptError(`${fn} returned a value google.script.run cannot carry: ${badResult}`);
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } finally {
      this.changed();
    }
  }

  /** One execution of a top-level function; Handoff's own entry points only. */
  invoke(fn: string, args: unknown[], as: string, kind: ExecutionKind, effectiveUser = as): unknown {
    return this.ws.runtime.invoke(fn, args, { activeUser: as, effectiveUser, kind });
  }

  // ---- sidebar --------------------------------------------------------------------------------------

  /**
   * Opens the panel as `as` through the add-on's own menu function and returns the sidebar's HTML (what
   * SpreadsheetApp.getUi().showSidebar received: dist/Sidebar.html as the add-on built its output).
   */
  sidebarHtml(as: string): { html: string; title: string } {
    const fn = ['handoffOpenPanel'].find((n) => this.script.hasFunction(n));
    if (!fn) throw new BadRequest('This build of Handoff has no handoffOpenPanel function (the panel is not in dist/Code.js yet).', 404);
    const before = this.ws.ui.dialogs.length;
    const alerts = this.ws.ui.alerts.length;
    this.invoke(fn, [], as, 'menu', this.opts.sidebarRunsAs === 'owner' ? DEMO_OWNER : as);
    const dialog = this.ws.ui.dialogs.length > before ? this.ws.ui.lastDialog() : undefined;
    if (!dialog) {
      const said = this.ws.ui.alerts
        .slice(alerts)
        .map((a) => a.prompt)
        .join(' ');
      throw new BadRequest(`The add-on did not open a sidebar for ${as}${said ? `: ${said}` : ''}`, 409);
    }
    const out = dialog.html as { getContent(): string; getTitle(): string };
    return this.ws.kernel.meter.unmetered(() => ({ html: out.getContent(), title: out.getTitle() }));
  }

  // ---- forms ----------------------------------------------------------------------------------------

  forms(): FormData[] {
    return this.ws.forms.list();
  }

  /** The form named, or the latest one (the one the add-on linked last). */
  form(formId?: unknown): FormData {
    const all = this.forms();
    if (formId !== undefined && formId !== null && formId !== '') {
      const f = all.find((x) => x.id === formId || x.publishedId === formId);
      if (!f) throw new BadRequest(`Unknown form "${String(formId)}": the forms are ${all.map((x) => x.id).join(', ') || '(none)'}`, 404);
      return f;
    }
    const f = all[all.length - 1];
    if (!f) throw new BadRequest('No form exists yet: link one from the Handoff menu (Link a form) first.', 404);
    return f;
  }

  /** Submits the form as a person, through Google Forms' validation; the form-submit triggers fire. */
  submitForm(
    formId: unknown,
    as: unknown,
    answers: unknown,
  ): { responseId: string; row: number | null; runs: TriggerRunView[]; confirmation: string } {
    const person = this.person(as);
    const form = this.form(formId);
    if (!answers || typeof answers !== 'object' || Array.isArray(answers))
      throw new BadRequest('"answers" must be an object of answers keyed by question title or item id');
    for (const [k, v] of Object.entries(answers as Record<string, unknown>)) {
      const ok =
        v === null || typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
      if (!ok) throw new BadRequest(`answers["${k}"] must be a string, a number or a list of strings`);
    }
    try {
      const r = this.ws.forms.submitAs(form.id, person.email, answers as Record<string, string>);
      return {
        responseId: r.responseId,
        row: r.row,
        runs: r.runs.map(runView),
        confirmation: form.confirmationMessage || 'Your response has been recorded.',
      };
    } catch (e) {
      if (e instanceof FormSubmissionError) throw new FormRefused(e.message, e.errors);
      if (e instanceof Error && /^submitAs: /.test(e.message)) throw new BadRequest(e.message.replace(/^submitAs: /, ''));
      throw e;
    } finally {
      this.changed();
    }
  }

  // ---- mail and the web app -------------------------------------------------------------------------

  inbox(as: unknown): MailMessage[] {
    const p = this.person(as);
    return this.ws.mail.inbox(p.email).slice().reverse();
  }

  message(as: unknown, id: string): MailMessage {
    const m = this.inbox(as).find((x) => x.id === id);
    if (!m) throw new BadRequest(`No message "${id}" in ${String(as)}'s inbox`, 404);
    return m;
  }

  /** The web-app links of a message ("Approve: https://…/exec?…" lines), with their local /exec form. */
  actionLinks(m: MailMessage): Array<{ label: string; url: string; local: string }> {
    const real = this.webAppUrl();
    const out: Array<{ label: string; url: string; local: string }> = [];
    for (const line of m.body.split(/\r?\n/)) {
      const x = /^\s*(.*?):\s*(https?:\/\/\S+)\s*$/.exec(line);
      if (x && x[2]!.startsWith(real)) out.push({ label: x[1]!, url: x[2]!, local: '/exec' + x[2]!.slice(real.length) });
    }
    return out;
  }

  webAppUrl(): string {
    const u = this.ws.webapp.url();
    if (!u) throw new Error('The web app is not deployed');
    return u;
  }

  /** Rewrites the deployed web app's URL to the playground's /exec route. */
  localize(html: string): string {
    const url = this.webAppUrl();
    return html
      .split(url)
      .join('/exec')
      .split(url.replace(/\/exec$/, '/dev'))
      .join('/exec');
  }

  /** Turns a link from an email (the real /exec URL, or a local /exec one) into the path the web app sees. */
  execPath(url: unknown): string {
    if (typeof url !== 'string' || url.trim() === '')
      throw new BadRequest('"url" is required: an action link from an email (the web app URL or /exec?...)');
    const u = url.trim();
    const real = this.webAppUrl();
    if (u.startsWith(real)) return '/exec' + u.slice(real.length);
    if (/^\/exec(?:[/?]|$)/.test(u)) return u;
    throw new BadRequest(`"url" is not a link to this add-on's web app (${real} or /exec?...): ${u.slice(0, 200)}`);
  }

  /** A visit to the web app as a person: GET runs doGet (changes nothing), POST runs doPost. */
  visit(method: unknown, url: unknown, as: unknown, body?: unknown, contentType?: string): WebResponse {
    const m = typeof method === 'string' ? method.toUpperCase() : 'GET';
    if (m !== 'GET' && m !== 'POST') throw new BadRequest(`"method" must be GET or POST, got ${JSON.stringify(method)}`);
    const person = this.person(as);
    const path = this.execPath(url);
    if (m === 'GET') return this.ws.webapp.get(path, { as: person.email });
    let b: string | Record<string, string>;
    if (body === undefined || body === null) b = {};
    else if (typeof body === 'string') b = body;
    else if (typeof body === 'object' && !Array.isArray(body) && Object.values(body).every((v) => typeof v === 'string'))
      b = body as Record<string, string>;
    else throw new BadRequest('"body" must be a form-encoded string or an object of string fields');
    try {
      return typeof b === 'string'
        ? this.ws.webapp.post(path, b, { as: person.email, contentType: contentType ?? 'application/x-www-form-urlencoded' })
        : this.ws.webapp.post(path, b, { as: person.email });
    } finally {
      this.changed();
    }
  }

  // ---- clock ----------------------------------------------------------------------------------------

  now(): number {
    return this.ws.kernel.clock.now();
  }

  /** Moves simulated time forward, firing every time-driven trigger that falls due on the way. */
  advance(by: { ms?: unknown; to?: unknown }): { from: string; now: string; runs: TriggerRunView[] } {
    const from = this.now();
    let target: number;
    if (by.to !== undefined) {
      const t = typeof by.to === 'number' ? by.to : typeof by.to === 'string' ? Date.parse(by.to) : NaN;
      if (!Number.isFinite(t)) throw new BadRequest(`"to" must be an ISO date-time or epoch ms, got ${JSON.stringify(by.to)}`);
      if (t < from)
        throw new BadRequest(`Time cannot go back: "to" (${new Date(t).toISOString()}) is before now (${new Date(from).toISOString()})`);
      target = t;
    } else {
      const ms = typeof by.ms === 'string' ? parseDuration(by.ms) : by.ms;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
        throw new BadRequest(
          `"ms" must be a non-negative number of milliseconds (or a duration like "2h", "3d", "45m"), got ${JSON.stringify(by.ms)}`,
        );
      if (ms > MAX_ADVANCE_MS) throw new BadRequest(`"ms" is more than 31 days; advance in smaller steps`);
      target = from + ms;
    }
    if (target - from > MAX_ADVANCE_MS) throw new BadRequest('Advance at most 31 days at a time');
    const runsBefore = this.ws.triggers.runs().length;
    try {
      this.ws.triggers.advanceTo(target);
    } finally {
      this.changed();
    }
    return {
      from: new Date(from).toISOString(),
      now: new Date(this.now()).toISOString(),
      runs: this.ws.triggers.runs().slice(runsBefore).map(runView),
    };
  }

  /** The last n trigger runs, newest first. */
  recentRuns(n: number): TriggerRunView[] {
    return this.ws.triggers.runs().slice(-n).reverse().map(runView);
  }

  triggers(): Array<{ handler: string; event: string; source: string; owner: string; nextAt: string | null }> {
    return this.ws.triggers.list().map((t) => ({
      handler: t.handler,
      event: String(t.eventType),
      source: t.sourceId ?? 'clock',
      owner: t.owner,
      nextAt: typeof t.nextAt === 'number' ? new Date(t.nextAt).toISOString() : null,
    }));
  }

  // ---- sheet ----------------------------------------------------------------------------------------

  tabs(): string[] {
    return this.ws.sheets.get(this.spreadsheetId).sheetNames();
  }

  /** A tab's data range as the Sheets UI shows it (display strings). */
  tab(name: unknown): { name: string; rows: string[][] } {
    if (typeof name !== 'string' || name === '') throw new BadRequest(`"name" is required: one of ${this.tabs().join(', ')}`);
    if (!this.tabs().includes(name)) throw new BadRequest(`Unknown tab "${name}": the tabs are ${this.tabs().join(', ')}`, 404);
    const rows = this.ws.kernel.meter.unmetered(() => this.ws.sheets.get(this.spreadsheetId).displayValues(name));
    return { name, rows };
  }
}

/** Thrown when a server function fails (the script threw): a 500 for the API, the failure handler for the shim. */
export class ScriptError extends Error {
  constructor(
    message: string,
    readonly errorName = 'Error',
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

/** Google Forms refused the answers: each problem, as the form shows it. */
export class FormRefused extends BadRequest {
  constructor(
    message: string,
    readonly errors: Array<{ itemId: number; title: string; message: string }>,
  ) {
    super(message, 422);
  }
}

export const MAX_ADVANCE_MS = 31 * 24 * 3600 * 1000;

export function isCallable(name: string): boolean {
  if (NOT_CALLABLE.test(name)) return false;
  return name.startsWith('handoffPanel') || PUBLIC_FUNCTIONS.includes(name);
}

/** "90m", "2h", "3d", "1w", "1d 4h" → ms; a plain number string is ms. */
export function parseDuration(s: string): number {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const unit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  let total = 0;
  let matched = '';
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])\s*/g)) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched += m[0];
  }
  if (!matched || matched.length !== t.length) return NaN;
  return total;
}

function runView(r: TriggerRun): TriggerRunView {
  const view: TriggerRunView = { handler: r.handler, at: new Date(r.at).toISOString(), ok: r.ok === true };
  if (r.error) view.error = r.error;
  return view;
}

interface SavedState {
  format: number;
  owner: string;
  savedAt: string;
  seedLog?: string[];
  workspace: Record<string, unknown>;
}

function readState(file: string): SavedState {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `${file} is not readable JSON (${e instanceof Error ? e.message : String(e)}). Start with --reset to start fresh (the file is deleted).`,
    );
  }
  const s = json as SavedState;
  if (!s || s.format !== STATE_FORMAT || typeof s.workspace !== 'object')
    throw new Error(`${file} was saved by another version of the playground. Start with --reset to start fresh.`);
  if (s.owner !== DEMO_OWNER) throw new Error(`${file} belongs to another owner (${s.owner}). Start with --reset to start fresh.`);
  return s;
}

/** dist/*.html by file name, with and without the extension (createHtmlOutputFromFile('Sidebar') or 'Sidebar.html'). */
function readHtmlFiles(distDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(distDir)) {
    if (!f.endsWith('.html')) continue;
    const text = readFileSync(join(distDir, f), 'utf8');
    out[f] = text;
    out[f.slice(0, -5)] = text;
  }
  return out;
}

function readManifest(distDir: string): {
  executeAs: 'USER_DEPLOYING' | 'USER_ACCESSING';
  access: 'MYSELF' | 'DOMAIN' | 'ANYONE' | 'ANYONE_ANONYMOUS';
} {
  try {
    const m = JSON.parse(readFileSync(join(distDir, 'appsscript.json'), 'utf8')) as { webapp?: { executeAs?: string; access?: string } };
    const executeAs = m.webapp?.executeAs === 'USER_ACCESSING' ? 'USER_ACCESSING' : 'USER_DEPLOYING';
    const access = (['MYSELF', 'DOMAIN', 'ANYONE', 'ANYONE_ANONYMOUS'] as const).find((a) => a === m.webapp?.access) ?? 'ANYONE';
    return { executeAs, access };
  } catch {
    return { executeAs: 'USER_DEPLOYING', access: 'ANYONE' };
  }
}
