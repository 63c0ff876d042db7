/** The parked refusals (src/gas/refusals.ts): bounded whatever is parked, and nothing counted is lost. */
import { addToBucket, PARK_ENTRY_BYTES, PARK_KEYS } from '../../../src/gas/refusals';

const entry = (i: number, who = `user${i % 50}@acme.test`, msg = 'Only Handoff operators can do this.') => ({
  id: `id-${i}`,
  at: 1_000 + i,
  who,
  fn: 'handoffPanelListRequests',
  msg,
  req: '',
});

describe('parked refusals', () => {
  it('stay under the property value limit (9 KB) through a flood of 5,000 from 50 people, and count every one', () => {
    let bucket = {
      entries: [] as ReturnType<typeof entry>[],
      more: null as null | { n: number; from: number; to: number; by: Record<string, number> },
    };
    let largest = 0;
    for (let i = 0; i < 5_000; i++) {
      bucket = addToBucket(bucket, entry(i, undefined, 'é'.repeat(i % 400)));
      largest = Math.max(largest, Buffer.byteLength(JSON.stringify(bucket), 'utf8'));
    }
    expect(largest).toBeLessThanOrEqual(9_216);
    expect(Buffer.byteLength(JSON.stringify(bucket.entries), 'utf8')).toBeLessThanOrEqual(PARK_ENTRY_BYTES);
    const more = bucket.more!;
    expect(Object.keys(more.by).length).toBeLessThanOrEqual(PARK_KEYS + 1);
    expect(more.by['(others)']).toBeGreaterThan(0);
    expect(bucket.entries.length + more.n).toBe(5_000);
    expect(Object.values(more.by).reduce((a, b) => a + b, 0)).toBe(more.n);
    expect([more.from, more.to]).toEqual([1_000 + bucket.entries.length, 1_000 + 4_999]);
  });

  it('keep each refusal whole while they fit', () => {
    let bucket = { entries: [] as ReturnType<typeof entry>[], more: null };
    for (let i = 0; i < 3; i++) bucket = addToBucket(bucket, entry(i)) as typeof bucket;
    expect(bucket.entries.map((e) => e.id)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(bucket.more).toBeNull();
  });
});
