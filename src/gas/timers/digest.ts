/**
 * Digests: for each person on digest delivery (the Directory's "Digest" column; empty means the default, digest:
 * mail/delivery.ts) whose next digest has something new (the Outbox folded an approval, assignment or reminder into
 * it: the timers' `digestDue` state), at most one email per local day, sent at or after the digest hour in their time zone (Directory
 * "Time zone", else the script's), listing everything waiting on them, the first due first: approvals pending on
 * them, each with its own Approve / Reject / Request changes links (the same signed links as an approval email),
 * requests assigned to them, and the queues they work (but queues told in a Chat space). Nothing waiting, no email.
 * Each digest is marked (script property) right after it is sent, before the next one starts: a run killed mid-way
 * re-sends at most the one in flight.
 */
import { normalizeEmail, queueName } from '../../core';
import { localClock } from './local-clock';
import type { LinkAction } from '../approvals/token';
import { readSpaces } from '../chat/spaces';
import { digestInstant } from '../mail/delivery';
import { esc, safeUrl } from '../webapp/html';
import { digestLinks } from './digest-links';
import type { AppContext } from '../context';
import { DirectoryStore } from '../store/directory';
import type { Scan, ScanRow } from './scan';
import { isOpen, type VersionCache } from './sla';
import { updateDigestDue, writeState } from './state';

export interface DigestItem {
  id: string;
  summary: string;
  state: string;
  why: 'assigned' | 'approval' | 'queue';
  dueAt: number | null;
}

export function digestItems(email: string, roles: readonly string[], rows: readonly ScanRow[]): DigestItem[] {
  const me = normalizeEmail(email);
  const out: DigestItem[] = [];
  for (const r of rows) {
    const q = queueName(r.assignee);
    const why: DigestItem['why'] | null = r.pending.includes(me)
      ? 'approval'
      : r.assignee && normalizeEmail(r.assignee) === me
        ? 'assigned'
        : q !== null && roles.includes(q.toLowerCase())
          ? 'queue'
          : null;
    if (why) out.push({ id: r.id, summary: r.summary, state: r.state, why, dueAt: r.dueAt });
  }
  return out.sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || a.id.localeCompare(b.id));
}

const WHY: Record<DigestItem['why'], string> = {
  assigned: 'assigned to you',
  approval: 'waiting for your approval',
  queue: 'in your queue',
};

/** One digest line's extras: when it is due (in its workflow's zone) and, for an approval, its own links. */
export interface DigestExtra {
  due?: string;
  links?: Record<LinkAction, string>;
}

export function renderDigest(
  name: string,
  items: readonly DigestItem[],
  link: string | null,
  extras: ReadonlyMap<string, DigestExtra> = new Map(),
): { subject: string; text: string; html: string } {
  const head = (i: DigestItem) => {
    const due = extras.get(i.id)?.due;
    return `${i.id} — ${i.summary || '(no summary)'} — ${WHY[i.why]}${due ? `, due ${due}` : ''}`;
  };
  const approvals = items.filter((i) => i.why === 'approval').length;
  const subject = `Handoff: ${items.length} request${items.length === 1 ? '' : 's'} waiting on you${approvals ? ` (${approvals} to approve)` : ''}`;
  const lines: string[] = [];
  for (const i of items) {
    lines.push(`- ${head(i)}`);
    const l = extras.get(i.id)?.links;
    if (l) lines.push(`  Approve: ${l.approve}`, `  Reject: ${l.reject}`, `  Request changes: ${l.request_changes}`);
  }
  const text = [
    `Hello ${name},`,
    '',
    'These Handoff requests are waiting on you, the first due first:',
    ...lines,
    '',
    approvals ? 'Each link opens a page where you confirm; nothing is decided until you press the button there.' : '',
    link ? `Open the sheet: ${link}` : '',
  ].join('\n');
  const button = (url: string, label: string, color: string) =>
    `<a href="${safeUrl(url)}" style="display:inline-block;padding:4px 10px;margin:2px 6px 2px 0;border-radius:4px;background:${color};color:#ffffff;text-decoration:none">${esc(label)}</a>`;
  const li = (i: DigestItem) => {
    const l = extras.get(i.id)?.links;
    const buttons = l
      ? `<br>${button(l.approve, 'Approve', '#188038')}${button(l.reject, 'Reject', '#d93025')}${button(l.request_changes, 'Request changes', '#e37400')}`
      : '';
    return `<li style="margin-bottom:8px">${esc(head(i))}${buttons}</li>`;
  };
  const html = `<p>Hello ${esc(name)},</p><p>These Handoff requests are waiting on you, the first due first:</p><ul>${items.map(li).join('')}</ul>${
    approvals
      ? '<p style="color:#5f6368;font-size:12px">Each button opens a page where you confirm; nothing is decided until you press the button there.</p>'
      : ''
  }${link ? `<p><a href="${safeUrl(link)}">Open the sheet</a></p>` : ''}`;
  return { subject, text, html };
}

