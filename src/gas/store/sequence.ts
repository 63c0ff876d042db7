/**
 * Request id sequences, one per workflow prefix, in script properties (namespaced per spreadsheet).
 * Called under the lock. When the property is missing (a new script, a wiped store), the next number is found
 * from the IDs already in the Requests tab, in one batched read, so an id is never reused.
 */
import { parseRequestId } from '../../core';
import type { AppContext } from '../context';
import { cellText } from '../sheet/values';
import type { RequestStore } from './requests';

export function nextSequence(ctx: AppContext, prefix: string, requests: RequestStore): number {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const key = `${ctx.scope()}:seq:${prefix}`;
  let n = Number(props.getProperty(key) ?? NaN);
  if (!Number.isInteger(n) || n < 0) {
    n = 0;
    const last = requests.table.lastRow();
    if (last >= 2) {
      for (const v of requests.table.readColumn('ID', 2, last - 1)) {
        const p = parseRequestId(cellText(v));
        if (p && p.prefix === prefix && p.n > n) n = p.n;
      }
    }
  }
  n += 1;
  props.setProperty(key, String(n));
  return n;
}
