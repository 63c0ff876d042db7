/**
 * Sending the Outbox. The timers call flushOutbox every run; nothing is ever dropped:
 *   - the daily quota is checked first (MailApp.getRemainingDailyQuota()); with none left the entries stay
 *     pending, untouched, for the next run;
 *   - due entries are claimed under the lock (attempts+1, next attempt pushed out by a lease) so two runs never
 *     send the same entry; the mail is sent outside the lock (sending is slow);
 *   - a send that throws is retried with exponential backoff (1 min, 2, 4 … capped at 6 h); after MAX_ATTEMPTS it
 *     is marked 'failed' with the error, where operators see it (Outbox tab, and the result's `failed` list);
 *   - an approval request whose step no longer waits for that approver is marked 'cancelled' with the reason.
 * A crash between the send and the status write sends that entry again after the lease (at least once).
 * Each outcome is recorded right after its send, before the next send starts (issue 6): a run killed mid-way
 * re-sends at most the one entry in flight. With `deadline` (the timers' budget) no send starts after it.
 * A reminder or escalation whose request has moved on (other state, or ended) is 'cancelled' as moot.
 */
import { normalizeEmail, queueName, type Directory, type NotificationIntent, type PublishedVersion } from '../../core';
import type { AppContext } from '../context';
import { readAuditFor } from '../commands/read';
import { withLock } from '../lock';
import { cellText } from '../sheet/values';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import { OutboxStore, type OutboxRow } from '../store/outbox';
import { RequestStore } from '../store/requests';
import { approvalSettings } from '../approvals/settings';
import { renderApprovalEmail, type RenderedEmail } from './approval-email';
import { renderGenericEmail, renderRequesterEmail } from './requester-email';
import { formEditLink, requesterLinks } from '../intake/emails';

export const MAX_ATTEMPTS = 8;
const MINUTE = 60_000;
export const LEASE_MS = 10 * MINUTE;
const MAX_BACKOFF_MS = 6 * 60 * MINUTE;

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, MINUTE * 2 ** Math.max(0, attempts - 1));
}

export interface FlushResult {
  sent: number;
  retrying: number;
  failed: Array<{ id: string; to: string; subject: string; error: string }>;
  cancelled: number;
  /** Entries still waiting (not yet due, deferred for quota, or beyond this run's batch). */
  pending: number;
  quotaExhausted: boolean;
}

export interface FlushOptions {
  /** Most entries sent in one run (keeps a run well inside the 6-minute limit). */
  max?: number;
  /** Epoch ms (ctx.now() clock): no send starts after it; claimed entries not reached are given back. */
  deadline?: number;
}

type Outcome = { kind: 'sent' } | { kind: 'retry'; error: string } | { kind: 'cancel'; reason: string };

function quota(ctx: AppContext): number {
  try {
    return ctx.services.MailApp.getRemainingDailyQuota();
  } catch {
    return 0;
  }
}

export function flushOutbox(ctx: AppContext, opts: FlushOptions = {}): FlushResult {
  const result: FlushResult = { sent: 0, retrying: 0, failed: [], cancelled: 0, pending: 0, quotaExhausted: false };
  const max = Math.max(1, opts.max ?? 25);
  let left = quota(ctx);
  const outbox = new OutboxStore(ctx);

  // 1. Claim the due entries (under the lock).
  const claimed = withLock(ctx, () => {
    const now = ctx.now();
    const open = outbox.readAll().filter((r) => r.status === 'pending');
    const due = open.filter((r) => (r.nextAttempt ?? 0) <= now);
    result.pending = open.length;
    if (left <= 0) {
      result.quotaExhausted = due.length > 0;
      return [];
    }
    const take = due.slice(0, Math.min(max, left));
    for (const r of take) {
      r.attempts += 1;
      r.nextAttempt = now + LEASE_MS;
      writeIfSame(outbox, r);
    }
    return take;
  });
  if (claimed.length === 0) return result;

  // 2. Render and send, outside the lock; record each outcome (under the lock) before the next send starts.
  const cache = renderCache(ctx);
  const record = (r: OutboxRow, o: Outcome): void =>
    withLock(ctx, () => {
      const now = ctx.now();
      if (o.kind === 'sent') {
        r.status = 'sent';
        r.sentAt = now;
        r.lastError = '';
        result.sent++;
        result.pending--;
      } else if (o.kind === 'cancel') {
        r.status = 'cancelled';
        r.lastError = o.reason;
        result.cancelled++;
        result.pending--;
      } else if (r.attempts >= MAX_ATTEMPTS) {
        r.status = 'failed';
        r.lastError = `${o.error} (gave up after ${r.attempts} attempts)`;
        result.failed.push({ id: r.id, to: r.to, subject: r.subject, error: r.lastError });
        result.pending--;
      } else {
        r.lastError = o.error;
        r.nextAttempt = now + backoffMs(r.attempts);
        result.retrying++;
      }
      writeIfSame(outbox, r);
    });
  let reached = 0;
  for (const r of claimed) {
    if (left <= 0) {
      result.quotaExhausted = true;
      break;
    }
    if (opts.deadline !== undefined && ctx.now() >= opts.deadline) break;
    reached++;
    let mail: RenderedEmail | null;
    try {
      mail = render(ctx, cache, r.payload);
    } catch (e) {
      record(r, { kind: 'retry', error: `Could not build the email: ${errorText(e)}` });
      continue;
    }
    if (!mail) {
      const moot = r.payload && (r.payload.kind === 'reminder' || r.payload.kind === 'escalation');
      record(r, { kind: 'cancel', reason: moot ? 'Not sent: the request has moved on since this was queued.' : 'Not sent: this approval no longer waits for this person (decided, or the request moved on).' });
      continue;
    }
    const to = recipients(mail.to, cache.directory());
    if (!to) {
      record(r, { kind: 'retry', error: `Nobody to send to: ${mail.to} has no members in the Directory.` });
      continue;
    }
    let outcome: Outcome;
    try {
      ctx.services.MailApp.sendEmail({ to, subject: mail.subject, body: mail.text, htmlBody: mail.html, name: 'Handoff' });
      left -= to.split(',').length;
      outcome = { kind: 'sent' };
    } catch (e) {
      outcome = { kind: 'retry', error: errorText(e) };
    }
    record(r, outcome);
  }

  // 3. Entries not reached (quota or deadline) are given back: due again at once, the attempt not counted.
  const unreached = claimed.slice(reached);
  if (unreached.length > 0) {
    withLock(ctx, () => {
      const now = ctx.now();
      for (const r of unreached) {
        r.attempts = Math.max(0, r.attempts - 1);
        r.nextAttempt = now;
        writeIfSame(outbox, r);
      }
    });
  }
  return result;
}

