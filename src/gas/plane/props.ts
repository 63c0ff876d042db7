/**
 * Script properties for one execution: read once (getProperties, one call, whatever the number of keys) and
 * served from memory after that. `set` stages a write for the unit's one setProperties; `writeNow` writes at once
 * (what setProperty callers expect). Values that other executions change under the lock (sequences, tail hints,
 * the next-due time, the journal) are read again once the lock is taken: withLock and runUnit call `refresh()`.
 */
type Store = GoogleAppsScript.Properties.Properties;

export class PlaneProps {
  private all: Record<string, string> | null = null;
  private readonly staged: Record<string, string> = {};
  private readonly removed = new Set<string>();
  private handle: Store | null = null;
  private deferring = 0;

  constructor(private readonly real: () => Store) {}

  private store(): Store {
    this.handle ??= this.real();
    return this.handle;
  }

  /** Every script property (one call the first time after a refresh). */
  read(): Record<string, string> {
    if (!this.all) this.all = { ...this.store().getProperties() };
    return this.all;
  }

  /** What was read, or null when nothing was yet (a check that must add no read looks here). */
  peek(): Record<string, string> | null {
    return this.all;
  }

  /** The properties an entry point already read (its event's one getProperties): served without a call. */
  seed(all: Record<string, string>): void {
    this.all ??= { ...all };
  }

  /** Forget what was read (after taking the lock); staged writes are kept. */
  refresh(): void {
    this.all = null;
  }

  get(key: string): string | null {
    if (key in this.staged) return this.staged[key]!;
    if (this.removed.has(key)) return null;
    return this.read()[key] ?? null;
  }

  json<T>(key: string): T | null {
    const text = this.get(key);
    if (!text) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }

  /** Staged until flush(). */
  set(key: string, value: string): void {
    this.staged[key] = value;
    this.removed.delete(key);
  }

  remove(key: string): void {
    delete this.staged[key];
    this.removed.add(key);
  }

  /** What is staged now: `restore` puts it back when a unit that staged more fails (its writes never landed). */
  mark(): { staged: Record<string, string>; removed: string[] } {
    return { staged: { ...this.staged }, removed: [...this.removed] };
  }

  restore(m: { staged: Record<string, string>; removed: string[] }): void {
    for (const k of Object.keys(this.staged)) delete this.staged[k];
    Object.assign(this.staged, m.staged);
    this.removed.clear();
    for (const k of m.removed) this.removed.add(k);
  }

  get pending(): boolean {
    return Object.keys(this.staged).length > 0 || this.removed.size > 0;
  }

  /** Writes what was staged: one setProperties call (and one deleteProperty per removed key). */
  flush(): void {
    const store = this.store();
    if (Object.keys(this.staged).length) {
      store.setProperties({ ...this.staged }, false);
      if (this.all) Object.assign(this.all, this.staged);
    }
    for (const k of this.removed) {
      store.deleteProperty(k);
      if (this.all) delete this.all[k];
    }
    for (const k of Object.keys(this.staged)) delete this.staged[k];
    this.removed.clear();
  }

  /**
   * Runs fn with writeNow/deleteNow staged instead of written: the execution's next flush (its last property write)
   * carries them. Only for writes whose loss in a killed execution costs a repeat, never a change (the timers' sweep
   * records: a lost one makes the next sweep read the same responses again, which intake takes as no-ops).
   */
  defer<T>(fn: () => T): T {
    this.deferring++;
    try {
      return fn();
    } finally {
      this.deferring--;
    }
  }

  writeNow(key: string, value: string): void {
    if (this.deferring > 0) {
      this.set(key, value);
      if (this.all) this.all[key] = value;
      return;
    }
    this.store().setProperty(key, value);
    if (this.all) this.all[key] = value;
    delete this.staged[key];
    this.removed.delete(key);
  }

  writeAllNow(values: Record<string, string>, deleteAllOthers: boolean): void {
    this.store().setProperties(values, deleteAllOthers);
    if (deleteAllOthers) this.all = { ...values };
    else if (this.all) Object.assign(this.all, values);
    for (const k of Object.keys(values)) delete this.staged[k];
  }

  deleteNow(key: string): void {
    if (this.deferring > 0) {
      this.remove(key);
      if (this.all) delete this.all[key];
      return;
    }
    this.store().deleteProperty(key);
    if (this.all) delete this.all[key];
    delete this.staged[key];
  }

  deleteAllNow(): void {
    this.store().deleteAllProperties();
    this.all = {};
  }
}

/**
 * PropertiesService whose script store is served by the execution's PlaneProps: every getProperty after the first
 * costs nothing (Apps Script charges each one as a round trip). User and document stores are the real ones.
 */
export function memoPropertiesService(
  real: GoogleAppsScript.Properties.PropertiesService,
  props: PlaneProps,
): GoogleAppsScript.Properties.PropertiesService {
  const script = {
    getProperty: (key: string) => props.get(key),
    getProperties: () => ({ ...props.read() }),
    getKeys: () => Object.keys(props.read()),
    setProperty(key: string, value: string) {
      props.writeNow(key, value);
      return script;
    },
    setProperties(values: Record<string, string>, deleteAllOthers?: boolean) {
      props.writeAllNow(values, deleteAllOthers === true);
      return script;
    },
    deleteProperty(key: string) {
      props.deleteNow(key);
      return script;
    },
    deleteAllProperties() {
      props.deleteAllNow();
      return script;
    },
  };
  return {
    getScriptProperties: () => script as unknown as GoogleAppsScript.Properties.Properties,
    getUserProperties: () => real.getUserProperties(),
    getDocumentProperties: () => real.getDocumentProperties(),
  } as GoogleAppsScript.Properties.PropertiesService;
}
