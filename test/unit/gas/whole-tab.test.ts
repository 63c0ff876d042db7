/**
 * One loader for Config and Directory (src/gas/store/whole-tab.ts): every store of an execution shares one read of
 * each tab, the data plane's included, until a write through a store or a new version stamp.
 */
import { referenceStores } from '../../../src/gas/plane/reference';
import { ConfigStore } from '../../../src/gas/store/config';
import { DirectoryStore } from '../../../src/gas/store/directory';
import { withLock } from '../../../src/gas/lock';
import { bumpStamp } from '../../../src/gas/plane/schema';
import { governedSheet, RITA } from './fixtures';
import { OWNER } from './workspace';

type T = ReturnType<typeof governedSheet>;
const reads = (t: T, fn: () => void): number => {
  const calls = t.ws.kernel.measure(fn).cost.calls;
  return (calls['Sheet.getSheetValues'] ?? 0) + (calls['Range.getValues'] ?? 0) + (calls['Sheets.Spreadsheets.Values.batchGet'] ?? 0);
};

describe('the whole-tab loader', () => {
  it('a store made after the data plane read the tabs reads nothing, and sees the same people and versions', () => {
    const t = governedSheet();
    const ctx = t.ctx();
    const plane = t.as(RITA, () => referenceStores(ctx));
    let people = 0;
    let versions = 0;
    expect(
      reads(t, () => {
        people = new DirectoryStore(ctx).list().length;
        versions = new ConfigStore(ctx).versions().length;
      }),
    ).toBe(0);
    expect(people).toBe(plane.directory.list().length);
    expect(versions).toBe(plane.config.versions().length);
  });

  it('two stores of one execution read each tab once; the data plane then reads neither', () => {
    const t = governedSheet();
    const ctx = t.ctx();
    expect(t.as(RITA, () => reads(t, () => new DirectoryStore(ctx).list()))).toBe(1);
    expect(t.as(RITA, () => reads(t, () => new DirectoryStore(ctx).directory()))).toBe(0);
    expect(t.as(RITA, () => reads(t, () => new ConfigStore(ctx).workflows()))).toBe(1);
    // The stamp must be current for the plane to take them: the schema is built first (its own reads), then none.
    t.as(RITA, () => referenceStores(t.ctx()));
    const fresh = t.ctx();
    t.as(RITA, () => {
      new DirectoryStore(fresh).list();
      new ConfigStore(fresh).versions();
    });
    expect(t.as(RITA, () => reads(t, () => referenceStores(fresh)))).toBe(0);
  });

  it('a write through a store, or a new stamp, makes the next store read the tab again', () => {
    const t = governedSheet();
    const ctx = t.ctx();
    t.as(OWNER, () => {
      expect(new DirectoryStore(ctx).list().some((p) => p.email === 'new@acme.test')).toBe(false);
      withLock(ctx, () => new DirectoryStore(ctx).upsert({ email: 'new@acme.test', name: 'New', roles: ['finance'] }));
      expect(new DirectoryStore(ctx).list().some((p) => p.email === 'new@acme.test')).toBe(true);
      expect(reads(t, () => new DirectoryStore(ctx).list())).toBe(0);
      bumpStamp(ctx);
      expect(reads(t, () => new DirectoryStore(ctx).list())).toBe(1);
    });
  });
});
