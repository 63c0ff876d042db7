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
 *
 * Cost (Sheet calls; test/unit/gas/mail/outbox-cost.test.ts holds the bound): per run, the claim (one locked scan of
 * the ID and mark columns, one write of the claimed marks and one read of the claimed rows per cluster of nearby
 * rows), one batched read of the requests to render (request-batch.ts), the Directory and Config once, the URLs
 * once, and a final read of the claimed rows' IDs (sorted or deleted by hand meanwhile → a locked repair);
 * per send, one write of the row's mark cells and the flush that lands it before the next send. No lock, no read.
 */
import {
  normalizeEmail,
  queueName,
  type AuditEvent,
  type Directory,
  type NotificationIntent,
  type PublishedVersion,
  type Request,
} from '../../core';
import type { AppContext } from '../context';
import { readAudit } from '../commands/read';
import { withLock } from '../lock';
import type { CellValue } from '../sheet/values';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import type { OutboxRow } from '../store/outbox';
import { approvalSettings, type WorkflowApprovalSettings } from '../approvals/settings';
import { whenZone } from '../approvals/summary';
import { renderApprovalEmail, type RenderedEmail } from './approval-email';
import { renderGenericEmail, renderRequesterEmail } from './requester-email';
import { formEditLink, requesterLinks } from '../intake/emails';
import { requesterStatusLink } from './status-link';
import { CLUSTER_GAP, clusters, markKey, OutboxRows, type Mark, type Scan } from './outbox-rows';
import { loadRequests } from './request-batch';

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
  const outbox = new OutboxRows(ctx);

  // 1. Claim the due entries, oldest (highest in the tab) first, under the lock: one scan of the ID and mark
  //    columns, one write of the claimed marks per cluster of rows, one read of the claimed rows per cluster.
  const claim = withLock(ctx, () => {
    const now = ctx.now();
    const scan = outbox.scan();
    const due: number[] = [];
    for (let i = 0; i < scan.ids.length; i++) {
      if (scan.ids[i] === '') continue; // a blank row
      const m = outbox.markOf(scan.spans[i] as CellValue[]);
      if (m.status !== 'pending') continue;
      result.pending++;
      if ((m.nextAttempt ?? 0) <= now) due.push(i + 2);
    }
    if (left <= 0) {
      result.quotaExhausted = due.length > 0;
      return null;
    }
    const take = due.slice(0, Math.min(max, left));
    if (take.length === 0) return null;
    const spans = new Map<number, CellValue[]>();
    for (const row of take) {
      const base = scan.spans[row - 2] as CellValue[];
      const m = outbox.markOf(base);
      spans.set(row, outbox.spanWith({ ...m, attempts: m.attempts + 1, nextAttempt: now + LEASE_MS }, base));
    }
    // Rows between claimed ones in a cluster are written back as just scanned (under the lock).
    for (const [first, count] of clusters(take, CLUSTER_GAP)) {
      outbox.writeSpans(
        first,
        Array.from({ length: count }, (_, i) => spans.get(first + i) ?? (scan.spans[first + i - 2] as CellValue[])),
      );
    }
    const full = outbox.readEntries(take);
    const claimed: OutboxRow[] = [];
    for (const row of take) {
      const r = full.get(row);
      if (!r) continue;
      Object.assign(r, outbox.markOf(spans.get(row) as CellValue[]));
      claimed.push(r);
    }
    return { scan, claimed, spans };
  });
  if (!claim) return result;
  const { scan, claimed, spans } = claim;

  // 2. Render and send, outside the lock. The claim's lease makes these rows this run's alone, so each outcome is
  //    one write of the row's mark cells (no lock, no read), flushed before the next send starts: a run killed
  //    mid-way re-sends at most the one entry in flight.
  const cache = renderCache(ctx, claimed);
  const written = new Set<string>();
  let unflushed = false;
  const writeMark = (r: OutboxRow, m: Mark): void => {
    const span = outbox.spanWith(m, spans.get(r.row) as CellValue[]);
    spans.set(r.row, span);
    outbox.writeSpans(r.row, [span]);
    written.add(markKey(m));
    Object.assign(r, m);
    unflushed = true;
  };
  const record = (r: OutboxRow, o: Outcome): void => {
    const now = ctx.now();
    const m: Mark = { status: r.status, attempts: r.attempts, nextAttempt: r.nextAttempt, lastError: r.lastError, sentAt: r.sentAt };
    if (o.kind === 'sent') {
      Object.assign(m, { status: 'sent', sentAt: now, lastError: '' });
      result.sent++;
      result.pending--;
    } else if (o.kind === 'cancel') {
      Object.assign(m, { status: 'cancelled', lastError: o.reason });
      result.cancelled++;
      result.pending--;
    } else if (r.attempts >= MAX_ATTEMPTS) {
      Object.assign(m, { status: 'failed', lastError: `${o.error} (gave up after ${r.attempts} attempts)` });
      result.failed.push({ id: r.id, to: r.to, subject: r.subject, error: m.lastError });
      result.pending--;
    } else {
      Object.assign(m, { lastError: o.error, nextAttempt: now + backoffMs(r.attempts) });
      result.retrying++;
    }
    writeMark(r, m);
  };
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
      record(r, {
        kind: 'cancel',
        reason: moot
          ? 'Not sent: the request has moved on since this was queued.'
          : 'Not sent: this approval no longer waits for this person (decided, or the request moved on).',
      });
      continue;
    }
    const to = recipients(mail.to, cache.directory());
    if (!to) {
      record(r, { kind: 'retry', error: `Nobody to send to: ${mail.to} has no members in the Directory.` });
      continue;
    }
    if (unflushed) {
      ctx.services.SpreadsheetApp.flush(); // the previous outcome is in the sheet before this send starts
      unflushed = false;
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
  //    One write per run of consecutive rows (outside the lock only this run's own rows are written).
  const unreached = claimed.slice(reached);
  if (unreached.length > 0) {
    const now = ctx.now();
    const byRow = new Map<number, CellValue[]>();
    for (const r of unreached) {
      const m: Mark = {
        status: r.status,
        attempts: Math.max(0, r.attempts - 1),
        nextAttempt: now,
        lastError: r.lastError,
        sentAt: r.sentAt,
      };
      Object.assign(r, m);
      written.add(markKey(m));
      byRow.set(r.row, outbox.spanWith(m, spans.get(r.row) as CellValue[]));
    }
    for (const [first, count] of clusters([...byRow.keys()])) {
      outbox.writeSpans(
        first,
        Array.from({ length: count }, (_, i) => byRow.get(first + i) as CellValue[]),
      );
    }
  }

  // 4. Did the rows stay put? An operator may sort or delete Outbox rows while a run sends. One read of the claimed
  //    rows' ID cells (per cluster); only when one has moved, a locked repair puts each mark where it belongs.
  const ids = outbox.readIds(claimed.map((r) => r.row));
  if (claimed.some((r) => ids.get(r.row) !== r.id)) repairMarks(ctx, outbox, scan, claimed, written);
  return result;
}

