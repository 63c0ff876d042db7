/** A Request ↔ a Requests row. The row round-trips to exactly the Request the engine returned. */
import type { Channel, Request } from '../../core';
import { DamagedRowError } from '../errors';
import type { Table } from '../sheet/table';
import { cellInt, cellText, dateCell, toCell, type CellValue } from '../sheet/values';
import { jsonCells, jsonText } from './json-cells';

/**
 * Everything of a Request without its own column is kept in the Meta JSON cell (versionHash, intakeProblems,
 * returnTo, reworkCount, createdAt, updatedAt, and any member the engine adds later), so rows always round-trip.
 */
type Meta = Omit<
  Request,
  'id' | 'workflowId' | 'version' | 'revision' | 'state' | 'requester' | 'assignee' | 'channel' | 'fields' | 'approval' | 'sla' | 'history'
>;

/** A short human summary: the first non-empty text field, cut to 140 characters. */
export function summaryOf(r: Request): string {
  for (const v of Object.values(r.fields)) {
    if (typeof v === 'string' && v.trim() !== '') return v.length > 140 ? v.slice(0, 139) + '…' : v;
  }
  return '';
}

export function requestToRecord(table: Table, r: Request): Record<string, CellValue> {
  const {
    id: _i,
    workflowId: _w,
    version: _v,
    revision: _r,
    state: _s,
    requester: _q,
    assignee: _a,
    channel: _c,
    fields: _f,
    approval: _p,
    sla: _l,
    history: _h,
    ...meta
  } = r;
  return {
    ID: toCell(r.id),
    Workflow: toCell(r.workflowId),
    Version: r.version,
    Revision: r.revision,
    State: toCell(r.state),
    Assignee: toCell(r.assignee ?? ''),
    Requester: toCell(r.requester),
    'Pending approvers': toCell((r.approval?.pending ?? []).join(', ')),
    'SLA due': dateCell(r.sla?.dueAt ?? null),
    Created: dateCell(r.createdAt),
    Updated: dateCell(r.updatedAt),
    Channel: toCell(r.channel),
    Summary: toCell(summaryOf(r)),
    ...jsonCells(table, 'Fields', r.fields),
    ...jsonCells(table, 'Approval', r.approval),
    ...jsonCells(table, 'SLA', r.sla),
    ...jsonCells(table, 'History', r.history),
    ...jsonCells(table, 'Meta', meta),
  };
}

function parseJson<T>(rec: Record<string, CellValue>, column: string, row: number): T {
  const text = jsonText(rec, column);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new DamagedRowError('Requests', row, `the "${column}" cell is not valid JSON`);
  }
}

export function recordToRequest(rec: Record<string, CellValue>, row: number): Request {
  const id = cellText(rec.ID);
  const version = cellInt(rec.Version);
  const revision = cellInt(rec.Revision);
  if (!id) throw new DamagedRowError('Requests', row, 'the ID cell is empty');
  if (version === null) throw new DamagedRowError('Requests', row, 'the Version cell is not a whole number');
  if (revision === null) throw new DamagedRowError('Requests', row, 'the Revision cell is not a whole number');
  const meta = parseJson<Meta>(rec, 'Meta', row);
  const assignee = cellText(rec.Assignee);
  return {
    ...meta,
    id,
    workflowId: cellText(rec.Workflow),
    version,
    revision,
    state: cellText(rec.State),
    fields: parseJson<Request['fields']>(rec, 'Fields', row),
    requester: cellText(rec.Requester),
    assignee: assignee === '' ? null : assignee,
    approval: parseJson<Request['approval']>(rec, 'Approval', row),
    sla: parseJson<Request['sla']>(rec, 'SLA', row),
    history: parseJson<Request['history']>(rec, 'History', row),
    channel: cellText(rec.Channel) as Channel,
  };
}
