/**
 * Request id sequences, one per workflow prefix, in script properties (namespaced per spreadsheet).
 * Called under the lock. When the property is missing (a new script, a wiped store), the next number is found
 * from the IDs already in the Requests tab, in one batched read, so an id is never reused.
 *
 * A number is claimed only for a create that commits: createRequestCommand peeks the next number, lets the engine
 * build the request with it, claims it (writes the property) just before the commit's journal (so a replayed journal
 * can never meet a reused id), and gives it back when the commit wrote nothing. A refused create leaves no gap.
 */
import { parseRequestId } from '../../core';
import { scopedKey, type AppContext } from '../context';
import { cellText } from '../sheet/values';
import type { RequestStore } from './requests';
import { requireLock } from '../lock-state';

const keyOf = (ctx: AppContext, prefix: string): string => scopedKey(ctx, 'seq', prefix);

/** The last number used for `prefix` (0 when none). Reads only. */
function lastSequence(ctx: AppContext, prefix: string, requests: RequestStore): number {
  const n = Number(ctx.services.PropertiesService.getScriptProperties().getProperty(keyOf(ctx, prefix)) ?? NaN);
  if (Number.isInteger(n) && n >= 0) return n;
  let last = 0;
  const end = requests.table.lastRow();
  if (end >= 2) {
    for (const v of requests.table.readColumn('ID', 2, end - 1)) {
      const p = parseRequestId(cellText(v));
      if (p && p.prefix === prefix && p.n > last) last = p.n;
    }
  }
  return last;
}

/** The number the next create would get. Writes nothing. */
export function peekSequence(ctx: AppContext, prefix: string, requests: RequestStore): number {
  return lastSequence(ctx, prefix, requests) + 1;
}

/** Records `n` as used (before the commit that uses it). */
export function claimSequence(ctx: AppContext, prefix: string, n: number): void {
  requireLock(ctx, 'claimSequence');
  ctx.services.PropertiesService.getScriptProperties().setProperty(keyOf(ctx, prefix), String(n));
}

/** Gives `n` back when the commit that claimed it wrote nothing (still under the same lock). */
export function releaseSequence(ctx: AppContext, prefix: string, n: number): void {
  requireLock(ctx, 'releaseSequence');
  const props = ctx.services.PropertiesService.getScriptProperties();
  if (props.getProperty(keyOf(ctx, prefix)) === String(n)) props.setProperty(keyOf(ctx, prefix), String(n - 1));
}
