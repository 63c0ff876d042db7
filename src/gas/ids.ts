/**
 * Ids for one execution: one Utilities.getUuid, then a counter. Each id is unique as the uuid is (no two executions
 * share one), and an execution that makes dozens (a timer run's Outbox entries, its links' nonces) pays one call.
 */
type Utils = Pick<GoogleAppsScript.Utilities.Utilities, 'getUuid'>;

const bases = new WeakMap<object, { hex: string; n: number }>();

function next(u: Utils): { hex: string; n: number } {
  let b = bases.get(u);
  if (!b || b.n >= 0xffff) {
    let hex: string;
    try {
      hex = u.getUuid().replace(/-/g, '').toLowerCase();
    } catch {
      hex = Math.random().toString(16).slice(2).padEnd(32, '0');
    }
    b = { hex, n: 0 };
    bases.set(u, b);
  }
  b.n++;
  return b;
}

/** A unique id: the execution's uuid and a counter (`<uuid>-<n>`, n in base 36). */
export function executionId(u: Utils): string {
  const b = next(u);
  return `${b.hex.slice(0, 8)}-${b.hex.slice(8, 12)}-${b.hex.slice(12, 16)}-${b.hex.slice(16, 20)}-${b.hex.slice(20, 32)}-${b.n.toString(36)}`;
}

/** 16 hex characters, unique per execution (12 of its uuid, 4 of the counter): a link token's nonce. */
export function executionNonce(u: Utils): string {
  const b = next(u);
  return b.hex.slice(0, 12) + b.n.toString(16).padStart(4, '0');
}
