/**
 * `npm run bench -- email`: script-sent emails per request, by kind, on the purchase-approval template with its
 * defaults (bench/email-world.ts plays it through dist/Code.js), and Chat posts per request. Two scenarios:
 *   week   55 requests from 10 requesters over a working week, with the playground demo's cast (one manager, one
 *          finance approver, two buyers, a lead), about 10% rejected, played on until the next Tuesday evening;
 *   day    1,000 requests in one working day from 300 requesters, 40 approvers (36 managers, 4 finance), 6 buyers,
 *          played on until the next evening.
 * Approvers read their mail at 10:00, 13:00 and 16:00 New York time (one manager once a day, at 16:00) and decide from
 * the links in it; the operator marks approved requests ordered at 11:00 and 16:30. As in the demo, the procurement queue
 * is told in a "Procurement" Chat space (when the build has Chat). The mail quota is kept from binding so that the table
 * shows what the scenario needs: recipients per request is what one account's 1,500 a day divides.
 * HANDOFF_BENCH_DIST=folder plays another build (a dist/ folder), e.g. main's, for a before/after table.
 */
import { amount, cast, EmailWorld, HOUR, MINUTE, random, type Cast, type PlannedRequest } from './email-world';
import type { BenchTable } from './report';

/** The scenario's working hours: 09:00-17:00 New York (UTC-5 in January) is 14:00-22:00 UTC. */
const OPEN_UTC = 14 * HOUR;
const DAY = 24 * HOUR;

/** Which kind of email a sent message is, from its subject (and a digest's opening line). */
const KINDS: Array<[string, RegExp]> = [
  ['digest', /waiting on you|digest/i],
  ['reminder', /reminder/i],
  ['escalation', /escalation|overdue/i],
  ['approval asks', /approval needed|approve /i],
  ['receipt', /received/i],
  ['needs info / changes', /needs more information|changes requested|needs info/i],
  ['decision', /: (approved|rejected|changes requested)\b|\b(approved|rejected)$/i],
  ['assigned', /assigned/i],
  ['state changed', /is now|ordered|completed|cancelled/i],
];
const KIND_NAMES = [...KINDS.map(([k]) => k), 'other'];

function kindOf(subject: string, body: string): string {
  const head = `${subject}\n${body.split('\n')[0] ?? ''}`;
  for (const [k, re] of KINDS) if (re.test(k === 'digest' ? head : subject)) return k;
  return 'other';
}

interface Scenario {
  name: string;
  people: Cast;
  requests: number;
  days: number;
  /** Played on this many days after the last submission. */
  tail: number;
}

function plan(s: Scenario, world: EmailWorld): PlannedRequest[] {
  const rnd = random(13);
  const perDay = Math.ceil(s.requests / s.days);
  const span = 8 * HOUR - 40 * MINUTE;
  const out: PlannedRequest[] = [];
  for (let i = 0; i < s.requests; i++) {
    const day = Math.floor(i / perDay);
    const k = i % perDay;
    const amt = amount(rnd);
    const r = rnd();
    const rejectAt = r < 0.1 ? (amt > 5000 && r < 0.04 ? 'finance' : 'manager') : null;
    out.push({
      as: s.people.requesters[Math.floor(rnd() * s.people.requesters.length)] as string,
      item: `${['Laptop', 'Monitor', 'Chair', 'Licence', 'Ticket', 'Rack', 'Course', 'Phone'][i % 8]} #${i + 1}`,
      amount: amt,
      at: world.start - (world.start % DAY) + day * DAY + OPEN_UTC + 20 * MINUTE + Math.floor((k * span) / perDay),
      rejectAt,
    });
  }
  return out;
}

interface Outcome {
  byKind: Record<string, { messages: number; recipients: number }>;
  chatPosts: number;
  requests: number;
  ended: number;
  wallMs: number;
}

