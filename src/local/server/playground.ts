/**
 * The playground's state: one local Workspace running the real dist/Code.js (through src/local/runtime), its
 * bound spreadsheet, the deployed web app, and the data folder it is saved to. Everything a page or the JSON
 * API does goes through here, as a person: a form submission, a web-app visit, a google.script.run call, the
 * clock. Nothing here re-implements Handoff: it only calls the add-on's own top-level functions.
 *
 * Executions run on a pool of worker threads, at the same time as each other (executions.ts); the script is
 * compiled once per thread and each execution starts with fresh globals. Methods that run the script are async.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionKind } from '../kernel/execution';
import { type ExecutionPool, type LoadedScript, loadScript } from '../runtime';
import type { FormData } from '../services/forms/model';
import type { MailMessage } from '../services/mail';
import type { WebResponse } from '../services/webapp';
import { createWorkspace, type Workspace } from '../workspace';
import { isCallable, runCallable } from './callable';
import { ClockRunner } from './clock-runner';
import { runView, triggerView, type TriggerRunView, type TriggerView } from './clock';
import { DEMO_OWNER, DEMO_START } from './demo';
import { BadRequest } from './errors';
import { Executions } from './executions';
import { GmailPanel } from './gmail';
import { MenuRuns } from './menu-runs';
import { editResponse, findForm, type FormSubmitted, submitForm } from './forms';
import { findPerson, type Person, readPeople } from './people';
import type { PlaygroundOptions } from './playground-options';
import { Saver } from './saver';
import { cardApiDeployment, seedDemo } from './seed';
import { OPEN_PANEL, sidebarOpened } from './sidebar';
import { readHtmlFiles, readManifest, readManifestJson, takeSavedState } from './state-file';
import { actionLinksOf, execPathOf, localizeHtml, postBody } from './web-links';

export type { PlaygroundOptions };

export class Playground {
  /** Bumps on every change; pages poll it to refresh. */
  version = 0;
  /** What seeding did, step by step (shown on the home page). */
  seedLog: string[] = [];
  readonly executions: Executions;
  readonly clock: ClockRunner;
  /** The Gmail add-on's side panel: card stacks of open messages (gmail.ts). */
  readonly gmail: GmailPanel;
  /** The Handoff menu: items run as a person, their questions answered in the page (menu-runs.ts). */
  readonly menus: MenuRuns;
  private readonly saver: Saver;

  private constructor(
    readonly ws: Workspace,
    readonly script: LoadedScript,
    readonly opts: PlaygroundOptions,
    readonly restored: boolean,
    pool: ExecutionPool,
    /** The build's appsscript.json (the Gmail add-on's trigger, the web app, advanced services). */
    readonly manifest: Record<string, unknown>,
  ) {
    this.executions = new Executions(ws, script, pool);
    ws.setInvoker(this.executions);
    this.clock = new ClockRunner(this);
    this.gmail = new GmailPanel(this);
    this.menus = new MenuRuns(this);
    this.saver = new Saver(
      opts.dataDir,
      () => ({ seedLog: this.seedLog, workspace: this.ws.persistence.toJSON() }),
      opts.log,
      // A save while the clock moves would hold up its timer runs: it waits for the advance to end.
      () => this.clock.advancing() !== null,
    );
  }

  // ---- start and stop -------------------------------------------------------------------------------

  static async open(opts: PlaygroundOptions): Promise<Playground> {
    const log = opts.log ?? (() => undefined);
    const codePath = join(opts.distDir, 'Code.js');
    if (!existsSync(codePath)) throw new Error(`${codePath} is missing: run \`npm run build\` first (npm start does).`);
    const { file, saved } = takeSavedState(opts.dataDir, opts.reset === true, log);

    const ws = createWorkspace({ owner: DEMO_OWNER, start: DEMO_START, timeZone: 'Etc/UTC' });
    // Compile once, run the top level once per thread; every execution still starts with fresh globals.
    const script = loadScript(ws, readFileSync(codePath, 'utf8'), 'Code.js', { reuseContext: true });
    // The advanced services the build's manifest enables (Sheets), as Apps Script installs them.
    const manifest = readManifestJson(opts.distDir);
    ws.advanced.applyManifest(manifest);
    // The project's HTML files as they were at start (a deployment does not change when files are rebuilt).
    ws.html.setFiles(readHtmlFiles(opts.distDir));
    const pool = script.pool({ size: opts.workers ?? 2, max: Math.max(4, opts.workers ?? 2) });
    const p = new Playground(ws, script, opts, saved !== null, pool, manifest);
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
      // Seeding runs alone, in this thread: fast, and nothing else is running yet.
      p.seedLog = opts.seed !== false ? [...deployed, ...(await p.executions.alone(() => seedDemo(p)))] : deployed;
      for (const line of p.seedLog) log(`seed: ${line}`);
    }
    p.save();
    return p;
  }

  /** Saves what is pending and stops the worker threads. */
  async close(): Promise<void> {
    await this.saver.settled();
    this.saver.flush();
    await this.executions.pool.close();
  }

  // ---- persistence ----------------------------------------------------------------------------------

  /** Writes the state to the data folder now (atomically: a temporary file renamed over the old one). */
  save(): void {
    this.saver.flush();
  }

  /** Marks a change: pages refresh, the state is saved soon (changes close together are saved once). */
  changed(): void {
    this.version++;
    this.saver.soon();
  }

  // ---- people ---------------------------------------------------------------------------------------

  get spreadsheetId(): string {
    const id = this.ws.sheets.activeId;
    if (!id) throw new Error('The playground has no bound spreadsheet');
    return id;
  }

  /** Everyone in the Directory tab, and the owner. */
  people(): Person[] {
    return readPeople(this.ws, this.spreadsheetId);
  }

  /** The person named, or a 400 naming who exists. */
  person(as: unknown): Person {
    return findPerson(this.people(), as);
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
  run(fn: unknown, args: unknown, as: unknown): Promise<unknown> {
    return runCallable(this, fn, args, as);
  }

  /** Whom a sidebar call by `as` runs as (PlaygroundOptions.sidebarRunsAs). */
  sidebarUser(as: string): string {
    return this.opts.sidebarRunsAs === 'owner' ? DEMO_OWNER : as;
  }

  /** One execution of a top-level function; Handoff's own entry points only. Resolves with its value. */
  execute(fn: string, args: unknown[], as: string, kind: ExecutionKind, effectiveUser = as): Promise<unknown> {
    return this.executions.run(fn, args, { activeUser: as, effectiveUser, kind });
  }

  // ---- sidebar --------------------------------------------------------------------------------------

  /** Opens the panel as `as` through the add-on's own menu function; returns the sidebar it showed. */
  async sidebarHtml(as: string): Promise<{ html: string; title: string }> {
    if (!this.script.hasFunction(OPEN_PANEL))
      throw new BadRequest(`This build of Handoff has no ${OPEN_PANEL} function (the panel is not in dist/Code.js).`, 404);
    return sidebarOpened(this.ws, as, () => this.execute(OPEN_PANEL, [], as, 'menu', this.sidebarUser(as)));
  }

  // ---- forms ----------------------------------------------------------------------------------------

  forms(): FormData[] {
    return this.ws.forms.list();
  }

  /** The form named, or the latest one (the one the add-on linked last). */
  form(formId?: unknown): FormData {
    return findForm(this.forms(), formId);
  }

  /** Submits the form as a person, through Google Forms' validation; resolves once the form-submit triggers ran. */
  submitForm(formId: unknown, as: unknown, answers: unknown): Promise<FormSubmitted> {
    return submitForm(this, formId, as, answers);
  }

  /** The respondent changes a response through its edit link (…/viewform?edit2=token); the triggers fire as for an edit. */
  editResponse(token: unknown, answers: unknown): Promise<FormSubmitted> {
    return editResponse(this, token, answers);
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
    return actionLinksOf(m.body, this.webAppUrl());
  }

  webAppUrl(): string {
    const u = this.ws.webapp.url();
    if (!u) throw new Error('The web app is not deployed');
    return u;
  }

  /** Rewrites the deployed web app's URL (and Google Docs links) to the playground's own routes. */
  localize(html: string): string {
    return localizeHtml(html, this.webAppUrl());
  }

  /** Turns a link from an email (the real /exec URL, or a local /exec one) into the path the web app sees. */
  execPath(url: unknown): string {
    return execPathOf(url, this.webAppUrl());
  }

  /** A visit to the web app as a person: GET runs doGet (changes nothing), POST runs doPost. */
  async visit(method: unknown, url: unknown, as: unknown, body?: unknown, contentType?: string): Promise<WebResponse> {
    const m = typeof method === 'string' ? method.toUpperCase() : 'GET';
    if (m !== 'GET' && m !== 'POST') throw new BadRequest(`"method" must be GET or POST, got ${JSON.stringify(method)}`);
    const person = this.person(as);
    const path = this.execPath(url);
    if (m === 'GET') return this.ws.webapp.request('GET', path, { as: person.email });
    const b = postBody(body);
    try {
      return await this.ws.webapp.request('POST', path, {
        as: person.email,
        body: b,
        ...(typeof b === 'string' ? { contentType: contentType ?? 'application/x-www-form-urlencoded' } : {}),
      });
    } finally {
      this.changed();
    }
  }

  // ---- clock ----------------------------------------------------------------------------------------

  now(): number {
    return this.ws.kernel.clock.now();
  }

  /** Moves simulated time forward, firing every time-driven trigger that falls due on the way (clock-runner.ts). */
  advance(by: { ms?: unknown; to?: unknown }): Promise<{ from: string; now: string; runs: TriggerRunView[] }> {
    return this.clock.advance(by);
  }

  /** The last n trigger runs, newest first. */
  recentRuns(n: number): TriggerRunView[] {
    return this.ws.triggers.store.runs.slice(-n).reverse().map(runView);
  }

  triggers(): TriggerView[] {
    return this.ws.triggers.list().map(triggerView);
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
