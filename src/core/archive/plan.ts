/**
 * Which closed requests move to an archive next, and how a batch is described. Pure: the adapter reads the live
 * Requests rows and Audit rows and hands them in; the plan says what to copy, what the copy must contain to be
 * trusted, and which live rows to delete afterwards.
 */
import { sha256Hex } from '../crypto/sha256';
import { pastRetention } from './retention';

/** A live Requests row as the planner needs it. */
export interface LiveRequest {
  id: string;
  workflowId: string;
  version: number;
  state: string;
  /** When it last changed (the "Updated" cell): for a closed request, when it closed or later. */
  updated: number;
}

/** An Audit row's identity as the planner needs it. */
export interface AuditRef {
  seq: number;
  requestId: string;
  hash: string;
}

/** One batch: the requests it moves, to which archive, and what a faithful copy must hold. */
export interface ArchiveBatch {
  id: string;
  /** The archive's year: the year (UTC) the requests closed. */
  year: number;
  /** The archive spreadsheet's id. */
  archiveId: string;
  requestIds: string[];
  /** How many Audit rows belong to the batch's requests. */
  auditRows: number;
  /** digestAudit() of those rows: verification compares the archive's copy to it. */
  auditDigest: string;
  /** How many Outbox rows (sent, failed or cancelled) belong to the batch's requests: they move too. */
  outboxRows?: number;
  /** How many Intake log rows (response → request) belong to the batch's requests: they move too. */
  intakeRows?: number;
  /** Lowest and highest Seq among those rows: the chain segment the batch adds to the archive (0, 0 when none). */
  seqs: [number, number];
  /**
   * The archive's first free row in Requests and Audit when the batch was planned. Only this process appends to an
   * archive, so the batch's copies are at or after these rows: copy and verify read from here, never the whole tab.
   */
  from: { requests: number; audit: number; outbox?: number; intake?: number };
}

/** Requests per batch: the checkpoint keeps their ids in one script property (9 KB at most). */
export const DEFAULT_BATCH_SIZE = 250;

export const yearOf = (ms: number): number => new Date(ms).getUTCFullYear();

/**
 * The next requests to archive: closed (terminal state) and past retention, oldest first, all of one year (the
 * year of the oldest), at most `max`. `isClosed` tells a terminal state from the request's pinned version.
 * `exclude` holds requests that must stay for now (the one whose Audit row is the live log's last: the chain
 * head must stay in the live tab so the next append continues the chain).
 */
export function selectDue(
  rows: readonly LiveRequest[],
  opts: {
    now: number;
    days: number;
    max: number;
    isClosed: (r: LiveRequest) => boolean;
    exclude?: ReadonlySet<string>;
  },
): { year: number; ids: string[] } | null {
  const due = rows
    .filter((r) => r.id && !opts.exclude?.has(r.id) && pastRetention(r.updated, opts.now, opts.days) && opts.isClosed(r))
    .sort((a, b) => a.updated - b.updated || (a.id < b.id ? -1 : 1));
  const first = due[0];
  if (!first) return null;
  const year = yearOf(first.updated);
  const ids = due
    .filter((r) => yearOf(r.updated) === year)
    .slice(0, Math.max(1, opts.max))
    .map((r) => r.id);
  return { year, ids };
}

/** A digest of Audit rows (order-free): SHA-256 over the sorted "seq:hash" lines. */
export function digestAudit(rows: ReadonlyArray<Pick<AuditRef, 'seq' | 'hash'>>): string {
  const lines = rows.map((r) => `${r.seq}:${r.hash}`).sort();
  return sha256Hex(lines.join('\n'));
}

/** Describes a batch from the live Audit rows of its requests. */
export function describeBatch(
  id: string,
  year: number,
  archiveId: string,
  requestIds: readonly string[],
  audit: readonly AuditRef[],
  from: { requests: number; audit: number; outbox?: number } = { requests: 2, audit: 2, outbox: 2 },
  outboxRows = 0,
): ArchiveBatch {
  const want = new Set(requestIds);
  const mine = audit.filter((a) => want.has(a.requestId));
  const seqs = mine.map((a) => a.seq);
  return {
    id,
    year,
    archiveId,
    requestIds: [...requestIds],
    auditRows: mine.length,
    auditDigest: digestAudit(mine),
    seqs: seqs.length ? [Math.min(...seqs), Math.max(...seqs)] : [0, 0],
    from: { ...from },
    outboxRows,
  };
}

/** Of `wanted` keys, those not yet in `present`, in the order given: what a (re)started copy still appends. */
export function stillToCopy<T>(wanted: readonly T[], keyOf: (t: T) => string, present: ReadonlySet<string>): T[] {
  return wanted.filter((w) => !present.has(keyOf(w)));
}

/** Row numbers → runs of consecutive rows, last run first (so deleting one never moves the next). */
export function deletionRuns(rows: readonly number[]): Array<{ start: number; count: number }> {
  const sorted = [...new Set(rows)].filter((r) => r >= 2).sort((a, b) => a - b);
  const runs: Array<{ start: number; count: number }> = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.count === r) last.count += 1;
    else runs.push({ start: r, count: 1 });
  }
  return runs.reverse();
}

/** The request an Outbox row belongs to: its key is the engine's dedupeKey, `requestId:revision:…`. */
export const outboxRequest = (key: string): string => {
  const i = key.indexOf(':');
  return i > 0 ? key.slice(0, i) : '';
};
