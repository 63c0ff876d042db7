/**
 * The Audit layout earlier versions wrote (22 columns, one per event field, with Key and Prev hash), reproduced
 * from that version's writer so the upgrade tests start from a workbook as it wrote it: each row is hashed on
 * the event as read back from those cells, as that version did.
 */
import type { AuditEvent } from '../../src/core';
import { GENESIS_HASH, hashEvent } from '../../src/core/audit/chain';
import { parseAuditCells, parseAuditRecord } from '../../src/gas/store/audit-rows';
import { dateCell, readBack, toCell, type CellValue } from '../../src/gas/sheet/values';
import { WIDE_HEADERS } from './audit-view';

function oldRecord(seq: number, key: string, e: AuditEvent, prev: string): Record<string, CellValue> {
  return {
    Seq: seq,
    At: dateCell(e.at),
    Request: toCell(e.requestId),
    Workflow: toCell(e.workflowId),
    Version: e.version,
    Revision: e.revision,
    Actor: toCell(e.actor),
    'On behalf of': toCell(e.onBehalfOf ?? ''),
    Method: toCell(e.method),
    Action: toCell(e.action),
    Name: toCell(e.name ?? ''),
    From: toCell(e.fromState ?? ''),
    To: toCell(e.toState ?? ''),
    'Assignee before': toCell(e.assigneeBefore ?? ''),
    'Assignee after': toCell(e.assigneeAfter ?? ''),
    Comment: toCell(e.comment ?? ''),
    Reason: toCell(e.reason ?? ''),
    Changes: toCell(JSON.stringify(e.changes)),
    Details: toCell(JSON.stringify(e.details)),
    Key: toCell(key),
    'Prev hash': toCell(prev),
    Hash: '',
  };
}

/** Events → the wide layout's rows (header first), chained from `prev`, as setValues takes them. */
export function oldAuditRows(entries: ReadonlyArray<{ key: string; event: AuditEvent }>, prev = GENESIS_HASH, firstSeq = 1): CellValue[][] {
  const rows: CellValue[][] = [[...WIDE_HEADERS]];
  entries.forEach(({ key, event }, i) => {
    const rec = oldRecord(firstSeq + i, key, event, prev);
    const stored = Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, readBack(v)]));
    rec.Hash = toCell(hashEvent(prev, parseAuditRecord(stored, 0).event));
    prev = String(readBack(rec.Hash));
    rows.push(WIDE_HEADERS.map((h) => rec[h] as CellValue));
  });
  return rows;
}

/** An Audit tab's values (either layout) rewritten as an earlier version would have written the same events. */
export function asOldLayout(values: readonly unknown[][]): CellValue[][] {
  const head = (values[0] ?? []).map(String);
  const entries = values.slice(1).map((cells, i) => parseAuditCells(head, cells as CellValue[], i + 2));
  return oldAuditRows(entries, GENESIS_HASH, entries[0]?.seq ?? 1);
}
