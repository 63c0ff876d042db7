/**
 * The Config tab: one row per published version of a workflow. Versions are immutable: publishing appends a
 * row; a request stays pinned to the version it started under. Read once per execution (tens of rows).
 */
import { validateDefinition, type Definition, type PublishedVersion } from '../../core';
import { scopedKey, type AppContext } from '../context';
import { HandoffError, UnknownWorkflowError } from '../errors';
import { CONFIG } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { sharedRows, type TabRows, WholeTab } from './whole-tab';
import { cellInt, cellText, cellTime, dateCell, toCell, type CellValue } from '../sheet/values';
import { jsonCells, jsonText } from './json-cells';
import { utilitiesKnownZone } from '../zone';
import { bumpStamp } from '../plane/schema';
import { requireLock } from '../lock-state';

export interface ConfigRow extends PublishedVersion {
  row: number;
  status: string;
}

export class ConfigStore {
  private readonly tab: WholeTab;
  private rows: ConfigRow[] | null = null;
  /** Versions are cached one per key in the script cache, unless the plane caches the whole tab (fromRows). */
  private perVersionCache = true;

  constructor(
    private readonly ctx: AppContext,
    given: TabRows | null = null,
  ) {
    this.tab = new WholeTab(ctx, CONFIG, given);
  }

  /** Over the execution's copy of Config when a unit already read it (whole-tab.ts), else a store that reads it. */
  static forExecution(ctx: AppContext): ConfigStore {
    const shared = sharedRows(ctx, CONFIG);
    return shared ? ConfigStore.fromRows(ctx, shared.table, shared.rows) : new ConfigStore(ctx);
  }

  /** Over rows the data plane already read (src/gas/plane): no reads and no cache calls of its own. */
  static fromRows(ctx: AppContext, table: Table, rows: CellValue[][]): ConfigStore {
    const c = new ConfigStore(ctx, { table, rows });
    c.perVersionCache = false;
    return c;
  }

  get table(): Table {
    return this.tab.table;
  }

  /** All versions (the whole tab in one read, cached for the execution). Rows that cannot be read are skipped. */
  versions(): ConfigRow[] {
    if (this.rows) return this.rows;
    const out: ConfigRow[] = [];
    this.tab.rows.forEach((cells, i) => {
      const rec = this.table.record(cells);
      const row = i + 2;
      const workflowId = cellText(rec.Workflow);
      const version = cellInt(rec.Version);
      if (!workflowId || version === null) return;
      let definition: Definition;
      try {
        definition = JSON.parse(jsonText(rec, 'Definition')) as Definition;
      } catch {
        return;
      }
      out.push({
        row,
        workflowId,
        version,
        status: cellText(rec.Status) || 'published',
        hash: cellText(rec.Hash),
        publishedAt: cellTime(rec['Published at']) ?? 0,
        publishedBy: cellText(rec['Published by']),
        definition,
      });
    });
    this.rows = out;
    return out;
  }

  published(workflowId: string): ConfigRow[] {
    return this.versions().filter((v) => v.workflowId === workflowId && v.status === 'published');
  }

  /**
   * One published version. Versions are immutable, so they are kept in the script cache after the first read:
   * acting on a request then costs no Config read at all.
   */
  get(workflowId: string, version: number): PublishedVersion {
    const key = scopedKey(this.ctx, 'version', workflowId, version);
    const cache = this.perVersionCache ? scriptCache(this.ctx) : null;
    const hit = cache?.get(key);
    if (hit) {
      try {
        const v = JSON.parse(hit) as PublishedVersion;
        if (v.workflowId === workflowId && v.version === version) return v;
      } catch {
        // fall through to the sheet
      }
    }
    // A test run's draft (status 'test') is loaded like a published version by its own TEST requests only.
    const v = this.versions().find(
      (x) => x.workflowId === workflowId && x.version === version && (x.status === 'published' || x.status === 'test'),
    );
    if (!v) throw new UnknownWorkflowError(workflowId, version);
    const out = strip(v);
    remember(cache, key, out);
    return out;
  }