/** Rewrites the entry's row only if that row still holds the entry (an operator may have sorted or deleted rows). */
function writeIfSame(outbox: OutboxStore, r: OutboxRow): void {
  const base = outbox.table.readRow(r.row);
  if (cellText(outbox.table.record(base).ID) !== r.id) return;
  outbox.table.writeRow(r.row, outbox.table.row(outbox.toRecord(r), base));
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 500);
}

/** A person's email, or the members of a queue (comma-separated, as MailApp takes them). */
function recipients(to: string, directory: Directory): string {
  const q = queueName(to);
  if (q === null) return normalizeEmail(to);
  return directory.membersOf(q).map((p) => normalizeEmail(p.email)).join(',');
}

interface RenderCache {
  directory(): Directory;
  version(workflowId: string, v: number): PublishedVersion;
  webAppUrl(): string;
}

function renderCache(ctx: AppContext): RenderCache {
  let dir: Directory | null = null;
  let config: ConfigStore | null = null;
  let url: string | null = null;
  return {
    directory: () => (dir ??= new DirectoryStore(ctx).directory()),
    version: (w, v) => (config ??= new ConfigStore(ctx)).get(w, v),
    webAppUrl: () => {
      if (url === null) {
        try {
          url = ctx.services.ScriptApp.getService().getUrl() ?? '';
        } catch {
          url = '';
        }
      }
      return url;
    },
  };
}

function render(ctx: AppContext, cache: RenderCache, intent: NotificationIntent | null): RenderedEmail | null {
  if (!intent || typeof intent !== 'object' || !intent.kind || !intent.requestId) throw new Error('the Payload cell is not a notification');
  const found = new RequestStore(ctx).find(intent.requestId);
  if (!found) throw new Error(`request ${intent.requestId} was not found`);
  const request = found.request;
  const version = cache.version(request.workflowId, request.version);
  const directory = cache.directory();
  const nameOf = (e: string) => directory.get(e)?.name || e;
  let link: string | null = null;
  try {
    link = ctx.spreadsheet().getUrl();
  } catch {
    link = null;
  }
  switch (intent.kind) {
    case 'approval_requested': {
      const url = cache.webAppUrl();
      if (!url) throw new Error('the Handoff web app is not deployed, so approval links cannot be made (Deploy > New deployment > Web app)');
      const settings = approvalSettings(ctx.services, request.workflowId);
      return renderApprovalEmail(ctx.services, { intent, request, version, webAppUrl: url, now: ctx.now(), ttlDays: settings.linkTtlDays, nameOf, requestLink: link });
    }
    case 'decision':
    case 'changes_requested':
      return renderRequesterEmail({ intent, request, version, audit: readAuditFor(ctx, request.id).map((e) => e.event), nameOf, requestLink: link, resubmitLink: intent.kind === 'changes_requested' ? formEditLink(ctx, request) : null });
    case 'reminder':
    case 'escalation': {
      const ended = version.definition.states.find((st) => st.id === request.state)?.kind === 'terminal';
      if (ended || request.state !== intent.state) return null; // moot: the request has moved on
      return renderGenericEmail(intent, request, version);
    }
    default:
      return renderGenericEmail(intent, request, version, requesterLinks(ctx, intent, request, link));
  }
}
