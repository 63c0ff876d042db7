/**
 * The bench's world: dist/Code.js loaded into the local Workspace with its manifest, and driven only through its
 * entry points (form-submit trigger, doGet/doPost, google.script.run functions, the timer), as Apps Script runs it.
 *
 * fill(n) leaves every growing tab (Requests, Audit, Outbox, Intake log) with the rows n real requests leave: a
 * few requests are driven for real (submitted through the linked form, approved or rejected from the email link,
 * ordered from the sidebar, their mail sent by the timer), then their rows are copied under fresh ids up to n.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScript, type LoadedScript } from '../src/local/runtime';
import { createWorkspace, type Workspace } from '../src/local/workspace';
import { purchaseApproval } from '../src/templates';

export const OWNER = 'ada@acme.test';
export const RITA = 'rita@acme.test';
export const MAX = 'max@acme.test';
export const PAT = 'pat@acme.test';
export const OLGA = 'olga@acme.test';

/** The approvers take each approval email at once (the default is a daily digest): the bench times its links. */
const PEOPLE: unknown[][] = [
  [RITA, 'Rita Requester', '', MAX, '', '', '', '', ''],
  [MAX, 'Max Manager', 'manager', '', '', '', '', '', 'immediate'],
  ['fay@acme.test', 'Fay Finance', 'finance', '', '', '', '', '', 'immediate'],
  [PAT, 'Pat Procurement', 'procurement', '', '', '', '', '', ''],
  ['lee@acme.test', 'Lee Lead', 'procurement-leads', '', '', '', '', '', ''],
  [OLGA, 'Olga Operator', 'operator', '', '', '', '', '', ''],
];

/** How many requests fill() drives for real before copying their rows. */
export const REAL_REQUESTS = 10;
const GROWING_TABS = ['Requests', 'Audit', 'Outbox', 'Intake log'] as const;

export interface RunOpts {
  as?: string;
  /** The user the execution runs as (default: `as` for google.script.run, the owner for triggers). */
  runAs?: string;
  kind?: 'installable-trigger' | 'time-trigger' | 'web-app' | 'script-run' | 'menu' | 'addon-card';
}

export interface World {
  ws: Workspace;
  script: LoadedScript;
  spreadsheetId: string;
  formId: string;
  /** One execution of an entry point of dist/Code.js. */
  run<T = unknown>(fn: string, args?: unknown[], opts?: RunOpts): T;
  /** A response to the linked form, by Rita (or `as`): the form-submit trigger runs in dist/Code.js. */
  submit(item: string, amount?: number, more?: Record<string, string>, as?: string): { responseId: string; status: string };
  /** The timer (the one time-driven trigger). */
  timer(): unknown;
  /** The approve link of the newest approval email for a request in the approver's inbox. */
  approveLink(requestId: string, approver?: string): string;
  get(url: string, as: string): { status: number; title?: string };
  post(url: string, fields: Record<string, string>, as: string): { status: number; title?: string };
  values(tab: string): unknown[][];
  /** Caches expire (CacheService keeps entries 6 hours at most): what a next-day user meets. */
  expireCaches(): void;
  /** Rows per growing tab. */
  counts(): Record<string, number>;
}

export function distPath(file: string): string {
  return join(__dirname, '..', 'dist', file);
}

