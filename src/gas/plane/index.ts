/**
 * A hash index in one hidden tab ("Index"), so a key is found without scanning a column: the key's bucket (FNV-1a
 * of the key, 2,048 buckets, one row each) holds a small JSON map per index (one column each). A lookup is one
 * cell in the unit's batchGet; an insert rewrites that cell in the unit's batchUpdate (under the lock, with
 * everything else, atomically). Entries are hints: every row they name is checked on read (the ID must match), so
 * a stale or hand-edited entry costs one fallback lookup, never a wrong write. The tab is created by the first
 * write that needs it (addSheet in the same batch).
 *   requests: request id → its Requests row;   intake: form response id → "requestId|Intake log row".
 * An archive run's delete step drops the moved requests' entries and moves the others' rows up (pruneIndex), in
 * the same Sheets API write as the deletes, so the buckets hold live requests only and their hints stay right. A
 * moved response leaves a short fingerprint in its bucket's intake map (key ARCHIVED_KEY, space-separated), so an
 * edit of it made after the move is told from a new response (src/gas/plane/intake.ts) without the archive.
 */
import { cellText, type CellValue } from '../sheet/values';
import { schemaKey } from './schema';
import { ReadPlan, type Snapshot } from './snapshot';
import type { Unit } from './unit';
import { scopedKey } from '../context';

export const INDEX_TAB = 'Index';
export const BUCKETS = 2048;
const COLUMNS = ['requests', 'intake'] as const;
export type IndexName = (typeof COLUMNS)[number];

/** FNV-1a, 32 bits. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The intake map's entry that lists fingerprints of responses whose request moved to an archive. */
export const ARCHIVED_KEY = '~archived';

/** A response id's fingerprint in ARCHIVED_KEY: 32 bits (another FNV-1a than the bucket's), base 36. */
export const fingerprint = (key: string): string => fnv(`archived:${key}`).toString(36);

/** Whether the response's request moved to an archive (its bucket must be in the snapshot: planIndex). */
export function isArchivedResponse(u: Unit, snap: Snapshot, responseId: string): boolean {
  if (!u.schema.tabs[INDEX_TAB] && !pending.get(u)) return false;
  const list = bucket(u, snap, bucketOf(responseId)).intake[ARCHIVED_KEY];
  return typeof list === 'string' && ` ${list} `.includes(` ${fingerprint(responseId)} `);
}

/** The bucket's row (2 … BUCKETS + 1; row 1 holds the headers). */
export const bucketOf = (key: string): number => 2 + (fnv(key) % BUCKETS);

export function planIndex(u: Unit, plan: ReadPlan, key: string): void {
  if (u.schema.tabs[INDEX_TAB]) plan.rows(INDEX_TAB, bucketOf(key));
}

/** The buckets of the ids the next create of each prefix will get (from the sequence properties). */
export function planNextIds(u: Unit, plan: ReadPlan): void {
  const prefix = scopedKey(u.ctx, 'seq', '');
  for (const k of Object.keys(u.props.read())) {
    if (!k.startsWith(prefix)) continue;
    const n = Number(u.props.get(k) ?? Number.NaN);
    if (Number.isInteger(n)) planIndex(u, plan, `${k.slice(prefix.length)}-${String(n + 1).padStart(6, '0')}`);
  }
}

const pending = new WeakMap<Unit, Map<number, Record<IndexName, Record<string, string>>>>();

function bucket(u: Unit, snap: Snapshot, row: number): Record<IndexName, Record<string, string>> {
  const staged = pending.get(u)?.get(row);
  if (staged) return staged;
  // A bucket the plan did not read (a guess that missed): read it, never overwrite what it holds.
  if (u.schema.tabs[INDEX_TAB] && !u.changes.newTabs.some((t) => t.title === INDEX_TAB) && snap.row(INDEX_TAB, row) === undefined)
    u.read(new ReadPlan().rows(INDEX_TAB, row), snap);
  const cells = snap.row(INDEX_TAB, row) ?? [];
  const out = {} as Record<IndexName, Record<string, string>>;
  COLUMNS.forEach((name, i) => {
    try {
      out[name] = (JSON.parse(cellText(cells[i]) || '{}') as Record<string, string>) ?? {};
    } catch {
      out[name] = {};
    }
  });
  return out;
}

