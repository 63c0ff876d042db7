/** CacheService: script, user and document caches that expire on the SimClock. */
import { gasError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';

export const MAX_KEY_CHARS = 250;
export const MAX_VALUE_BYTES = 100 * 1024;
export const DEFAULT_EXPIRY_S = 600;
export const MAX_EXPIRY_S = 21600;
export const MAX_ITEMS = 1000;
export const KEY_TOO_LARGE = 'Argument too large: key';
export const VALUE_TOO_LARGE = 'Argument too large: value';

interface Entry {
  value: string;
  expiresAt: number;
  order: number;
}

/** How many items a full cache keeps: "the cache stores the 900 items farthest from expiration". */
export const KEPT_WHEN_FULL = 900;

/** A small seeded generator (mulberry32): the same seed drops the same reads. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface EarlyDrop {
  seed: number;
  /** Chance (0..1) that a read finds a live item already dropped. Default 0.3. */
  probability?: number;
}

/**
 * Reads `HANDOFF_LOCAL_CACHE_DROP` ("seed" or "seed:probability", e.g. "7" or "7:0.5"): the early-drop mode the
 * integration tests run in once, so that every cache-miss path is exercised. Unset or empty: none.
 */
export function earlyDropFromEnv(value: string | undefined): EarlyDrop | null {
  if (!value) return null;
  const [seedText, pText] = value.split(':');
  const seed = Number(seedText);
  const probability = pText === undefined ? undefined : Number(pText);
  if (!Number.isFinite(seed) || (probability !== undefined && !(probability >= 0 && probability <= 1)))
    throw new Error(`HANDOFF_LOCAL_CACHE_DROP must be "seed" or "seed:probability" (0 to 1), got "${value}"`);
  return probability === undefined ? { seed } : { seed, probability };
}

export class CacheState {
  readonly caches = new Map<string, Map<string, Entry>>();
  order = 0;
  private drop: { random: () => number; probability: number } | null = null;
  /** How many reads the early-drop mode turned into misses. */
  droppedEarly = 0;

  /**
   * "cached data may be removed before this time": with early drop on, each read of a live item may find it
   * gone (the item is removed), decided by a generator seeded for repeatable runs. null turns it off.
   */
  setEarlyDrop(opts: EarlyDrop | null): void {
    this.drop = opts ? { random: seededRandom(opts.seed), probability: opts.probability ?? 0.3 } : null;
  }

  /** True when this read should find the item dropped early. */
  dropsNow(): boolean {
    if (!this.drop || this.drop.random() >= this.drop.probability) return false;
    this.droppedEarly++;
    return true;
  }

  cache(key: string): Map<string, Entry> {
    let c = this.caches.get(key);
    if (!c) this.caches.set(key, (c = new Map()));
    return c;
  }
  toJSON(): { order: number; caches: Record<string, Record<string, Entry>> } {
    const caches: Record<string, Record<string, Entry>> = {};
    for (const [k, c] of this.caches) caches[k] = Object.fromEntries(c);
    return { order: this.order, caches };
  }
  restore(json: { order: number; caches: Record<string, Record<string, Entry>> }): void {
    this.caches.clear();
    this.order = json.order;
    for (const [k, c] of Object.entries(json.caches)) this.caches.set(k, new Map(Object.entries(c)));
  }
}

type GCache = GoogleAppsScript.Cache.Cache;

export class LocalCache implements Implements<GCache, 'get' | 'getAll' | 'put' | 'putAll' | 'remove' | 'removeAll'> {
  constructor(
    private readonly kernel: Kernel,
    private readonly state: CacheState,
    private readonly data: Map<string, Entry>,
  ) {}

  private call(method: string): void {
    this.kernel.call('Cache', method);
  }

  private checkKey(key: string): string {
    const k = String(key);
    if (k.length > MAX_KEY_CHARS) throw gasError(KEY_TOO_LARGE);
    return k;
  }

