/** PropertiesService: script, user and document stores, with Apps Script's size limits. */
import { gasError, MESSAGES } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';

export const MAX_VALUE_BYTES = 9 * 1024;
export const MAX_STORE_BYTES = 500 * 1024;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** All stores' data: 'script', 'user:<email>', 'document:<id>'. */
export class PropertiesState {
  readonly stores = new Map<string, Map<string, string>>();
  store(key: string): Map<string, string> {
    let s = this.stores.get(key);
    if (!s) this.stores.set(key, (s = new Map()));
    return s;
  }
  toJSON(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [k, s] of this.stores) out[k] = Object.fromEntries(s);
    return out;
  }
  restore(json: Record<string, Record<string, string>>): void {
    this.stores.clear();
    for (const [k, s] of Object.entries(json)) this.stores.set(k, new Map(Object.entries(s)));
  }
}

type GProps = GoogleAppsScript.Properties.Properties;

export class LocalProperties
  implements
    Implements<
      GProps,
      'getProperty' | 'getProperties' | 'getKeys' | 'setProperty' | 'setProperties' | 'deleteProperty' | 'deleteAllProperties'
    >
{
  constructor(
    private readonly kernel: Kernel,
    private readonly data: Map<string, string>,
  ) {}

  private call(method: string): void {
    this.kernel.call('Properties', method);
  }

  private check(next: Map<string, string>): void {
    let total = 0;
    for (const [k, v] of next) {
      if (bytes(v) > MAX_VALUE_BYTES) throw gasError(MESSAGES.propertyTooLarge);
      total += bytes(k) + bytes(v);
    }
    if (total > MAX_STORE_BYTES) throw gasError(MESSAGES.propertyStoreFull);
  }

  getProperty(key: string): string | null {
    this.call('getProperty');
    return this.data.get(String(key)) ?? null;
  }

  getProperties(): { [key: string]: string } {
    this.call('getProperties');
    return Object.fromEntries(this.data);
  }

  getKeys(): string[] {
    this.call('getKeys');
    return [...this.data.keys()];
  }

  setProperty(key: string, value: string): LocalProperties {
    this.call('setProperty');
    if (String(value).length && bytes(String(value)) > MAX_VALUE_BYTES) throw gasError(MESSAGES.propertyTooLarge);
    const next = new Map(this.data);
    next.set(String(key), String(value));
    this.check(next);
    this.data.set(String(key), String(value));
    return this;
  }

  setProperties(properties: { [key: string]: string }, deleteAllOthers?: boolean): LocalProperties {
    this.call('setProperties');
    const next = deleteAllOthers ? new Map<string, string>() : new Map(this.data);
    for (const [k, v] of Object.entries(properties)) next.set(k, String(v));
    this.check(next);
    this.data.clear();
    for (const [k, v] of next) this.data.set(k, v);
    return this;
  }

  deleteProperty(key: string): LocalProperties {
    this.call('deleteProperty');
    this.data.delete(String(key));
    return this;
  }

  deleteAllProperties(): LocalProperties {
    this.call('deleteAllProperties');
    this.data.clear();
    return this;
  }

  toString(): string {
    return 'Properties';
  }
}

type GService = GoogleAppsScript.Properties.PropertiesService;

/** User properties belong to the user the script runs as (effective user); document properties to the bound spreadsheet. */
export class LocalPropertiesService implements Implements<GService, 'getScriptProperties' | 'getUserProperties' | 'getDocumentProperties'> {
  constructor(
    private readonly kernel: Kernel,
    readonly state: PropertiesState,
    private readonly boundDocumentId: () => string | null,
  ) {}

  getScriptProperties(): LocalProperties {
    this.kernel.call('PropertiesService', 'getScriptProperties');
    return new LocalProperties(this.kernel, this.state.store('script'));
  }

  getUserProperties(): LocalProperties {
    this.kernel.call('PropertiesService', 'getUserProperties');
    return new LocalProperties(this.kernel, this.state.store('user:' + this.kernel.executions.current().effectiveUser.toLowerCase()));
  }

  getDocumentProperties(): LocalProperties | null {
    this.kernel.call('PropertiesService', 'getDocumentProperties');
    const id = this.boundDocumentId();
    return id ? new LocalProperties(this.kernel, this.state.store('document:' + id)) : null;
  }

  toString(): string {
    return 'PropertiesService';
  }
}