export function createWorld(): World {
  if (!existsSync(distPath('Code.js'))) throw new Error('dist/Code.js is missing: npm run bench builds it first');
  const ws = createWorkspace({ owner: OWNER, start: Date.UTC(2026, 0, 5, 9, 0, 0), timeZone: 'Etc/UTC' });
  const spreadsheetId = ws.sheets.create('Handoff', { owner: OWNER, bind: true });
  ws.sheets.setActive(spreadsheetId);
  for (const p of [MAX, PAT, OLGA, RITA]) ws.sheets.get(spreadsheetId).share(p, 'editor');
  const script = loadScript(ws, readFileSync(distPath('Code.js'), 'utf8'), 'Code.js');
  ws.advanced.applyManifest(JSON.parse(readFileSync(distPath('appsscript.json'), 'utf8')));
  ws.webapp.deploy({ executeAs: 'USER_DEPLOYING', access: 'ANYONE', deployer: OWNER });
  // docs/deploy.md: a second deployment open to "Anyone" for the Gmail card and the sidebar relay.
  const relay = ws.webapp.addDeployment({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS', deployer: OWNER });
  ws.kernel.meter.unmetered(() => ws.globals.PropertiesService.getScriptProperties().setProperty('HANDOFF_CARD_API_URL', relay));

  const run = <T>(fn: string, args: unknown[] = [], opts: RunOpts = {}): T => {
    const as = opts.as ?? OWNER;
    const kind = opts.kind ?? 'script-run';
    const runAs = opts.runAs ?? (kind === 'script-run' ? as : OWNER);
    return script.call(fn, args, { activeUser: as, effectiveUser: runAs, kind }) as T;
  };
  const unmetered = <T>(fn: () => T): T => ws.kernel.meter.unmetered(fn);

  unmetered(() => {
    run('handoffSetUp');
    ws.sheets.get(spreadsheetId).write('Directory', 'A3', PEOPLE);
    run('handoffSetUp'); // Set up / repair after adding people: operators may then edit the governed tabs
    run('handoffPublishWorkflow', [purchaseApproval]);
    ws.ui.answerPrompt('new');
    ws.ui.answerPrompt('purchase-approval');
    run('handoffLinkForm');
  });
  const formId = ws.forms.list().at(-1)!.id;

  const world: World = {
    ws,
    script,
    spreadsheetId,
    formId,
    run,
    submit(item, amount = 250, more = {}, as = RITA) {
      const answers = { Item: item, Amount: String(amount), 'Cost centre': 'Operations', Justification: 'needed', ...more };
      const r = ws.forms.submitAs(formId, as, answers);
      const status = (r.runs[0]?.result as { status?: string } | undefined)?.status ?? (r.runs[0]?.ok ? 'ok' : 'error');
      return { responseId: r.responseId, status };
    },
    timer: () => run('handoffTimerRun', [], { kind: 'time-trigger' }),
    approveLink: (requestId, approver = MAX) => emailLink(world, requestId, 'Approve', approver),
    get: (url, as) => ws.webapp.get(url, { as }),
    post: (url, fields, as) => ws.webapp.post(url, fields, { as }),
    values: (tab) => ws.sheets.get(spreadsheetId).values(tab),
    expireCaches: () => unmetered(() => ws.caches.caches.clear()),
    counts: () => Object.fromEntries(GROWING_TABS.map((t) => [t, Math.max(0, world.values(t).length - 1)])),
  };
  return world;
}

/** The link labelled `label` in the newest approval email for a request in the approver's inbox. */
export function emailLink(w: World, requestId: string, label: 'Approve' | 'Reject', approver = MAX): string {
  const msg = [...w.ws.mail.inbox(approver)].reverse().find((m) => m.subject.startsWith(`[${requestId}]`) && /approval/i.test(m.subject));
  if (!msg) throw new Error(`no approval email for ${requestId} in ${approver}'s inbox`);
  const m = new RegExp(`<a href="([^"]+)"[^>]*>${label}</a>`).exec(msg.htmlBody ?? '');
  if (!m) throw new Error(`the approval email for ${requestId} has no ${label} link`);
  return m[1]!.replace(/&amp;/g, '&');
}

export const tokenOf = (url: string): string => decodeURIComponent(/[?&]t=([^&]+)/.exec(url)?.[1] ?? '');

/** The confirm page's POST for a link (its button sends confirmed=1). */
export function confirmPost(w: World, url: string, as: string, comment = ''): { status: number; title?: string } {
  const fields: Record<string, string> = { t: tokenOf(url), confirmed: '1' };
  // The confirm page's form sends back the row hint the link carries.
  const row = /[?&]r=(\d+)/.exec(url)?.[1];
  if (row) fields.r = row;
  if (comment) fields.comment = comment;
  return w.post(url.slice(0, url.indexOf('?')), fields, as);
}

/** Decides a pending request from its approval email (GET the confirm page, POST its button), as the approver. */
export function decideByEmail(w: World, requestId: string, decision: 'approve' | 'reject'): string | undefined {
  const url = emailLink(w, requestId, decision === 'approve' ? 'Approve' : 'Reject');
  w.get(url, MAX);
  return confirmPost(w, url, MAX, decision === 'reject' ? 'Not this quarter' : '').title;
}

/** Drives `k` requests for real: form → approval email → decision → (approved) ordered from the sidebar. */
function driveReal(w: World, k: number): void {
  const { ws } = w;
  for (let i = 0; i < k; i++) {
    // The PO number comes with the form (a form request's fields change only through the form).
    const sub = w.submit(`Item ${i + 1}`, 100 + i, { 'PO number': `PO-${i + 1}` });
    if (sub.status !== 'created') throw new Error(`submission ${i + 1}: ${sub.status}`);
    w.timer(); // sends the receipt and the approval request
    const id = lastRequestId(w);
    const rejected = i % 5 === 4;
    decideByEmail(w, id, rejected ? 'reject' : 'approve');
    if (!rejected) {
      const req = w.run<{ revision: number }>('handoffGetRequest', [id]);
      w.run('handoffPanelAct', [{ requestId: id, expectedRevision: req.revision, action: { type: 'transition', name: 'mark_ordered' } }], {
        as: PAT,
      });
    }
    w.timer();
    ws.kernel.clock.advance(60 * 60 * 1000);
  }
}

export function lastRequestId(w: World): string {
  const rows = w.values('Requests');
  return String(rows[rows.length - 1]?.[0] ?? '');
}

/**
 * Copies the real requests' rows, each request's rows under a fresh id, until Requests holds n rows; the request
 * id sequence moves on past them. Audit rows get fresh Seq numbers (their hashes are copies: the bench does not
 * verify the chain).
 */
function synthesize(w: World, n: number): void {
  const { ws, spreadsheetId } = w;
  const ss = ws.sheets.get(spreadsheetId);
  const tabs = Object.fromEntries(GROWING_TABS.map((t) => [t, w.values(t)])) as Record<string, unknown[][]>;
  const real = tabs.Requests!.slice(1).map((r) => String(r[0]));
  const have = real.length;
  if (n <= have) return;
  const colOf = (tab: string, name: string) => (tabs[tab]![0] as unknown[]).indexOf(name);
  const byRequest = (tab: string, col: string): Map<string, unknown[][]> => {
    const i = colOf(tab, col);
    const m = new Map<string, unknown[][]>();
    for (const r of tabs[tab]!.slice(1)) {
      const key = String(r[i]);
      const list = m.get(key) ?? [];
      list.push(r);
      m.set(key, list);
    }
    return m;
  };
  const audit = byRequest('Audit', 'Request');
  const intake = byRequest('Intake log', 'Request');
  const outboxCol = colOf('Outbox', 'Payload');
  const outbox = new Map<string, unknown[][]>();
  for (const r of tabs.Outbox!.slice(1)) {
    const id = /"requestId":"([^"]+)"/.exec(String(r[outboxCol]))?.[1] ?? '';
    outbox.set(id, [...(outbox.get(id) ?? []), r]);
  }
  const out: Record<string, unknown[][]> = { Requests: [], Audit: [], Outbox: [], 'Intake log': [] };
  const swap = (row: unknown[], from: string, to: string, extra: (r: unknown[]) => void = () => undefined): unknown[] => {
    const copy = row.map((v) => (typeof v === 'string' && v.includes(from) ? v.split(from).join(to) : v));
    extra(copy);
    return copy;
  };
  let seq = tabs.Audit!.length - 1;
  const seqCol = colOf('Audit', 'Seq');
  const outIdCol = colOf('Outbox', 'ID');
  const respCol = colOf('Intake log', 'Response ID');
  for (let k = have + 1; k <= n; k++) {
    const tmpl = real[(k - 1) % have]!;
    const id = `PR-${String(k).padStart(6, '0')}`;
    out.Requests!.push(swap(tabs.Requests!.find((r) => r[0] === tmpl)!, tmpl, id));
    for (const r of audit.get(tmpl) ?? []) out.Audit!.push(swap(r, tmpl, id, (c) => (c[seqCol] = ++seq)));
    (outbox.get(tmpl) ?? []).forEach((r, j) => out.Outbox!.push(swap(r, tmpl, id, (c) => (c[outIdCol] = `synthetic-${k}-${j}`))));
    for (const r of intake.get(tmpl) ?? []) out['Intake log']!.push(swap(r, tmpl, id, (c) => (c[respCol] = `synthetic-response-${k}`)));
  }
  ws.kernel.meter.unmetered(() => {
    const app = ws.globals.SpreadsheetApp;
    for (const [tab, rows] of Object.entries(out)) {
      if (!rows.length) continue;
      const sheet = app.openById(spreadsheetId).getSheetByName(tab)!;
      const first = tabs[tab]!.length + 1;
      const need = first + rows.length - 1 - sheet.getMaxRows();
      if (need > 0) sheet.insertRowsAfter(sheet.getMaxRows(), need);
      ss.write(tab, `A${first}`, rows);
    }
    // The id sequence moves past the copies, as if they had been created here.
    const props = ws.globals.PropertiesService.getScriptProperties();
    const key = Object.keys(props.getProperties()).find((k) => k.endsWith(':seq:PR'));
    if (key) props.setProperty(key, String(n));
  });
}

