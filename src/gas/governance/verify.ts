/** "Verify audit log": recomputes core's hash chain over every Audit row and names the first row that was altered. */
import { verifyChain } from '../../core';
import type { AppContext } from '../context';
import { AuditStore } from '../store/audit';

export interface VerifyReport {
  ok: boolean;
  /** Rows checked. */
  count: number;
  /** The sheet row (1-based, header is row 1) of the first altered, removed or re-ordered entry; null when ok. */
  firstBadRow: number | null;
  seq: number | null;
  message: string;
}

export function verifyAuditLog(ctx: AppContext): VerifyReport {
  const rows = new AuditStore(ctx).readAll();
  const check = verifyChain(rows);
  if (check.ok)
    return {
      ok: true,
      count: rows.length,
      firstBadRow: null,
      seq: null,
      message: `The audit log is intact: ${rows.length} row${rows.length === 1 ? '' : 's'} checked, every hash matches.`,
    };
  const bad = rows[check.index]!;
  const why = /previous hash/.test(check.reason)
    ? 'it does not follow the row before it (a row was removed, inserted or re-ordered, or its "Prev hash" was changed)'
    : 'its content does not match its hash (it was altered)';
  return {
    ok: false,
    count: rows.length,
    firstBadRow: bad.row,
    seq: bad.seq,
    message: `The audit log was altered at row ${bad.row} of the Audit tab (Seq ${bad.seq || '?'}): ${why}. Rows before it are intact.`,
  };
}
