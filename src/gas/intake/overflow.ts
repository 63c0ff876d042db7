/**
 * Answers longer than the request can keep: the request's Fields JSON is fitted into its cells and the rest of
 * each long answer goes to the audit log, in parts.
 */
import type { AuditEvent, Definition, Request } from '../../core';
import type { AppContext } from '../context';
import { continuationName } from '../sheet/tabs';
import { MAX_CELL_CHARS } from '../sheet/values';
import { RequestStore } from '../store/requests';
import type { Table } from '../sheet/table';
import { MAX_ANSWER_CHARS, type Overflow } from './mapping';

/** Audit actions intake writes besides the engine's (the engine's AuditAction list has no such entries yet). */
export const INTAKE_OVERFLOW_ACTION: AuditEvent['action'] = 'intake_overflow';

/** Characters of an overflowing answer per audit row (under the Details cell's 50,000). */
export const OVERFLOW_CHUNK = 40_000;

/**
 * Keeps the request's Fields JSON inside the cells the Requests tab has for it ("Fields" and its continuation
 * columns): the longest answers are cut further, the rest going to the audit log like any long answer.
 */
export function fitFields(
  ctx: AppContext,
  def: Definition,
  fields: Record<string, unknown>,
  overflow: Overflow[],
  table: Table = new RequestStore(ctx).table,
): void {
  let cells = 1;
  while (table.has(continuationName('Fields', cells + 1))) cells++;
  const budget = cells * (MAX_CELL_CHARS - 1) - 1000;
  for (let guard = 0; guard < def.fields.length * 4; guard++) {
    const size = JSON.stringify(fields).length;
    if (size <= budget) return;
    let longest: string | null = null;
    for (const [k, v] of Object.entries(fields))
      if (typeof v === 'string' && (longest === null || v.length > (fields[longest] as string).length)) longest = k;
    if (longest === null) return;
    const v = fields[longest] as string;
    const keep = Math.max(0, v.length - (size - budget) - 100);
    const cut = v.slice(keep);
    const prior = overflow.find((o) => o.fieldId === longest);
    if (prior) prior.rest = cut + prior.rest;
    else overflow.push({ fieldId: longest, rest: cut, total: v.length });
    fields[longest] = v.slice(0, keep);
  }
}

/** The characters of long answers past what the request keeps, in audit rows of OVERFLOW_CHUNK characters. */
export function overflowEvents(req: Request, overflow: readonly Overflow[], now: number): Array<{ key: string; event: AuditEvent }> {
  const out: Array<{ key: string; event: AuditEvent }> = [];
  for (const o of overflow) {
    const kept = o.total - o.rest.length;
    const parts = Math.ceil(o.rest.length / OVERFLOW_CHUNK);
    for (let i = 0; i < parts; i++) {
      out.push({
        key: `${req.id}:${req.revision}:overflow:${o.fieldId}:${i + 1}`,
        event: {
          requestId: req.id,
          workflowId: req.workflowId,
          version: req.version,
          revision: req.revision,
          at: now,
          actor: 'system',
          onBehalfOf: null,
          method: 'system',
          action: INTAKE_OVERFLOW_ACTION,
          name: o.fieldId,
          fromState: req.state,
          toState: req.state,
          assigneeBefore: req.assignee,
          assigneeAfter: req.assignee,
          changes: [],
          comment: null,
          reason: `The answer to "${o.fieldId}" has ${o.total} characters; the request keeps the first ${kept} (the Sheets cell limit is ${MAX_ANSWER_CHARS}). The rest is here, part ${i + 1} of ${parts}.`,
          details: {
            field: o.fieldId,
            part: i + 1,
            parts,
            offset: kept + i * OVERFLOW_CHUNK,
            text: o.rest.slice(i * OVERFLOW_CHUNK, (i + 1) * OVERFLOW_CHUNK),
          },
        },
      });
    }
  }
  return out;
}