/**
 * Rows moved under the run (sorted or deleted by hand): each claimed entry's final mark is written on the row that
 * now holds it, and any other entry whose mark cells now hold one of this run's marks (written on its row after it
 * moved there) gets back the cells it had at the claim. Rare; per-row writes bounded by the batch size.
 */
function repairMarks(ctx: AppContext, outbox: OutboxRows, before: Scan, claimed: readonly OutboxRow[], written: ReadonlySet<string>): void {
  withLock(ctx, () => {
    const now = outbox.scan();
    const firstRow = (scan: Scan): Map<string, number> => {
      const m = new Map<string, number>();
      scan.ids.forEach((id, i) => {
        if (id !== '' && !m.has(id)) m.set(id, i + 2);
      });
      return m;
    };
    const rowNow = firstRow(now);
    const rowBefore = firstRow(before);
    const ours = new Set(claimed.map((r) => r.id));
    for (const r of claimed) {
      const row = rowNow.get(r.id);
      if (row === undefined) continue; // deleted by hand
      const base = now.spans[row - 2] as CellValue[];
      const want: Mark = { status: r.status, attempts: r.attempts, nextAttempt: r.nextAttempt, lastError: r.lastError, sentAt: r.sentAt };
      if (markKey(outbox.markOf(base)) !== markKey(want)) outbox.writeSpans(row, [outbox.spanWith(want, base)]);
    }
    now.ids.forEach((id, i) => {
      if (id === '' || ours.has(id)) return;
      const cur = now.spans[i] as CellValue[];
      if (!written.has(markKey(outbox.markOf(cur)))) return;
      const was = rowBefore.get(id);
      if (was === undefined) return;
      outbox.writeSpans(i + 2, [outbox.spanWith(outbox.markOf(before.spans[was - 2] as CellValue[]), cur)]);
    });
  });
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 500);
}

/** A person's email, or the members of a queue (comma-separated, as MailApp takes them). */
function recipients(to: string, directory: Directory): string {
  const q = queueName(to);
  if (q === null) return normalizeEmail(to);
  return directory
    .membersOf(q)
    .map((p) => normalizeEmail(p.email))
    .join(',');
}