  latest(workflowId: string): PublishedVersion {
    const list = this.published(workflowId);
    const v = list.reduce<ConfigRow | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
    if (!v) throw new UnknownWorkflowError(workflowId);
    const out = strip(v);
    if (this.perVersionCache) remember(scriptCache(this.ctx), scopedKey(this.ctx, 'version', workflowId, v.version), out);
    return out;
  }

  /** Workflow ids with at least one published version. */
  workflows(): string[] {
    return [
      ...new Set(
        this.versions()
          .filter((v) => v.status === 'published')
          .map((v) => v.workflowId),
      ),
    ];
  }

  /**
   * Validates and publishes a definition as the next version. Publishing the same content as the latest
   * version changes nothing and returns it. Throws a 'refused' HandoffError listing the validation problems.
   */
  /**
   * Stores a draft for a test run: status 'test' (never the latest, never listed), its version numbered from
   * TEST_VERSION_BASE so it cannot meet a published one, and the id prefix TEST so its requests read TEST-000001.
   */
  storeTestDraft(def: Definition, hash: string, by: string, now: number): PublishedVersion {
    const tests = this.versions().filter((v) => v.workflowId === def.id && v.status === 'test');
    const draft = { ...def, prefix: 'TEST' };
    const version: PublishedVersion = {
      workflowId: def.id,
      version: TEST_VERSION_BASE + tests.reduce((m, v) => Math.max(m, v.version - TEST_VERSION_BASE), 0) + 1,
      hash,
      publishedAt: now,
      publishedBy: by,
      definition: draft,
    };
    const rec: Record<string, CellValue> = {
      Workflow: toCell(def.id),
      Version: version.version,
      Name: toCell(`${def.name} (test run)`),
      Status: 'test',
      Hash: toCell(hash),
      'Published at': dateCell(now),
      'Published by': toCell(by),
      ...jsonCells(this.table, 'Definition', draft),
    };
    // As publish: the loaded table may be the data plane's copy with no Sheet behind it.
    const live = this.tab.writable();
    const row = live.append([live.row(rec)]);
    this.tab.changed();
    bumpStamp(this.ctx); // cached copies of Config are out of date (they would not list the draft)
    this.rows?.push({ ...version, row, status: 'test' });
    return version;
  }

  publish(json: unknown, by: string, now: number): { version: PublishedVersion; created: boolean } {
    requireLock(this.ctx, 'ConfigStore.publish');
    const result = validateDefinition(json, { isKnownZone: utilitiesKnownZone(this.ctx.services.Utilities) });
    if (!result.ok) {
      throw new HandoffError('refused', 'The workflow is not valid: ' + result.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    }
    const def = result.definition;
    const existing = this.published(def.id);
    const latest = existing.reduce<ConfigRow | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
    if (latest && latest.hash === result.hash) return { version: strip(latest), created: false };
    const version: PublishedVersion = {
      workflowId: def.id,
      version: (latest?.version ?? 0) + 1,
      hash: result.hash,
      publishedAt: now,
      publishedBy: by,
      definition: def,
    };
    const rec: Record<string, CellValue> = {
      Workflow: toCell(def.id),
      Version: version.version,
      Name: toCell(def.name),
      Status: 'published',
      Hash: toCell(version.hash),
      'Published at': dateCell(now),
      'Published by': toCell(by),
      ...jsonCells(this.table, 'Definition', def),
    };
    const live = this.tab.writable();
    const row = live.append([live.row(rec)]);
    this.tab.changed();
    bumpStamp(this.ctx); // every cached copy of Config is now out of date
    this.rows?.push({ ...version, row, status: 'published' });
    return { version, created: true };
  }
}

/** Test runs' drafts are numbered from here: far above any version a workflow will publish. */
export const TEST_VERSION_BASE = 900_000;

function scriptCache(ctx: AppContext): GoogleAppsScript.Cache.Cache | null {
  try {
    return ctx.services.CacheService.getScriptCache();
  } catch {
    return null;
  }
}

function remember(cache: GoogleAppsScript.Cache.Cache | null, key: string, v: PublishedVersion): void {
  const text = JSON.stringify(v);
  if (cache && text.length < 90_000) cache.put(key, text, 21_600);
}

function strip(v: ConfigRow): PublishedVersion {
  const { row: _r, status: _s, ...rest } = v;
  return rest;
}
