/**
 * The purchase-approval scenario of `npm run bench -- email`, played through dist/Code.js on the playground's local
 * Workspace as people would: the owner sets up, adds the people, publishes the template with its defaults and links
 * a generated form; requesters submit the form; approvers read their mail a few times a day and decide from the
 * links in it (confirm page, then the button); procurement marks approved requests ordered from the sheet; the
 * clock fires the timers all along. Every script-sent email is counted by kind (bench/email.ts).
 */
import { join } from 'node:path';
import { DEMO_OWNER } from '../src/local/server/demo';
import { Playground } from '../src/local/server/playground';
import { formFields } from '../src/local/server/seed';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface Cast {
  requesters: string[];
  managers: string[];
  finance: string[];
  procurement: string[];
  leads: string[];
}

export interface PlannedRequest {
  as: string;
  item: string;
  amount: number;
  /** Submitted at this offset (ms) from the scenario's start. */
  at: number;
  /** The step that rejects it, if any. */
  rejectAt: 'manager' | 'finance' | null;
}

/** A deterministic pseudo-random source (mulberry32), so every run plays the same scenario. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Realistic amounts: mostly small purchases, about one in five above finance's 5,000 threshold. */
export function amount(rnd: () => number): number {
  const r = rnd();
  if (r < 0.8) return Math.round(50 + rnd() * 4_500);
  return Math.round(5_200 + rnd() * 30_000);
}