export interface DigestResult {
  sent: number;
  failed: Array<{ to: string; error: string }>;
  quotaExhausted: boolean;
  stoppedAtBudget: boolean;
}

export function sendDigests(
  ctx: AppContext,
  scan: Scan,
  versions: VersionCache,
  marks: Record<string, string>,
  opts: { deadline: number; digestHour: number; due: Record<string, number> },
): DigestResult {
  const result: DigestResult = { sent: 0, failed: [], quotaExhausted: false, stoppedAtBudget: false };
  // Only people with something new since their last digest (an approval, assignment or reminder folded into it),
  // whatever their delivery now: someone switched to "at once" still gets what was folded for them.
  const people = new DirectoryStore(ctx).list().filter((p) => opts.due[p.email] !== undefined);
  const done: string[] = [];
  if (people.length === 0) return result;
  let scriptZone = 'Etc/UTC';
  try {
    scriptZone = ctx.services.Session.getScriptTimeZone() || scriptZone;
  } catch {
    /* keep UTC */
  }
  const now = ctx.now();
  // Requests waiting on their requester told them so at once (what to fix): a digest would only repeat it.
  const open = scan.rows.filter((r) => isOpen(versions, r) && !waitsOnRequester(versions, r));
  // A queue with a Chat space is told there: its members' digests leave its requests out.
  const chatQueues = new Set(readSpaces(ctx.services).flatMap((s) => s.queues.map((q) => q.toLowerCase())));
  const links = digestLinks(ctx, versions);
  let quota: number | null = null;
  let link: string | null | undefined;
  for (const p of people) {
    const zone = p.timeZone || scriptZone;
    const { date, hour } = localClock(zone, now, ctx.zoneOffset);
    if (hour < opts.digestHour || marks[p.email] === date) continue;
    // What was folded after today's digest hour waits for tomorrow's.
    if ((opts.due[p.email] ?? 0) > digestInstant(zone, now, opts.digestHour, ctx.zoneOffset)) continue;
    const items = digestItems(
      p.email,
      p.roles.filter((r) => !chatQueues.has(r)),
      open,
    );
    if (items.length === 0) {
      done.push(p.email); // what was new has been dealt with meanwhile
      continue;
    }
    if (ctx.now() >= opts.deadline) {
      result.stoppedAtBudget = true;
      break;
    }
    if (quota === null) quota = remainingQuota(ctx);
    if (quota <= 0) {
      result.quotaExhausted = true;
      break;
    }
    if (link === undefined) {
      try {
        link = ctx.spreadsheet().getUrl();
      } catch {
        link = null;
      }
    }
    const mail = renderDigest(p.name || p.email, items, link, links.extras(p.email, items, open));
    try {
      ctx.services.MailApp.sendEmail({ to: p.email, subject: mail.subject, body: mail.text, htmlBody: mail.html, name: 'Handoff' });
    } catch (e) {
      result.failed.push({ to: p.email, error: (e instanceof Error ? e.message : String(e)).slice(0, 300) });
      continue; // not marked: tried again next run
    }
    quota--;
    result.sent++;
    marks[p.email] = date;
    writeState(ctx, 'digests', marks); // marked before the next send starts
    done.push(p.email);
  }
  updateDigestDue(ctx, {}, done);
  return result;
}

function remainingQuota(ctx: AppContext): number {
  try {
    return ctx.services.MailApp.getRemainingDailyQuota();
  } catch {
    return 0;
  }
}

function waitsOnRequester(versions: VersionCache, r: ScanRow): boolean {
  const def = versions.get(r.workflowId, r.version)?.definition;
  return def?.states.find((s) => s.id === r.state)?.kind === 'waiting_on_requester';
}