/** The entry for `key` in index `name`, or null (the bucket must be in the snapshot: planIndex). */
export function indexGet(u: Unit, snap: Snapshot, name: IndexName, key: string): string | null {
  if (!u.schema.tabs[INDEX_TAB] && !pending.get(u)) return null;
  return bucket(u, snap, bucketOf(key))[name][key] ?? null;
}

/** Stages `key` → `value` in index `name` (the bucket row rewritten; the tab created first if it is new). */
export function indexPut(u: Unit, snap: Snapshot, name: IndexName, key: string, value: string): void {
  if (!u.schema.tabs[INDEX_TAB]) createIndexTab(u);
  const row = bucketOf(key);
  const b = bucket(u, snap, row);
  b[name] = { ...b[name], [key]: value };
  let m = pending.get(u);
  if (!m) pending.set(u, (m = new Map()));
  m.set(row, b);
  const cells: CellValue[] = COLUMNS.map((c) => JSON.stringify(b[c] ?? {}));
  u.changes.update(INDEX_TAB, row, cells);
}

/** Adds the Index tab to this unit's write and to the schema property (read by every later unit under the lock). */
function createIndexTab(u: Unit): void {
  const sheetId = 1_000_000 + (Math.floor(Math.random() * 1e9) % 1_000_000_000);
  u.changes.newTabs.push({ title: INDEX_TAB, sheetId, rows: BUCKETS + 1, columns: COLUMNS.length, hidden: true });
  u.changes.update(INDEX_TAB, 1, [...COLUMNS]);
  u.schema = {
    ...u.schema,
    tabs: {
      ...u.schema.tabs,
      [INDEX_TAB]: { sheetId, headers: [...COLUMNS], dates: COLUMNS.map(() => false), rowCount: BUCKETS + 1, columnCount: COLUMNS.length },
    },
  };
  u.props.set(schemaKey(u.ctx), JSON.stringify(u.schema));
}

/** Rows `removed` (sorted ascending) taken out of a tab: where row `r` is afterwards (null when it was removed). */
export function shiftedRow(r: number, removed: readonly number[]): number | null {
  let lo = 0;
  let hi = removed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((removed[mid] as number) < r) lo = mid + 1;
    else hi = mid;
  }
  return removed[lo] === r ? null : r - lo;
}

/**
 * The Index after an archive's delete step (src/gas/archive/remove.ts): the moved requests' entries and their
 * responses' entries dropped, the other entries' row hints moved up past the deleted Requests and Intake log rows.
 * `buckets` are the bucket rows as read (row 2 on, one cell per index); returns them rewritten and whether any
 * changed. Pure: the caller reads and writes the tab.
 */
export function pruneIndex(
  buckets: readonly CellValue[][],
  gone: ReadonlySet<string>,
  removed: { requests: readonly number[]; intake: readonly number[] },
): { buckets: string[][]; changed: boolean } {
  const req = [...removed.requests].sort((a, b) => a - b);
  const log = [...removed.intake].sort((a, b) => a - b);
  let changed = false;
  const out = buckets.map((cells) =>
    COLUMNS.map((name, i) => {
      const text = cellText(cells[i]);
      let map: Record<string, string>;
      try {
        map = (JSON.parse(text || '{}') as Record<string, string>) ?? {};
      } catch {
        return text; // a hand-damaged bucket: left as it is (its entries are hints, checked on read)
      }
      const next: Record<string, string> = {};
      const archived = name === 'intake' && map[ARCHIVED_KEY] ? [map[ARCHIVED_KEY]] : [];
      for (const [key, value] of Object.entries(map)) {
        if (key === ARCHIVED_KEY) continue;
        const requestId = name === 'requests' ? key : value.slice(0, value.lastIndexOf('|'));
        if (gone.has(requestId)) {
          if (name === 'intake') archived.push(fingerprint(key));
          continue;
        }
        const at = name === 'requests' ? value : value.slice(value.lastIndexOf('|') + 1);
        const row = Number(at);
        const moved = Number.isInteger(row) ? shiftedRow(row, name === 'requests' ? req : log) : null;
        if (moved === null) {
          if (Number.isInteger(row)) continue; // its row was deleted: the entry is stale
          next[key] = value;
        } else next[key] = name === 'requests' ? String(moved) : `${requestId}|${moved}`;
      }
      if (archived.length > 0) next[ARCHIVED_KEY] = archived.join(' ');
      const json = JSON.stringify(next);
      if (json !== (text || '{}')) changed = true;
      return json;
    }),
  );
  return { buckets: out, changed };
}
