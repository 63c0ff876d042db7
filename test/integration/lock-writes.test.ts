/**
 * Every store write holds the script lock. Two (and four) publishes run at once in worker threads, contending for
 * the real lock, through dist/Code.js: each gets its own version number and Config keeps every version once.
 * A publish that forgot withLock fails at the store's run-time check (test/unit/gas/lock-writes.test.ts).
 */
import { purchaseApproval } from '../../src/templates';
import { PEOPLE } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle } from './harness';

function world() {
  const h = loadBundle(OWNER);
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', PEOPLE);
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  return h;
}

describe('publishing at the same time', () => {
  jest.setTimeout(120_000);

  it.each([2, 4])('%i publishes at once get distinct versions; Config holds each once', async (n) => {
    const h = world();
    const jobs = Array.from({ length: n }, (_, i) => ({
      fn: 'handoffPublishWorkflow',
      args: [{ ...purchaseApproval, name: `Purchase approval, edit ${i + 1}` }],
      activeUser: OWNER,
      effectiveUser: OWNER,
      kind: 'script-run' as const,
    }));
    const results = await h.ws.runtime.concurrent(jobs, { threads: n });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(jobs.map(() => 'ok'));
    const config = h.sheet.values('Config');
    const head = config[0] as string[];
    const rows = config.slice(1).filter((r) => r[head.indexOf('Workflow')] === 'purchase-approval');
    const versions = rows.map((r) => Number(r[head.indexOf('Version')])).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: n + 1 }, (_, i) => i + 1));
    const names = rows.map((r) => String(r[head.indexOf('Name')])).sort();
    expect(names).toEqual(['Purchase approval', ...jobs.map((_, i) => `Purchase approval, edit ${i + 1}`)].sort());
    expect(h.ws.locks.holders.size).toBe(0);
  });
});
