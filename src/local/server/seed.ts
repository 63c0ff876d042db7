/**
 * The demo a fresh playground starts with, made by driving the real add-on (dist/Code.js) the way people would:
 * the owner sets up and publishes the purchase-approval template from the add-on's own template list, adds the
 * people, links a generated form (the menu item, answering its prompt), then requesters submit the form and
 * approvers press the buttons in their emails. Steps whose feature is not in this build are skipped and say so.
 */
import type { ExecutionKind } from '../kernel/execution';
import type { LoadedScript } from '../runtime';
import type { FormData } from '../services/forms/model';
import type { MailMessage } from '../services/mail';
import type { WebResponse } from '../services/webapp';
import type { Workspace } from '../workspace';
import type { TriggerRunView } from './clock';
import { DEMO_CHAT_SPACE, DEMO_OWNER, DEMO_PEOPLE, DEMO_WORKFLOW, type DemoPerson } from './demo';

export { DEMO_CHAT_SPACE, DEMO_PEOPLE, DEMO_WORKFLOW, type DemoPerson };

/**
 * What the demo drives: the playground's controls it uses. Declared here (the Playground class has them) so that
 * seed.ts does not import playground.ts, which imports seed.ts.
 */
export interface Playground {
  readonly ws: Workspace;
  readonly script: Pick<LoadedScript, 'hasFunction'>;
  readonly spreadsheetId: string;
  execute(fn: string, args: unknown[], as: string, kind: ExecutionKind, effectiveUser?: string): Promise<unknown>;
  forms(): FormData[];
  form(formId?: unknown): FormData;
  submitForm(formId: unknown, as: unknown, answers: unknown): Promise<{ responseId: string; row: number | null; runs: TriggerRunView[] }>;
  inbox(as: unknown): MailMessage[];
  visit(method: unknown, url: unknown, as: unknown, body?: unknown, contentType?: string): Promise<WebResponse>;
  advance(by: { ms?: unknown; to?: unknown }): Promise<unknown>;
  tab(name: unknown): { name: string; rows: string[][] };
}

/** The demo's requests: who submits what through the form, and who approves it from their email. */
export const DEMO_REQUESTS: ReadonlyArray<{ as: string; answers: Record<string, string>; approvals: string[] }> = [
  {
    as: 'rita@acme.test',
    answers: {
      Item: 'Standing desk',
      Amount: '450',
      Vendor: 'Deskworks',
      'Cost centre': 'Operations',
      Justification: 'Back pain; the ergonomic review recommends one.',
    },
    approvals: ['max@acme.test'],
  },
  {
    as: 'sam@acme.test',
    answers: {
      Item: 'Trade-show booth',
      Amount: '7800',
      Vendor: 'ExpoHall',
      'Cost centre': 'Marketing',
      Justification: 'Spring fair: 40 qualified leads last year.',
    },
    approvals: ['max@acme.test'],
  },
  {
    as: 'rita@acme.test',
    answers: {
      Item: 'Noise-cancelling headphones',
      Amount: '249.99',
      Vendor: 'SoundCo',
      'Cost centre': 'Engineering',
      Justification: 'Open-plan office; focus time.',
    },
    approvals: [],
  },
];

/** The script property the Gmail card and the sidebar relay call the web app at (src/gas/gmail/card.ts CARD_API_URL_PROPERTY). */
export const CARD_API_URL_PROPERTY = 'HANDOFF_CARD_API_URL';

/**
 * What docs/deploy.md asks an admin to do: UrlFetchApp carries no Google sign-in, so the Gmail card and the
 * sidebar relay need a deployment open to "Anyone" (ANYONE_ANONYMOUS), while the manifest's own deployment keeps
 * "Anyone with a Google account". A second deployment, executing as the owner, and HANDOFF_CARD_API_URL set to it.
 */
