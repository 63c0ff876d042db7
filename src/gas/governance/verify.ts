/**
 * "Verify audit log": recomputes core's hash chain over every Audit row and names the first row that was altered.
 * Once requests have moved to yearly archives (docs/archives.md), the chain runs across the live Audit tab and each
 * archive's: every segment is read and checked as one chain, and the first bad row is named with its spreadsheet.
 */
import { verifyChain } from '../../core';
import { verifySegments, type ChainSegment } from '../../core/archive/verify';
import { ArchiveUnavailableError, archiveTable, openArchive } from '../archive/book';
import { chainRows } from '../archive/copy';
import { readArchives } from '../archive/registry';
import type { AppContext } from '../context';
import { AuditStore } from '../store/audit';
import { AUDIT } from '../sheet/tabs';

export interface VerifyReport {
  ok: boolean;
  /** Rows checked. */
  count: number;
  /** The sheet row (1-based, header is row 1) of the first altered, removed or re-ordered entry; null when ok. */
  firstBadRow: number | null;
  seq: number | null;
  /** The spreadsheet that holds the first bad row: the live workbook's name or an archive's (null when ok). */
  spreadsheet?: string | null;
  message: string;
}

const plural = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

export function verifyAuditLog(ctx: AppContext): VerifyReport {
  const store = new AuditStore(ctx);
  const rows = store.readAll();
  const archives = readArchives(ctx);
  if (archives.length > 0) return verifyWithArchives(ctx, store, rows, archives);
  const check = verifyChain(rows);
  if (check.ok)
    return {
      ok: true,
      count: rows.length,
      firstBadRow: null,
      seq: null,
      message: `The audit log is intact: ${plural(rows.length, 'row')} checked, every hash matches.`,
    };
  const bad = rows[check.index]!;
  const why = /previous hash/.test(check.reason)
    ? 'it does not follow the row before it (a row was removed, inserted or re-ordered, or its previous hash was changed)'
    : 'its content does not match its hash (it was altered)';
  return {
    ok: false,
    count: rows.length,
    firstBadRow: bad.row,
    seq: bad.seq,
    message: `The audit log was altered at row ${bad.row} of the Audit tab (Seq ${bad.seq || '?'}): ${why}. Rows before it are intact.`,
  };
}

function verifyWithArchives(
  ctx: AppContext,
  store: AuditStore,
  rows: ReturnType<AuditStore['readAll']>,
  archives: ReturnType<typeof readArchives>,
): VerifyReport {
  const segments: ChainSegment[] = [];
  for (const link of archives) {
    try {
      const ss = openArchive(ctx, link);
      segments.push({ name: link.name, rows: chainRows(archiveTable(ss, AUDIT, store.table.headers), 2) });
    } catch (e) {
      if (!(e instanceof ArchiveUnavailableError)) throw e;
      return {
        ok: false,
        count: 0,
        firstBadRow: null,
        seq: null,
        spreadsheet: link.name,
        message: `The audit log cannot be verified: ${e.message}`,
      };
    }
  }
  const liveName = ctx.spreadsheet().getName();
  segments.push({
    name: liveName,
    rows: rows.map((r) => ({ row: r.row, seq: r.seq, requestId: r.event.requestId, prevHash: r.prevHash, hash: r.hash, event: r.event })),
  });
  const check = verifySegments(segments);
  if (check.ok)
    return {
      ok: true,
      count: check.count,
      firstBadRow: null,
      seq: null,
      spreadsheet: null,
      message: `The audit log is intact: ${plural(check.count, 'row')} checked in the live workbook and ${plural(archives.length, 'archive')}, every hash matches.`,
    };
  return {
    ok: false,
    count: check.count,
    firstBadRow: check.row,
    seq: check.seq,
    spreadsheet: check.segment,
    message: `The audit log was altered at row ${check.row} of the Audit tab in "${check.segment}" (Seq ${check.seq}): ${check.reason}. Rows before it in the chain are intact.`,
  };
}
