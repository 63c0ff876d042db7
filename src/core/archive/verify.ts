/**
 * Checks that an archive's copy of a batch is faithful before anything leaves the live tabs, and checks the one
 * audit chain that runs across the live tab and every archive.
 */
import type { AuditEvent } from '../audit/event';
import { GENESIS_HASH, hashEvent } from '../audit/chain';
import { digestAudit, type ArchiveBatch } from './plan';

export type CopyCheck = { ok: true } | { ok: false; kind: 'missing' | 'doubled' | 'altered'; message: string };

/** An Audit row as read from any spreadsheet. */
export interface ChainRow {
  /** Sheet row number (header is row 1). */
  row: number;
  seq: number;
  requestId: string;
  prevHash: string;
  hash: string;
  event: AuditEvent;
}

/**
 * The archive's rows for the batch's requests → whether the copy is complete and unaltered: each request exactly
 * once, the expected number of Audit rows with no seq twice, each row's hash recomputed from its content, and the
 * digest of (seq, hash) equal to the live rows' one taken when the batch was planned.
 */
export function verifyCopy(
  batch: ArchiveBatch,
  requestIds: readonly string[],
  audit: readonly ChainRow[],
  outbox: ReadonlyArray<{ id: string; requestId: string }> = [],
): CopyCheck {
  const want = new Set(batch.requestIds);
  const mail = outbox.filter((o) => want.has(o.requestId));
  const mailIds = new Set(mail.map((o) => o.id));
  if (mailIds.size < mail.length)
    return { ok: false, kind: 'doubled', message: 'The archive holds an Outbox row of the batch more than once.' };
  if (mail.length < (batch.outboxRows ?? 0))
    return {
      ok: false,
      kind: 'missing',
      message: `${(batch.outboxRows ?? 0) - mail.length} of ${batch.outboxRows} Outbox rows are not in the archive`,
    };
  if (mail.length > (batch.outboxRows ?? 0))
    return {
      ok: false,
      kind: 'altered',
      message: `The archive holds ${mail.length} Outbox rows for the batch where the live tab had ${batch.outboxRows}.`,
    };
  const seen = new Map<string, number>();
  for (const id of requestIds) if (want.has(id)) seen.set(id, (seen.get(id) ?? 0) + 1);
  const doubledReq = batch.requestIds.find((id) => (seen.get(id) ?? 0) > 1);
  if (doubledReq) return { ok: false, kind: 'doubled', message: `The archive holds request ${doubledReq} more than once.` };
  const rows = audit.filter((a) => want.has(a.requestId));
  const seqs = new Set<number>();
  for (const r of rows) {
    if (seqs.has(r.seq)) return { ok: false, kind: 'doubled', message: `The archive holds Audit row Seq ${r.seq} more than once.` };
    seqs.add(r.seq);
  }
  const missingReq = batch.requestIds.filter((id) => !seen.has(id));
  if (missingReq.length > 0 || rows.length < batch.auditRows)
    return {
      ok: false,
      kind: 'missing',
      message: `${missingReq.length} of ${batch.requestIds.length} requests and ${Math.max(0, batch.auditRows - rows.length)} of ${batch.auditRows} Audit rows are not in the archive`,
    };
  if (rows.length > batch.auditRows)
    return {
      ok: false,
      kind: 'altered',
      message: `The archive holds ${rows.length} Audit rows for the batch where the live log had ${batch.auditRows}.`,
    };
  for (const r of rows)
    if (hashEvent(r.prevHash, r.event) !== r.hash)
      return { ok: false, kind: 'altered', message: `The archive's Audit row ${r.row} (Seq ${r.seq}) does not match its hash.` };
  if (digestAudit(rows) !== batch.auditDigest)
    return { ok: false, kind: 'altered', message: "The archive's Audit rows for the batch differ from the live rows that were copied." };
  return { ok: true };
}

/** One spreadsheet's share of the chain: the live tab or an archive. */
export interface ChainSegment {
  /** The spreadsheet's name, for the message ("Handoff archive 2026", or the live workbook's). */
  name: string;
  rows: readonly ChainRow[];
}

export type SegmentsCheck =
  | { ok: true; count: number; segments: number }
  | { ok: false; count: number; segment: string; row: number; seq: number; reason: string };

/**
 * Verifies the one chain across segments. Row n (by Seq) must hold the hash of its own content after row n-1's
 * hash, wherever row n-1 lives; Seq 1 follows the genesis hash. Reports the first bad row in chain order, with its
 * spreadsheet. Memory: one (seq → hash) map over every row.
 */
export function verifySegments(segments: readonly ChainSegment[]): SegmentsCheck {
  const hashOf = new Map<number, string>();
  const where = new Map<number, { segment: string; row: number }>();
  const problems: Array<{ seq: number; segment: string; row: number; reason: string }> = [];
  let count = 0;
  for (const s of segments)
    for (const r of s.rows) {
      count += 1;
      const other = where.get(r.seq);
      if (other) {
        problems.push({
          seq: r.seq,
          segment: s.name,
          row: r.row,
          reason: `Seq ${r.seq} is also row ${other.row} of ${other.segment} (a row was copied twice)`,
        });
        continue;
      }
      hashOf.set(r.seq, r.hash);
      where.set(r.seq, { segment: s.name, row: r.row });
    }
  for (const s of segments)
    for (const r of s.rows) {
      if (where.get(r.seq)?.segment !== s.name || where.get(r.seq)?.row !== r.row) continue;
      const prev = r.seq <= 1 ? GENESIS_HASH : hashOf.get(r.seq - 1);
      if (prev === undefined) {
        problems.push({
          seq: r.seq,
          segment: s.name,
          row: r.row,
          reason: `the row before it (Seq ${r.seq - 1}) is missing from every spreadsheet (removed)`,
        });
      } else if (r.prevHash !== prev) {
        problems.push({
          seq: r.seq,
          segment: s.name,
          row: r.row,
          reason: 'it does not follow the row before it (a row was removed, inserted or re-ordered, or its previous hash was changed)',
        });
      } else if (hashEvent(r.prevHash, r.event) !== r.hash) {
        problems.push({ seq: r.seq, segment: s.name, row: r.row, reason: 'its content does not match its hash (it was altered)' });
      }
    }
  if (problems.length === 0) return { ok: true, count, segments: segments.length };
  const first = problems.reduce((a, b) => (b.seq < a.seq ? b : a));
  return { ok: false, count, ...first };
}