  private live(key: string): Entry | undefined {
    const e = this.data.get(key);
    if (e && (e.expiresAt <= this.kernel.clock.now() || this.state.dropsNow())) {
      this.data.delete(key);
      return undefined;
    }
    return e;
  }

  private store(key: string, value: string, expirationInSeconds?: number): void {
    const v = String(value);
    if (Buffer.byteLength(v, 'utf8') > MAX_VALUE_BYTES) throw gasError(VALUE_TOO_LARGE);
    const s = Math.min(Math.max(expirationInSeconds ?? DEFAULT_EXPIRY_S, 1), MAX_EXPIRY_S);
    this.data.delete(key);
    this.data.set(key, { value: v, expiresAt: this.kernel.clock.now() + s * 1000, order: this.state.order++ });
    if (this.data.size > MAX_ITEMS) this.evict();
  }

  /**
   * The reference (Cache.put): "The cap for cached items is 1,000. If more than 1,000 items are written, the
   * cache stores the 900 items farthest from expiration." Expired items go first; ties keep the newer item.
   */
  private evict(): void {
    const now = this.kernel.clock.now();
    for (const [k, e] of this.data) if (e.expiresAt <= now) this.data.delete(k);
    if (this.data.size <= MAX_ITEMS) return;
    const nearest = [...this.data.entries()]
      .sort((a, b) => a[1].expiresAt - b[1].expiresAt || a[1].order - b[1].order)
      .slice(0, this.data.size - KEPT_WHEN_FULL);
    for (const [k] of nearest) this.data.delete(k);
  }

  get(key: string): string | null {
    this.call('get');
    return this.live(this.checkKey(key))?.value ?? null;
  }

  getAll(keys: string[]): { [key: string]: string } {
    this.call('getAll');
    const out: Record<string, string> = {};
    for (const k of keys) {
      const e = this.live(this.checkKey(k));
      if (e) out[k] = e.value;
    }
    return out;
  }

  put(key: string, value: string, expirationInSeconds?: number): void {
    this.call('put');
    this.store(this.checkKey(key), value, expirationInSeconds);
  }

  putAll(values: { [key: string]: string }, expirationInSeconds?: number): void {
    this.call('putAll');
    const entries = Object.entries(values).map(([k, v]) => [this.checkKey(k), v] as const);
    for (const [, v] of entries) if (Buffer.byteLength(String(v), 'utf8') > MAX_VALUE_BYTES) throw gasError(VALUE_TOO_LARGE);
    for (const [k, v] of entries) this.store(k, v, expirationInSeconds);
  }

  remove(key: string): void {
    this.call('remove');
    this.data.delete(this.checkKey(key));
  }

  removeAll(keys: string[]): void {
    this.call('removeAll');
    for (const k of keys) this.data.delete(this.checkKey(k));
  }

  toString(): string {
    return 'Cache';
  }
}

type GService = GoogleAppsScript.Cache.CacheService;

export class LocalCacheService implements Implements<GService, 'getScriptCache' | 'getUserCache' | 'getDocumentCache'> {
  constructor(
    private readonly kernel: Kernel,
    readonly state: CacheState,
    private readonly boundDocumentId: () => string | null,
  ) {}

  getScriptCache(): LocalCache {
    this.kernel.call('CacheService', 'getScriptCache');
    return new LocalCache(this.kernel, this.state, this.state.cache('script'));
  }

  getUserCache(): LocalCache {
    this.kernel.call('CacheService', 'getUserCache');
    return new LocalCache(
      this.kernel,
      this.state,
      this.state.cache('user:' + this.kernel.executions.current().effectiveUser.toLowerCase()),
    );
  }

  getDocumentCache(): LocalCache | null {
    this.kernel.call('CacheService', 'getDocumentCache');
    const id = this.boundDocumentId();
    return id ? new LocalCache(this.kernel, this.state, this.state.cache('document:' + id)) : null;
  }

  toString(): string {
    return 'CacheService';
  }
}
