/**
 * Daily digests: for each person whose Directory "Digest" is `daily`, at most one email per local day, sent
 * at or after the configured hour in their time zone (Directory "Time zone", else the script's), listing
 * everything waiting on them: requests assigned to them, approvals pending on them, and the queues they work.
 * Nothing waiting, no email. Each digest is marked (script property) right after it is sent, before the next
 * one starts: a run killed mid-way re-sends at most the one in flight.
 */
import { escapeHtml, intlZoneOffset, normalizeEmail, queueName, type ZoneOffset } from '../../core';
import type { AppContext } from '../context';
import { DirectoryStore } from '../store/directory';
import type { Scan, ScanRow } from './scan';
import { isOpen, type VersionCache } from './sla';
import { writeState } from './state';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Local date and hour of an instant in a time zone (an unknown zone falls back to UTC). */
export function localClock(timeZone: string, now: number, zo: ZoneOffset = intlZoneOffset): { date: string; hour: number } {
  let offsetMin = 0;
  try {
    offsetMin = zo(timeZone, now);
  } catch {
    offsetMin = 0;
  }
  const local = now + offsetMin * 60_000;
  const day = Math.floor(local / DAY);
  return { date: new Date(day * DAY).toISOString().slice(0, 10), hour: Math.floor((local - day * DAY) / HOUR) };
}

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

export function renderDigest(
  name: string,
  items: readonly DigestItem[],
  link: string | null,
): { subject: string; text: string; html: string } {
  const line = (i: DigestItem) =>
    `${i.id} — ${i.summary || '(no summary)'} — ${WHY[i.why]}${i.dueAt ? `, due ${new Date(i.dueAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}`;
  const subject = `Handoff: ${items.length} request${items.length === 1 ? '' : 's'} waiting on you`;
  const text = [
    `Hello ${name},`,
    '',
    'These Handoff requests are waiting on you:',
    ...items.map((i) => `- ${line(i)}`),
    '',
    link ? `Open the sheet: ${link}` : '',
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(name)},</p><p>These Handoff requests are waiting on you:</p><ul>${items.map((i) => `<li>${escapeHtml(line(i))}</li>`).join('')}</ul>${link ? `<p><a href="${escapeHtml(link)}">Open the sheet</a></p>` : ''}`;
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
  opts: { deadline: number; digestHour: number },
): DigestResult {
  const result: DigestResult = { sent: 0, failed: [], quotaExhausted: false, stoppedAtBudget: false };
  const people = new DirectoryStore(ctx).list().filter((p) => p.digest === 'daily');
  if (people.length === 0) return result;
  let scriptZone = 'Etc/UTC';
  try {
    scriptZone = ctx.services.Session.getScriptTimeZone() || scriptZone;
  } catch {
    /* keep UTC */
  }
  const now = ctx.now();
  const open = scan.rows.filter((r) => isOpen(versions, r));
  let quota: number | null = null;
  let link: string | null | undefined;
  for (const p of people) {
    const { date, hour } = localClock(p.timeZone || scriptZone, now, ctx.zoneOffset);
    if (hour < opts.digestHour || marks[p.email] === date) continue;
    const items = digestItems(p.email, p.roles, open);
    if (items.length === 0) continue;
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
    const mail = renderDigest(p.name || p.email, items, link);
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
  }
  return result;
}

function remainingQuota(ctx: AppContext): number {
  try {
    return ctx.services.MailApp.getRemainingDailyQuota();
  } catch {
    return 0;
  }
}