export function cardApiDeployment(p: Playground): string[] {
  const url = p.ws.webapp.addDeployment({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS', deployer: DEMO_OWNER });
  p.ws.globals.PropertiesService.getScriptProperties().setProperty(CARD_API_URL_PROPERTY, url); // Project settings › Script properties
  return [
    `created a second web app deployment open to "Anyone" for the Gmail card and the sidebar relay, and set ${CARD_API_URL_PROPERTY} to it (docs/deploy.md)`,
  ];
}

export async function seedDemo(p: Playground): Promise<string[]> {
  const log: string[] = [];
  const has = (fn: string) => p.script.hasFunction(fn);
  const call = (fn: string, args: unknown[] = [], as = DEMO_OWNER, kind: 'menu' | 'script-run' | 'time-trigger' = 'menu') =>
    p.execute(fn, args, as, kind);

  // 1. The owner opens the sheet and runs Set up / repair.
  await call('onOpen', [{ authMode: 'FULL' }], DEMO_OWNER, 'menu');
  await call('handoffSetUp');
  log.push('set up the governed sheet (Handoff > Set up / repair, as the owner)');

  // 2. People: the add-on's own Directory editor when present, otherwise nothing (the owner alone).
  const ss = p.ws.sheets.get(p.spreadsheetId);
  for (const person of DEMO_PEOPLE) ss.share(person.email, 'editor');
  if (has('handoffPanelSavePerson')) {
    for (const person of DEMO_PEOPLE) {
      await call(
        'handoffPanelSavePerson',
        [
          {
            email: person.email,
            name: person.name,
            roles: person.roles,
            manager: person.manager ?? '',
            ...(person.delivery ? { delivery: person.delivery } : {}),
            ...(person.delegate ? { delegate: person.delegate } : {}),
            ...(person.away ? { awayFrom: person.away.from, awayTo: person.away.to } : {}),
          },
        ],
        DEMO_OWNER,
        'script-run',
      );
    }
    log.push(`added ${DEMO_PEOPLE.length} people to the Directory (the panel's people editor, as the owner)`);
    for (const { name, delegate, away } of DEMO_PEOPLE)
      if (delegate && away)
        log.push(`${name} is away ${away.from} to ${away.to}; ${delegate} acts for them meanwhile (Delegate while away)`);
  } else {
    log.push('skipped the people: this build has no handoffPanelSavePerson');
  }

  // 2b. A Chat space for the procurement queue: Chat makes the webhook, the admin pastes it into the panel.
  if (has('handoffPanelSaveChatSpace')) {
    const webhookUrl = p.ws.chat.createSpace(DEMO_CHAT_SPACE);
    await call('handoffPanelSaveChatSpace', [{ name: DEMO_CHAT_SPACE, webhookUrl, queues: ['procurement'] }], DEMO_OWNER, 'script-run');
    log.push(
      `made the Chat space "${DEMO_CHAT_SPACE}" with an incoming webhook; the procurement queue is told there (Admin › Settings › Chat spaces)`,
    );
  }

  // 3. The purchase-approval template, from the add-on's own template list.
  let definition: unknown = null;
  if (has('handoffPanelTemplates')) {
    const list = (await call('handoffPanelTemplates', [{}], DEMO_OWNER, 'script-run')) as {
      templates: Array<{ id: string; definition: unknown }>;
    };
    definition = list.templates.find((t) => t.id === DEMO_WORKFLOW)?.definition ?? null;
  }
  if (definition && has('handoffPanelPublishWorkflow')) {
    const r = (await call('handoffPanelPublishWorkflow', [{ definition }], DEMO_OWNER, 'script-run')) as {
      ok: boolean;
      problems?: unknown[];
    };
    if (!r.ok) throw new Error(`seed: publishing the ${DEMO_WORKFLOW} template failed: ${JSON.stringify(r.problems)}`);
    log.push(`published the ${DEMO_WORKFLOW} template (version 1)`);
  } else {
    log.push(`skipped publishing: this build has no template list / publish function`);
    return log;
  }

  // 4. A generated form, linked by the menu item (its prompt answered with the workflow id).
  const before = p.ws.ui.alerts.length;
  const formsBefore = p.forms().length;
  if (has('handoffLinkForm')) {
    p.ws.ui.answerPrompt('new', 'OK');
    p.ws.ui.answerPrompt(DEMO_WORKFLOW, 'OK');
    await call('handoffLinkForm');
  } else if (has('handoffLinkFormGenerate')) {
    p.ws.ui.answerPrompt(DEMO_WORKFLOW, 'OK');
    await call('handoffLinkFormGenerate');
  }
  const linked = p.forms().length > formsBefore;
  if (linked) log.push(`generated and linked the form "${p.form().title}" (Handoff > Link a form, answering "new" and "${DEMO_WORKFLOW}")`);
  else
    log.push(
      `no form was linked (${
        p.ws.ui.alerts
          .slice(before)
          .map((a) => a.prompt)
          .join(' ') || 'this build has no Link a form function'
      })`,
    );

  // 5. Triggers > Install: the on-edit trigger that governs hand edits, and the timer when set-up did not install it.
  if (has('handoffMenuInstallTriggers')) await call('handoffMenuInstallTriggers');
  const clock = p.ws.triggers.list().filter((t) => t.eventType === 'CLOCK');
  log.push(
    clock.length
      ? `timers installed (${clock.map((t) => t.handler).join(', ')})`
      : 'no time-driven trigger in this build (timers not wired yet)',
  );
  const onEdit = p.ws.triggers.list().filter((t) => t.eventType === 'ON_EDIT');
  if (onEdit.length)
    log.push(
      `on-edit trigger installed (${onEdit.map((t) => t.handler).join(', ')}): hand edits to Requests and Audit are governed (Handoff > Triggers > Install)`,
    );

  // 6. Requests through the form, each approved from the approver's email as they would.
  if (!linked) return log;
  for (const r of DEMO_REQUESTS) {
    await p.advance({ ms: 20 * 60_000 }); // a little time between requests (the timers run on the way)
    const sub = await p.submitForm(undefined, r.as, r.answers);
    const failed = sub.runs.filter((x) => !x.ok);
    if (failed.length) log.push(`form submitted by ${r.as}, but ${failed.map((f) => `${f.handler}: ${f.error}`).join('; ')}`);
    const id = newestRequestId(p, r.as);
    log.push(`${r.as} submitted "${r.answers.Item}" through the form${id ? ` → ${id}` : ''}`);
    for (const approver of r.approvals) {
      if (!id) break;
      const ok = await decideFromEmail(p, approver, id, 'approve');
      log.push(
        ok ? `${approver} approved ${id} from the email (confirm page, then the button)` : `${approver} had no approval email for ${id}`,
      );
    }
  }
  await p.advance({ ms: 20 * 60_000 }); // the timers send what the last steps queued
  await flushOutbox(p); // and, in a build without timers, the Outbox is sent all the same
  return log;
}

/** The newest request of a requester, read from the Requests tab. */
export function newestRequestId(p: Playground, requester: string): string | null {
  const t = p.tab('Requests');
  const head = t.rows[0] ?? [];
  const idCol = head.indexOf('ID');
  const reqCol = head.indexOf('Requester');
  const rows = t.rows.slice(1).filter((r) => reqCol < 0 || (r[reqCol] ?? '').toLowerCase() === requester.toLowerCase());
  const last = rows[rows.length - 1];
  return last && idCol >= 0 ? last[idCol] || null : null;
}

/** Sends what waits in the Outbox (the timers do this every run; seeding does not wait for them). */
export async function flushOutbox(p: Playground): Promise<void> {
  if (p.script.hasFunction('handoffFlushOutbox')) await p.execute('handoffFlushOutbox', [], DEMO_OWNER, 'time-trigger');
}

/** The action links of the newest approval email about a request in someone's inbox. */
export async function approvalLinks(
  p: Playground,
  who: string,
  requestId: string,
): Promise<Record<'approve' | 'reject' | 'request_changes', string> | null> {
  const find = (): MailMessage | undefined => p.inbox(who).find((m) => m.subject.includes(requestId) && /Approve: /.test(m.body));
  let m = find();
  if (!m) {
    await flushOutbox(p);
    m = find();
  }
  if (!m) return null;
  const link = (label: string) => new RegExp(`^${label}: (\\S+)`, 'm').exec(m!.body)?.[1] ?? '';
  return { approve: link('Approve'), reject: link('Reject'), request_changes: link('Request changes') };
}

/** Opens the link (GET: the confirm page), then presses its button (POST with the page's fields). */
export async function decideFromEmail(
  p: Playground,
  who: string,
  requestId: string,
  decision: 'approve' | 'reject' | 'request_changes',
  comment = '',
): Promise<boolean> {
  const links = await approvalLinks(p, who, requestId);
  if (!links?.[decision]) return false;
  const page = await p.visit('GET', links[decision], who);
  const fields = formFields(page.body);
  if (!('t' in fields)) return false;
  await p.visit('POST', links[decision].replace(/\?.*$/, ''), who, { ...fields, comment, confirmed: '1' });
  return true;
}

/** The hidden inputs of the first form in a page (attribute values unescaped). */
export function formFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const form = /<form\b[\s\S]*?<\/form>/i.exec(html)?.[0] ?? '';
  for (const m of form.matchAll(/<input\b([^>]*)>/gi)) {
    const attrs = m[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(attrs)?.[1];
    const value = /\bvalue="([^"]*)"/i.exec(attrs)?.[1] ?? '';
    if (name && /\btype="hidden"/i.test(attrs)) out[unescapeHtml(name)] = unescapeHtml(value);
  }
  return out;
}

export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    return String.fromCodePoint(k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10));
  });
}
