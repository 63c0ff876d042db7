/**
 * Answers longer than the request can keep: the request's Fields JSON is fitted into its cells and the rest of
 * each long answer goes to the audit log, in parts.
 */
import type { AuditEvent, Definition, Request } from '../../core';
import type { AppContext } from '../context';
import { MAX_CELL_CHARS } from '../sheet/values';
import { jsonCellCount } from '../store/json-cells';
import { RequestStore } from '../store/requests';
import type { Table } from '../sheet/table';
import { MAX_ANSWER_CHARS, type Overflow } from './mapping';

/** Audit actions intake writes besides the engine's (the engine's AuditAction list has no such entries yet). */
export const INTAKE_OVERFLOW_ACTION: AuditEvent['action'] = 'intake_overflow';

/** Characters of an overflowing answer per audit row, counted as JSON (under the Details cell's 50,000). */
export const OVERFLOW_CHUNK = 40_000;

/**
 * Keeps the request's Fields JSON inside the cells the Requests tab may give it ("Fields" and its continuation
 * columns, present or added on demand): the longest answers are cut further, the rest going to the audit log like any long answer.
 */
export function fitFields(
  ctx: AppContext,
  def: Definition,
  fields: Record<string, unknown>,
  overflow: Overflow[],
  table: Table = new RequestStore(ctx).table,
): void {
  // The cells present, and the continuation columns the writer adds when the JSON needs them (json-cells.ts).
  const cells = jsonCellCount(table, 'Fields');
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

/** A character's length inside a JSON string ("\n" is 2, other control characters 6). */
function escapedLength(code: number): number {
  if (code === 0x22 || code === 0x5c || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x08 || code === 0x0c) return 2;
  return code < 0x20 ? 6 : 1;
}

/**
 * Text split so that each piece, written as a JSON string, has at most `max` characters: the audit row holds it in
 * its Details JSON cell (50,000 characters), so escapes count. Never splits a surrogate pair.
 */
export function jsonChunks(text: string, max = OVERFLOW_CHUNK): string[] {
  const out: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
    const len = pair ? 2 : escapedLength(code);
    if (size + len > max && i > start) {
      out.push(text.slice(start, i));
      start = i;
      size = 0;
    }
    size += len;
    if (pair) i++;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** The characters of long answers past what the request keeps, in audit rows of at most OVERFLOW_CHUNK (as JSON). */
export function overflowEvents(req: Request, overflow: readonly Overflow[], now: number): Array<{ key: string; event: AuditEvent }> {
  const out: Array<{ key: string; event: AuditEvent }> = [];
  for (const o of overflow) {
    const kept = o.total - o.rest.length;
    const chunks = jsonChunks(o.rest);
    const parts = chunks.length;
    let offset = kept;
    for (let i = 0; i < parts; i++) {
      const text = chunks[i] as string;
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
            offset,
            text,
          },
        },
      });
      offset += text.length;
    }
  }
  return out;
}