/**
 * How requests arrive and are decided when they overlap as at a steady rate (filledWorld's `steady` option).
 * `perDay` requests a day arrive evenly around the clock (86.4 s apart at 1,000 a day); the installed timer runs at
 * its own period (10 minutes for a bound script: DEFAULT_BOUND_PERIOD_MINUTES), so each run sends the mail of
 * every request submitted or decided since the previous one. Each approver decides from the email 15 to 120
 * minutes after it was sent (spread, not in turn), and procurement orders 30 minutes to 4 hours after approval.
 */
export interface SteadyRate {
  perDay: number;
}

const MINUTE = 60_000;
/** A spread of whole minutes in [lo, hi] that looks irregular but is the same at every run of the bench. */
const spread = (i: number, salt: number, lo: number, hi: number): number => lo + ((i * 7919 + salt * 104_729) % (hi - lo + 1));

/**
 * Drives `k` requests for real, overlapping at a steady rate: submissions `DAY / perDay` apart, the installed timer
 * firing at its real period in between (ws.triggers.advanceTo: every scheduled run at its own instant), decisions and
 * orders at their own times. Every fifth request is rejected, the others approved and ordered, as driveReal does.
 */
function driveSteady(w: World, k: number, rate: SteadyRate): void {
  const { ws } = w;
  const start = ws.kernel.clock.now();
  const gap = 86_400_000 / rate.perDay;
  type Step = { at: number; i: number; kind: 'submit' | 'decide' | 'order'; id?: string };
  const queue: Step[] = Array.from({ length: k }, (_, i) => ({ at: start + i * gap, i, kind: 'submit' as const }));
  const push = (s: Step) => {
    const j = queue.findIndex((q) => q.at > s.at);
    if (j < 0) queue.push(s);
    else queue.splice(j, 0, s);
  };
  while (queue.length) {
    const step = queue.shift()!;
    if (step.at > ws.kernel.clock.now()) ws.triggers.advanceTo(step.at);
    const i = step.i;
    if (step.kind === 'submit') {
      const sub = w.submit(`Item ${i + 1}`, 100 + (i % 900), { 'PO number': `PO-${i + 1}` });
      if (sub.status !== 'created') throw new Error(`submission ${i + 1}: ${sub.status}`);
      push({ at: step.at + spread(i, 1, 15, 120) * MINUTE, i, kind: 'decide', id: lastRequestId(w) });
    } else if (step.kind === 'decide') {
      const rejected = i % 5 === 4;
      try {
        decideByEmail(w, step.id!, rejected ? 'reject' : 'approve');
      } catch (e) {
        // The approval email is not out yet (the timer had not run since): the approver decides after the next run.
        if (!/no approval email/.test(String(e))) throw e;
        push({ ...step, at: step.at + 10 * MINUTE });
        continue;
      }
      if (!rejected) push({ at: step.at + spread(i, 2, 30, 240) * MINUTE, i, kind: 'order', id: step.id });
    } else {
      const req = w.run<{ revision: number }>('handoffGetRequest', [step.id]);
      w.run(
        'handoffPanelAct',
        [{ requestId: step.id, expectedRevision: req.revision, action: { type: 'transition', name: 'mark_ordered' } }],
        {
          as: PAT,
        },
      );
    }
  }
  // The runs that send the last decisions' mail.
  ws.triggers.advance(60 * MINUTE);
}

/**
 * A world whose growing tabs hold what n real requests leave. By default REAL_REQUESTS are driven one at a time
 * and copied up to n; with `steady`, min(n, steady count) are driven overlapping at that rate (driveSteady).
 */
export function filledWorld(n: number, opts: { steady?: SteadyRate & { requests: number } } = {}): World {
  const w = createWorld();
  const steady = opts.steady;
  w.ws.kernel.meter.unmetered(() =>
    steady ? driveSteady(w, Math.min(n, steady.requests), steady) : driveReal(w, Math.min(n, REAL_REQUESTS)),
  );
  synthesize(w, n);
  return w;
}
