import type { Services } from '../services';

/**
 * The signing key for approval links, kept in script properties (never in the sheet, never in code).
 *
 *   HANDOFF_APPROVAL_KEYS = {"current":"k…","keys":{"k…":{"secret":"…","createdAt":…}},"rotated":{"k…":rotatedAt}}
 *
 * Only the current key is kept. Rotation replaces it and remembers the old key id, so a link signed with it
 * gets a clear "rotated" message instead of looking forged.
 */
export const KEYS_PROPERTY = 'HANDOFF_APPROVAL_KEYS';
/** How many rotated key ids we remember (a property value holds at most 9 KB). */
const MAX_ROTATED = 50;

export interface SigningKey {
  id: string;
  secret: string;
  createdAt: number;
}

export interface KeyRing {
  current: string | null;
  keys: Record<string, { secret: string; createdAt: number }>;
  rotated: Record<string, number>;
}

type KeyServices = Pick<Services, 'PropertiesService' | 'Utilities' | 'LockService'>;

const EMPTY: KeyRing = { current: null, keys: {}, rotated: {} };

/** Reads the key ring. Read-only: safe in doGet. A damaged value reads as "no key". */
export function readKeyRing(s: Pick<Services, 'PropertiesService'>): KeyRing {
  const raw = s.PropertiesService.getScriptProperties().getProperty(KEYS_PROPERTY);
  if (!raw) return { ...EMPTY, keys: {}, rotated: {} };
  try {
    const v = JSON.parse(raw) as Partial<KeyRing>;
    const keys: KeyRing['keys'] = {};
    for (const [id, k] of Object.entries(v.keys ?? {})) {
      if (k && typeof k.secret === 'string' && k.secret.length >= 32) keys[id] = { secret: k.secret, createdAt: Number(k.createdAt) || 0 };
    }
    const current = typeof v.current === 'string' && keys[v.current] ? v.current : null;
    const rotated: KeyRing['rotated'] = {};
    for (const [id, at] of Object.entries(v.rotated ?? {})) rotated[id] = Number(at) || 0;
    return { current, keys, rotated };
  } catch {
    return { ...EMPTY, keys: {}, rotated: {} };
  }
}

export function currentKey(ring: KeyRing): SigningKey | null {
  if (!ring.current) return null;
  const k = ring.keys[ring.current];
  return k ? { id: ring.current, secret: k.secret, createdAt: k.createdAt } : null;
}

/** 244 bits from Apps Script's random UUIDs (v4), hex, no dashes. */
function newSecret(s: Pick<Services, 'Utilities'>): string {
  return (s.Utilities.getUuid() + s.Utilities.getUuid()).replace(/-/g, '').toLowerCase();
}

function newKeyId(s: Pick<Services, 'Utilities'>, now: number): string {
  return 'k' + now.toString(36) + s.Utilities.getUuid().replace(/-/g, '').slice(0, 6);
}

function write(s: Pick<Services, 'PropertiesService'>, ring: KeyRing): void {
  const ids = Object.keys(ring.rotated).sort((a, b) => (ring.rotated[b] ?? 0) - (ring.rotated[a] ?? 0));
  const rotated: KeyRing['rotated'] = {};
  for (const id of ids.slice(0, MAX_ROTATED)) rotated[id] = ring.rotated[id] ?? 0;
  s.PropertiesService.getScriptProperties().setProperty(KEYS_PROPERTY, JSON.stringify({ current: ring.current, keys: ring.keys, rotated }));
}

function withScriptLock<T>(s: Pick<Services, 'LockService'>, fn: () => T): T {
  const lock = s.LockService.getScriptLock();
  lock.waitLock(30_000);
  try {
    return fn();
  } finally {
    lock.releaseLock();
  }
}

/**
 * The current key, created on first use (set-up calls this). Creation runs under the script lock and
 * re-reads inside it, so two executions starting at once end up with one key.
 */
export function ensureKey(s: KeyServices, now: number = Date.now()): SigningKey {
  const existing = currentKey(readKeyRing(s));
  if (existing) return existing;
  return withScriptLock(s, () => {
    const ring = readKeyRing(s);
    const again = currentKey(ring);
    if (again) return again;
    const id = newKeyId(s, now);
    ring.keys = { [id]: { secret: newSecret(s), createdAt: now } };
    ring.current = id;
    write(s, ring);
    return { id, secret: ring.keys[id]!.secret, createdAt: now };
  });
}

/**
 * Replace the signing key. Every link signed with the old key stops working and says so
 * ("This link was signed with a key that has been rotated…"). Returns the old and new key ids.
 */
export function rotateKey(s: KeyServices, now: number = Date.now()): { previous: string | null; current: string } {
  return withScriptLock(s, () => {
    const ring = readKeyRing(s);
    const previous = ring.current;
    for (const id of Object.keys(ring.keys)) ring.rotated[id] = now;
    const id = newKeyId(s, now);
    ring.keys = { [id]: { secret: newSecret(s), createdAt: now } };
    ring.current = id;
    write(s, ring);
    return { previous, current: id };
  });
}
