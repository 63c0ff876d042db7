/**
 * One Config and one Directory per execution: the public request functions check the caller (auth.ts identify) and
 * then run the command, and both use the execution's copy (src/gas/plane/reference.ts), read at most once (cold
 * cache), and not at all when the script cache holds it for the current stamp.
 */
import { actOnRequest, createMyRequest } from '../../../src/gas/api';
import { referenceStores } from '../../../src/gas/plane/reference';
import { governedSheet, laptop, MAX, RITA } from './fixtures';

type T = ReturnType<typeof governedSheet>;

/** Every range each Values.batchGet / Values.get and each SpreadsheetApp getValues of `fn` read, by tab. */
function readsOf(t: T, fn: () => void): { apiRanges: string[]; directoryApiReads: number; sheetReads: Record<string, number> } {
  const values = (t.ws.globals.Sheets as GoogleAppsScript.Sheets).Spreadsheets.Values as unknown as Record<
    string,
    (...a: unknown[]) => unknown
  >;
  const real = { batchGet: values.batchGet!.bind(values), get: values.get!.bind(values) };
  const apiRanges: string[] = [];
  values.batchGet = (id: unknown, opts: unknown) => {
    apiRanges.push(...(((opts as { ranges?: string[] }).ranges ?? []) as string[]));
    return real.batchGet(id, opts);
  };
  values.get = (id: unknown, range: unknown, opts: unknown) => {
    apiRanges.push(String(range));
    return real.get(id, range, opts);
  };
  let cost: Record<string, number>;
  try {
    cost = t.ws.kernel.measure(fn).cost.calls;
  } finally {
    delete values.batchGet; // back to the prototype's methods
    delete values.get;
  }
  const directoryApiReads = apiRanges.filter((r) => r.startsWith("'Directory'!") && !r.endsWith('!1:1')).length;
  return { apiRanges, directoryApiReads, sheetReads: cost };
}

const expire = (t: T) => t.ws.caches.caches.clear();

describe('the public request functions', () => {
  it('read the Directory once per execution on a cold cache, and not at all when warm', () => {
    const t = governedSheet();
    expire(t);
    const cold = readsOf(t, () => t.as(RITA, () => createMyRequest(t.ctx(), { workflowId: 'purchase-approval', fields: laptop })));
    expect(cold.directoryApiReads).toBe(1);
    // No SpreadsheetApp read of the whole tab either (the old DirectoryStore path).
    expect(cold.sheetReads['Sheet.getDataRange'] ?? 0).toBe(0);

    // The create's one batchGet carried the Directory and filled no cache (commands.ts ReferenceCache 'read'): the
    // reads that need nothing else fill it, as the panel's caller check when the sidebar opens.
    expect(cold.sheetReads['Cache.putAll'] ?? 0).toBe(0);
    t.as(RITA, () => referenceStores(t.ctx()));
    const warm = readsOf(t, () => t.as(RITA, () => createMyRequest(t.ctx(), { workflowId: 'purchase-approval', fields: laptop })));
    expect(warm.directoryApiReads).toBe(0);

    expire(t);
    const decide = readsOf(t, () =>
      t.as(MAX, () => actOnRequest(t.ctx(), { requestId: 'PR-000001', expectedRevision: 1, action: { type: 'approve' } })),
    );
    expect(decide.directoryApiReads).toBe(1);
    expect(decide.sheetReads['Sheet.getDataRange'] ?? 0).toBe(0);
  });
});
