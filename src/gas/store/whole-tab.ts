/**
 * The one loader of the small tabs Handoff reads whole (Config, Directory): the header and every data row, read
 * once per execution and shared by every store of that execution, for as long as the tabs' version stamp
 * (src/gas/plane/schema.ts) is the one it was read under. The data plane hands in the rows its one batchGet
 * returned (or its cached copy for the stamp), so a store made later in the execution reads nothing. A write
 * through a store drops the shared copy (and bumps the stamp); writes always go to the tab itself.
 */
import type { AppContext } from '../context';
import { stampKey } from '../plane/schema';
import { Table, type TabSpec } from '../sheet/table';
import type { CellValue } from '../sheet/values';

export interface TabRows {
  /** The headers as read (a data plane copy has no Sheet behind it: use WholeTab.writable() to write). */
  table: Table;
  /** Data rows: row i is sheet row i + 2 (blank rows kept). */
  rows: CellValue[][];
}

interface Shared extends TabRows {
  stamp: string;
}

const shared = new WeakMap<AppContext, Map<string, Shared>>();

const stampOf = (ctx: AppContext): string => ctx.props().get(stampKey(ctx)) ?? '';

/** The execution's copy of the tab, if it is still current (the stamp may change when the lock is taken). */
export function sharedRows(ctx: AppContext, spec: TabSpec): TabRows | null {
  const s = shared.get(ctx)?.get(spec.name);
  return s && s.stamp === stampOf(ctx) ? s : null;
}

/** Makes `rows` the execution's copy of the tab (the data plane, after its read). */
export function shareRows(ctx: AppContext, spec: TabSpec, rows: TabRows, stamp = stampOf(ctx)): void {
  let m = shared.get(ctx);
  if (!m) shared.set(ctx, (m = new Map()));
  m.set(spec.name, { ...rows, stamp });
}

/** The execution's copy of the tab: shared, else one read of the whole tab. */
export function loadWhole(ctx: AppContext, spec: TabSpec): TabRows {
  const have = sharedRows(ctx, spec);
  if (have) return have;
  const read = Table.openWhole(ctx.spreadsheet(), spec, ctx.sheet(spec.name));
  shareRows(ctx, spec, read);
  return read;
}

/** A store's view of one whole tab: loaded on first use (loadWhole), or over rows it was given. */
export class WholeTab {
  private loaded: TabRows | null;

  constructor(
    private readonly ctx: AppContext,
    private readonly spec: TabSpec,
    given: TabRows | null = null,
  ) {
    this.loaded = given;
  }

  private load(): TabRows {
    this.loaded ??= loadWhole(this.ctx, this.spec);
    return this.loaded;
  }

  /** Record and row building (headers as read). */
  get table(): Table {
    return this.load().table;
  }

  get rows(): CellValue[][] {
    return this.load().rows;
  }

  /** The tab itself, for a write (the loaded table, unless it is a data plane copy with no Sheet). */
  writable(): Table {
    const t = this.load().table;
    return t.sheet ? t : this.ctx.table(this.spec);
  }

  /** After a write: this execution's other stores read the tab again. */
  changed(): void {
    shared.get(this.ctx)?.delete(this.spec.name);
  }
}
