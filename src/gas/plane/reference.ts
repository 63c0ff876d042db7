/**
 * Config and Directory (the reference data every operation needs) for one execution: from memory when this
 * execution already has them for the current stamp, else from the script cache for the stamp (one getAll, shared
 * with the unit's row hints), else read whole in one batchGet and cached for the stamp (chunks of 90 KB, with the
 * unit's other cache entries in one putAll). A stamp bumped by any write to those tabs makes older copies
 * unreachable: never stale.
 */
import { scopedKey, type AppContext } from '../context';
import { CONFIG, DIRECTORY } from '../sheet/tabs';
import type { CellValue } from '../sheet/values';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import { shareRows, sharedRows } from '../store/whole-tab';
import { stampKey } from './schema';
import { ReadPlan, type Snapshot } from './snapshot';
import { tableOf } from './tables';
import { runUnit, type Unit } from './unit';

const CHUNK = 90_000;
const MAX_CHUNKS = 10;

export interface ReferenceRows {
  stamp: string;
  config: CellValue[][];
  directory: CellValue[][];
}

const memo = new WeakMap<AppContext, ReferenceRows>();

const keyOf = (ctx: AppContext, stamp: string, i: number): string => scopedKey(ctx, 'cd', stamp, i);

/** This execution's copy for the unit's stamp, if any (the plane's, or both tabs as a store read them). */
export function remembered(u: Unit): ReferenceRows | null {
  const m = memo.get(u.ctx);
  if (m && m.stamp === u.schema.stamp) return m;
  const config = sharedRows(u.ctx, CONFIG);
  const directory = sharedRows(u.ctx, DIRECTORY);
  if (!config || !directory || u.ctx.props().get(stampKey(u.ctx)) !== u.schema.stamp) return null;
  const rows = { stamp: u.schema.stamp, config: config.rows, directory: directory.rows };
  memo.set(u.ctx, rows);
  return rows;
}

/** The cache keys to fetch with the unit's one getAll (none when this execution already has the rows). */
export function referenceKeys(u: Unit): string[] {
  if (remembered(u)) return [];
  return Array.from({ length: MAX_CHUNKS }, (_, i) => keyOf(u.ctx, u.schema.stamp, i));
}

/** The rows from a getAll result, or null (a miss: plan them). */
export function fromCache(u: Unit, hits: Record<string, string>): ReferenceRows | null {
  const have = remembered(u);
  if (have) return have;
  const stamp = u.schema.stamp;
  const first = hits[keyOf(u.ctx, stamp, 0)];
  if (!first) return null;
  const nl = first.indexOf('\n');
  const n = Number(first.slice(0, nl));
  let text = first.slice(nl + 1);
  for (let i = 1; i < n; i++) {
    const part = hits[keyOf(u.ctx, stamp, i)];
    if (part === undefined) return null;
    text += part;
  }
  try {
    const c = JSON.parse(text) as Omit<ReferenceRows, 'stamp'>;
    const rows = { stamp, config: c.config, directory: c.directory };
    memo.set(u.ctx, rows);
    return rows;
  } catch {
    return null;
  }
}

export function planReference(u: Unit, plan: ReadPlan): void {
  for (const tab of [CONFIG.name, DIRECTORY.name]) if (u.schema.tabs[tab]) plan.whole(tab);
}

/** After the read: the rows, remembered for the execution and cached for the stamp after the unit. */
export function fromSnapshot(u: Unit, snap: Snapshot, fill = true): ReferenceRows {
  const rows: ReferenceRows = { stamp: u.schema.stamp, config: snap.whole(CONFIG.name) ?? [], directory: snap.whole(DIRECTORY.name) ?? [] };
  memo.set(u.ctx, rows);
  if (!fill) return rows;
  const text = JSON.stringify({ config: rows.config, directory: rows.directory });
  const n = Math.ceil(text.length / CHUNK);
  if (n <= MAX_CHUNKS) {
    for (let i = 0; i < n; i++)
      u.cachePuts[keyOf(u.ctx, rows.stamp, i)] = (i === 0 ? `${n}\n` : '') + text.slice(i * CHUNK, (i + 1) * CHUNK);
  }
  return rows;
}

/** The stores over the rows (no reads of their own); every later store of the execution shares them. */
export function storesOf(u: Unit, c: ReferenceRows): { config: ConfigStore; directory: DirectoryStore } {
  const config = { table: tableOf(u.schema, CONFIG), rows: c.config };
  const directory = { table: tableOf(u.schema, DIRECTORY), rows: c.directory };
  shareRows(u.ctx, CONFIG, config, c.stamp);
  shareRows(u.ctx, DIRECTORY, directory, c.stamp);
  return {
    config: ConfigStore.fromRows(u.ctx, config.table, config.rows),
    directory: DirectoryStore.fromRows(u.ctx, directory.table, directory.rows),
  };
}

/** Config and Directory outside a unit (the panel's caller check, read-only pages): one read at most, no lock. */
export function referenceStores(ctx: AppContext): { config: ConfigStore; directory: DirectoryStore } {
  return runUnit(ctx, { lock: false }, (u) => {
    let hits: Record<string, string> = {};
    const keys = referenceKeys(u);
    if (keys.length) {
      try {
        hits = ctx.services.CacheService.getScriptCache().getAll(keys) ?? {};
      } catch {
        hits = {};
      }
    }
    let rows = fromCache(u, hits);
    if (!rows) {
      const plan = new ReadPlan();
      planReference(u, plan);
      rows = fromSnapshot(u, u.read(plan));
    }
    return storesOf(u, rows);
  });
}