export function cast(requesters: number, managers: number, finance: number, procurement: number): Cast {
  const names = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i + 1}@acme.test`);
  return {
    requesters: names('req', requesters),
    managers: names('mgr', managers),
    finance: names('fin', finance),
    procurement: names('buyer', procurement),
    leads: ['lead1@acme.test'],
  };
}

export class EmailWorld {
  readonly start: number;
  private readonly read = new Set<string>();
  /** Request id → its plan (found by the item text, which is unique per request). */
  readonly plans = new Map<string, PlannedRequest>();
  private readonly byItem = new Map<string, PlannedRequest>();

  private constructor(
    readonly people: Cast,
    readonly p: Playground,
  ) {
    this.start = this.p.now();
  }

  static async open(people: Cast, distDir: string = join(__dirname, '../dist')): Promise<EmailWorld> {
    return new EmailWorld(people, await Playground.open({ distDir, dataDir: null, seed: false }));
  }

  close(): Promise<void> {
    return this.p.close();
  }

  call(fn: string, args: unknown[] = [], as = DEMO_OWNER, kind: 'menu' | 'script-run' = 'script-run'): Promise<unknown> {
    return this.p.execute(fn, args, as, kind);
  }

  /** Set-up, people, the template published with its defaults, a generated form, the timers. */
  async setUp(): Promise<void> {
    const { p } = this;
    await this.call('onOpen', [{ authMode: 'FULL' }], DEMO_OWNER, 'menu');
    await this.call('handoffSetUp', [], DEMO_OWNER, 'menu');
    const ss = p.ws.sheets.get(p.spreadsheetId);
    const c = this.people;
    const save = async (email: string, roles: string[], manager = '') => {
      ss.share(email, 'editor');
      await this.call('handoffPanelSavePerson', [{ email, name: email.split('@')[0], roles, manager }]);
    };
    for (const m of c.managers) await save(m, ['manager']);
    for (const f of c.finance) await save(f, ['finance']);
    for (const b of c.procurement) await save(b, ['procurement']);
    await save('ops@acme.test', ['operator']);
    for (const l of c.leads) await save(l, ['procurement-leads']);
    for (const [i, r] of c.requesters.entries()) await save(r, [], c.managers[i % c.managers.length]);
    // As in the demo: the procurement queue is told in a Chat space (builds with Chat only).
    if (p.script.hasFunction('handoffPanelSaveChatSpace')) {
      const webhookUrl = p.ws.chat.createSpace('Procurement');
      await this.call('handoffPanelSaveChatSpace', [{ name: 'Procurement', webhookUrl, queues: ['procurement'] }]);
    }
    const list = (await this.call('handoffPanelTemplates', [{}])) as { templates: Array<{ id: string; definition: unknown }> };
    const definition = list.templates.find((t) => t.id === 'purchase-approval')?.definition;
    const pub = (await this.call('handoffPanelPublishWorkflow', [{ definition }])) as { ok: boolean; problems?: unknown };
    if (!pub.ok) throw new Error(`publishing failed: ${JSON.stringify(pub.problems)}`);
    p.ws.ui.answerPrompt('new', 'OK');
    p.ws.ui.answerPrompt('purchase-approval', 'OK');
    await this.call('handoffLinkForm', [], DEMO_OWNER, 'menu');
    if (!p.ws.triggers.list().some((t) => t.eventType === 'CLOCK')) await this.call('handoffMenuInstallTriggers', [], DEMO_OWNER, 'menu');
  }

  /** Messages the script sent since set-up (each send once, with its recipients). */
  sent(): Array<{ to: string[]; subject: string; body: string; date: number }> {
    return this.p.ws.mail
      .outbox()
      .filter((m) => m.date >= this.start)
      .map((m) => ({ to: [...m.to, ...m.cc, ...m.bcc], subject: m.subject, body: m.body, date: m.date }));
  }

  async submit(r: PlannedRequest): Promise<void> {
    this.byItem.set(r.item, r);
    await this.p.submitForm(undefined, r.as, {
      Item: r.item,
      Amount: String(r.amount),
      Vendor: 'Acme Supplies',
      'Cost centre': 'Engineering',
      Justification: 'Needed for the team.',
    });
  }

  /** The requests as the sheet shows them: id, state, revision, item. */
  requests(): Array<{ id: string; state: string; revision: number; item: string }> {
    const rows = this.p.tab('Requests').rows;
    const h = rows[0] ?? [];
    const col = (n: string) => h.indexOf(n);
    return rows.slice(1).map((r) => {
      const fields = JSON.parse(r[col('Fields')] || '{}') as { item?: string };
      return { id: r[col('ID')] ?? '', state: r[col('State')] ?? '', revision: Number(r[col('Revision')]), item: fields.item ?? '' };
    });
  }

  private planOf(id: string): PlannedRequest | undefined {
    let plan = this.plans.get(id);
    if (!plan) {
      for (const r of this.requests()) {
        const pr = this.byItem.get(r.item);
        if (pr) this.plans.set(r.id, pr);
      }
      plan = this.plans.get(id);
    }
    return plan;
  }

  /**
   * An approver reads their new mail: every set of Approve / Reject links (an approval email, a reminder, a digest)
   * is acted on once per request, by the plan: reject when the plan rejects at this approver's step, else approve.
   */
  async readMail(who: string, step: 'manager' | 'finance'): Promise<number> {
    let acted = 0;
    const done = new Set<string>();
    for (const m of this.p.ws.mail.inbox(who)) {
      if (this.read.has(m.id)) continue;
      this.read.add(m.id);
      for (const set of linkSets(m.subject, m.body)) {
        if (done.has(set.requestId)) continue;
        done.add(set.requestId);
        const plan = this.planOf(set.requestId);
        const decision = plan?.rejectAt === step ? 'reject' : 'approve';
        const url = decision === 'reject' ? set.reject : set.approve;
        if (!url) continue;
        const page = await this.p.visit('GET', url, who);
        const fields = formFields(page.body);
        if (!('t' in fields)) continue; // already decided, or no longer this step
        await this.p.visit('POST', url.replace(/\?.*$/, ''), who, {
          ...fields,
          comment: decision === 'reject' ? 'Not in this quarter’s budget.' : '',
          confirmed: '1',
        });
        acted++;
      }
    }
    return acted;
  }

  /** The operator marks every request being ordered as ordered, with its PO number (from the sheet, through the panel). */
  async markOrdered(who = DEMO_OWNER): Promise<number> {
    let n = 0;
    for (const r of this.requests()) {
      if (r.state !== 'ordering') continue;
      const res = (await this.call(
        'handoffPanelAct',
        [
          {
            requestId: r.id,
            expectedRevision: r.revision,
            action: { type: 'transition', name: 'mark_ordered', fields: { poNumber: `PO-${r.id}` } },
          },
        ],
        who,
      )) as { ok?: boolean };
      if (res?.ok !== false) n++;
    }
    return n;
  }

  async advanceTo(t: number): Promise<void> {
    if (t > this.p.now()) await this.p.advance({ to: new Date(t).toISOString() });
  }

  /** Keeps the mail quota from binding: the bench counts what the day needs, not what one account may send. */
  unlimitedMail(): void {
    this.p.ws.mail.setUsed(DEMO_OWNER, 0);
  }
}

export interface LinkSet {
  requestId: string;
  approve: string;
  reject: string;
}

const ID = /\b[A-Z][A-Z0-9]{0,5}-\d{6}\b/g;

/** Each "Approve: URL" in a mail with the request id written last before it (or the subject's). */
export function linkSets(subject: string, body: string): LinkSet[] {
  const out: LinkSet[] = [];
  let current = (subject.match(ID) ?? [])[0] ?? '';
  let open: LinkSet | null = null;
  for (const line of body.split('\n')) {
    const a = /^\s*(?:[-*•]\s*)?(Approve|Reject): (\S+)/.exec(line);
    if (a) {
      if (!open || open.requestId !== current) {
        open = { requestId: current, approve: '', reject: '' };
        out.push(open);
      }
      if (a[1] === 'Approve') open.approve = a[2] as string;
      else open.reject = a[2] as string;
      continue;
    }
    const ids = line.match(ID);
    if (ids?.length) current = ids[ids.length - 1] as string;
  }
  return out.filter((s) => s.requestId !== '');
}

export { HOUR, MINUTE };
