/**
 * Tests read Audit rows through the one parser (src/gas/store/audit-rows.ts), as the wide layout's columns, so an
 * assertion on "Actor" or "Comment" reads the event whatever layout the tab holds.
 */
import { parseAuditCells } from '../../src/gas/store/audit-rows';
import type { CellValue } from '../../src/gas/sheet/values';

export const WIDE_HEADERS = [
  'Seq',
  'At',
  'Request',
  'Workflow',
  'Version',
  'Revision',
  'Actor',
  'On behalf of',
  'Method',
  'Action',
  'Name',
  'From',
  'To',
  'Assignee before',
  'Assignee after',
  'Comment',
  'Reason',
  'Changes',
  'Details',
  'Key',
  'Prev hash',
  'Hash',
] as const;

/** [header, ...rows] of an Audit tab (either layout) → the same rows as the wide layout's cells. */
export function auditView(values: readonly unknown[][]): unknown[][] {
  const head = (values[0] ?? []).map(String);
  const rows = values.slice(1).map((cells, i) => {
    const { seq, key, event: e, prevHash, hash } = parseAuditCells(head, cells as CellValue[], i + 2);
    const at = cells[head.indexOf('At')];
    return [
      seq,
      at,
      e.requestId,
      e.workflowId,
      e.version,
      e.revision,
      e.actor,
      e.onBehalfOf ?? '',
      e.method,
      e.action,
      e.name ?? '',
      e.fromState ?? '',
      e.toState ?? '',
      e.assigneeBefore ?? '',
      e.assigneeAfter ?? '',
      e.comment ?? '',
      e.reason ?? '',
      JSON.stringify(e.changes),
      JSON.stringify(e.details),
      key,
      prevHash,
      hash,
    ];
  });
  return [[...WIDE_HEADERS], ...rows];
}

/** The Audit rows (either layout) as { wide header: cell } records. */
export function auditRecords(values: readonly unknown[][]): Array<Record<string, unknown>> {
  const [head, ...rows] = auditView(values);
  return rows.map((r) => Object.fromEntries((head as string[]).map((h, i) => [h, r[i]])));
}

/** A compact row's Details cell with one event field changed (tampering, as a hand edit would). */
export function alteredDetails(details: unknown, field: string, value: unknown): string {
  const o = JSON.parse(String(details)) as Record<string, unknown>;
  o[field] = value;
  return JSON.stringify(o);
}