async function play(s: Scenario): Promise<Outcome> {
  const started = Date.now();
  const w = await EmailWorld.open(s.people, process.env.HANDOFF_BENCH_DIST || undefined);
  await w.setUp();
  const setupSent = w.sent().length;
  const reqs = plan(s, w);
  const base = w.start - (w.start % DAY);
  type Ev = { at: number; run: () => Promise<unknown> };
  const evs: Ev[] = reqs.map((r) => ({ at: r.at, run: () => w.submit(r) }));
  const last = s.days + s.tail;
  for (let d = 0; d < last; d++) {
    const day = base + d * DAY;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const h of [15, 18, 21]) {
      const at = day + h * HOUR;
      const managers = s.people.managers.filter((_, i) => h === 21 || i !== s.people.managers.length - 1);
      evs.push({
        at,
        run: async () => {
          for (const m of managers) await w.readMail(m, 'manager');
          for (const f of s.people.finance) await w.readMail(f, 'finance');
        },
      });
    }
    for (const at of [day + 16 * HOUR, day + 21 * HOUR + 30 * MINUTE]) {
      evs.push({ at, run: () => w.markOrdered() });
    }
  }
  evs.sort((a, b) => a.at - b.at);
  for (const e of evs) {
    w.unlimitedMail();
    await w.advanceTo(e.at);
    await e.run();
  }
  w.unlimitedMail();
  await w.advanceTo(base + last * DAY + 23 * HOUR);
  const byKind: Outcome['byKind'] = Object.fromEntries(KIND_NAMES.map((k) => [k, { messages: 0, recipients: 0 }]));
  for (const m of w.sent().slice(setupSent)) {
    const k = byKind[kindOf(m.subject, m.body)] as { messages: number; recipients: number };
    k.messages++;
    k.recipients += m.to.length;
  }
  const reqsNow = w.requests();
  const ended = reqsNow.filter((r) => ['ordered', 'rejected', 'cancelled'].includes(r.state)).length;
  const out = { byKind, chatPosts: chatPosts(w), requests: reqsNow.length, ended, wallMs: Date.now() - started };
  await w.close();
  return out;
}

/** Chat posts the local Workspace recorded (none in a build without Chat). */
function chatPosts(w: EmailWorld): number {
  return w.p.ws.chat.spaces().reduce((n, s) => n + s.messages.length, 0);
}

function table(s: Scenario, o: Outcome): BenchTable {
  const per = (n: number) => (o.requests ? (n / o.requests).toFixed(2) : '-');
  const rows: Array<Array<string | number>> = [];
  let msgs = 0;
  let recips = 0;
  for (const k of KIND_NAMES) {
    const v = o.byKind[k] as { messages: number; recipients: number };
    if (v.messages === 0 && k === 'other') continue;
    msgs += v.messages;
    recips += v.recipients;
    rows.push([k, v.messages, v.recipients, per(v.recipients)]);
  }
  rows.push(['total', msgs, recips, per(recips)]);
  rows.push(['Chat posts', o.chatPosts, '-', per(o.chatPosts)]);
  const perDayCap = recips ? Math.floor((1500 * o.requests) / recips / (s.name === 'week' ? 1 : 1)) : 0;
  return {
    title: `Email: script-sent emails per request, ${s.name} (${o.requests} requests, ${o.ended} ended; purchase-approval, defaults)`,
    columns: ['kind', 'messages', 'recipients', 'recipients per request'],
    rows,
    note:
      `Played through dist/Code.js on the local Workspace in ${(o.wallMs / 1000).toFixed(0)} s. A Workspace account's 1,500 recipients a day ` +
      `carry about ${perDayCap.toLocaleString('en-US')} requests a day at this rate.`,
  };
}

/** The playground demo's cast (one manager, one finance approver, two buyers, a lead) with ten requesters. */
export const WEEK: Scenario = { name: 'week', people: cast(10, 1, 1, 2), requests: 55, days: 5, tail: 4 };
export const DAY_AT_SCALE: Scenario = { name: 'day at 1,000 requests', people: cast(300, 36, 4, 6), requests: 1000, days: 1, tail: 1 };

export async function run(): Promise<BenchTable[]> {
  const only = process.env.HANDOFF_BENCH_EMAIL;
  const out: BenchTable[] = [];
  for (const s of [WEEK, DAY_AT_SCALE]) {
    if (only && !s.name.startsWith(only)) continue;
    out.push(table(s, await play(s)));
  }
  return out;
}
