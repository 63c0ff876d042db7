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

export class CacheState {
  readonly caches = new Map<string, Map<string, Entry>>();
  order = 0;
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
    if (e && e.expiresAt <= this.kernel.clock.now()) {
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
    // The cache holds at most 1,000 items; when full, Apps Script drops the oldest ~10% by creation time
    // (measured by J. Poehnelt, "Exploring Apps Script CacheService limits").
    if (this.data.size > MAX_ITEMS) {
      const oldest = [...this.data.entries()].sort((a, b) => a[1].order - b[1].order).slice(0, MAX_ITEMS / 10);
      for (const [k] of oldest) this.data.delete(k);
    }
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
