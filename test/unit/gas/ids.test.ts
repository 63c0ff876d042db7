/** Execution ids: one Utilities.getUuid for many ids, each unique. */
import { executionId, executionNonce } from '../../../src/gas/ids';

let made = 0;
/** A fake Utilities whose getUuid counts its calls (each uuid different, as real ones are). */
function counting() {
  let calls = 0;
  const u = {
    getUuid: () => {
      calls++;
      made++;
      return `${(made * 0x1234567).toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(made).padStart(12, '0')}`;
    },
  };
  return { u, calls: () => calls };
}

test('a hundred ids and nonces cost one getUuid and are all different', () => {
  const { u, calls } = counting();
  const ids = Array.from({ length: 100 }, () => executionId(u));
  const nonces = Array.from({ length: 100 }, () => executionNonce(u));
  expect(calls()).toBe(1);
  expect(new Set([...ids, ...nonces]).size).toBe(200);
  for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{16}$/);
  // Another execution (another Utilities) gets its own uuid.
  const other = counting();
  expect(executionId(other.u)).not.toBe(ids[0]);
  expect(other.calls()).toBe(1);
});