interface RenderCache {
  directory(): Directory;
  version(workflowId: string, v: number): PublishedVersion;
  webAppUrl(): string;
  /** The governed spreadsheet's URL (the "request" link in emails), or null. */
  sheetUrl(): string | null;
  request(id: string): Request;
  settings(workflowId: string): WorkflowApprovalSettings;
  auditFor(requestId: string): AuditEvent[];
}

/**
 * What a run's renders share, each read at most once per run: the requests of the claimed entries (one batched
 * read, request-batch.ts), the Directory, the Config versions, the web app and spreadsheet URLs, the approval
 * settings per workflow, and the Audit log (only when a decision email needs a request's trail).
 */
function renderCache(ctx: AppContext, claimed: readonly OutboxRow[]): RenderCache {
  let dir: Directory | null = null;
  let config: ConfigStore | null = null;
  let url: string | null = null;
  let sheet: string | null | undefined;
  let requests: Map<string, Request | Error> | null = null;
  let audit: Map<string, AuditEvent[]> | null = null;
  const settings = new Map<string, WorkflowApprovalSettings>();
  const versions = new Map<string, PublishedVersion>();
  return {
    directory: () => (dir ??= new DirectoryStore(ctx).directory()),
    version: (w, v) => {
      let got = versions.get(`${w}@${v}`);
      if (!got) versions.set(`${w}@${v}`, (got = (config ??= new ConfigStore(ctx)).get(w, v)));
      return got;
    },
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
    sheetUrl: () => {
      if (sheet === undefined) {
        try {
          sheet = ctx.spreadsheet().getUrl();
        } catch {
          sheet = null;
        }
      }
      return sheet;
    },
    request: (id) => {
      requests ??= loadRequests(
        ctx,
        claimed.map((r) =>
          r.payload && typeof r.payload === 'object' && typeof r.payload.requestId === 'string' ? r.payload.requestId : '',
        ),
      );
      const got = requests.get(id) ?? new Error(`request ${id} was not found`);
      if (got instanceof Error) throw got;
      return got;
    },
    settings: (w) => {
      let s = settings.get(w);
      if (!s) settings.set(w, (s = approvalSettings(ctx.services, w)));
      return s;
    },
    auditFor: (id) => {
      if (!audit) {
        audit = new Map();
        for (const e of readAudit(ctx)) {
          const list = audit.get(e.event.requestId) ?? [];
          list.push(e.event);
          audit.set(e.event.requestId, list);
        }
      }
      return audit.get(id) ?? [];
    },
  };
}

function render(ctx: AppContext, cache: RenderCache, intent: NotificationIntent | null): RenderedEmail | null {
  if (!intent || typeof intent !== 'object' || !intent.kind || !intent.requestId) throw new Error('the Payload cell is not a notification');
  const request = cache.request(intent.requestId);
  const version = cache.version(request.workflowId, request.version);
  const directory = cache.directory();
  const nameOf = (e: string) => directory.get(e)?.name || e;
  const zone = whenZone(ctx.services.Utilities); // every time in an email: Utilities.formatDate, not Intl
  const link = cache.sheetUrl();
  // Requesters usually cannot open the sheet: their emails link to the web app's read-only status page.
  const statusLink = () => requesterStatusLink(ctx, request, cache.webAppUrl()) ?? link;
  // Whoever is assigned, reminded or escalated to works in the sheet: a link to the request there.
  const openLink = link ? [{ label: `Open ${request.id}`, url: link }] : [];
  switch (intent.kind) {
    case 'approval_requested': {
      const url = cache.webAppUrl();
      if (!url)
        throw new Error('the Handoff web app is not deployed, so approval links cannot be made (Deploy > New deployment > Web app)');
      const settings = cache.settings(request.workflowId);
      return renderApprovalEmail(ctx.services, {
        intent,
        request,
        version,
        webAppUrl: url,
        now: ctx.now(),
        ttlDays: settings.linkTtlDays,
        nameOf,
        requestLink: link,
      });
    }
    case 'decision':
    case 'changes_requested':
      return renderRequesterEmail({
        intent,
        request,
        version,
        audit: cache.auditFor(request.id),
        zone,
        nameOf,
        requestLink: statusLink(),
        resubmitLink: intent.kind === 'changes_requested' ? formEditLink(ctx, request) : null,
      });
    case 'reminder':
    case 'escalation': {
      const ended = version.definition.states.find((st) => st.id === request.state)?.kind === 'terminal';
      if (ended || request.state !== intent.state) return null; // moot: the request has moved on
      return renderGenericEmail(intent, request, version, zone, openLink);
    }
    case 'assigned':
      return renderGenericEmail(intent, request, version, zone, openLink);
    default:
      return renderGenericEmail(
        intent,
        request,
        version,
        zone,
        requesterLinks(ctx, intent, request, intent.kind === 'receipt' ? statusLink() : link),
      );
  }
}
