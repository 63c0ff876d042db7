/**
 * The Config tab: one row per published version of a workflow. Versions are immutable: publishing appends a
 * row; a request stays pinned to the version it started under. Read once per execution (tens of rows).
 */
import { validateDefinition, type Definition, type PublishedVersion } from '../../core';
import type { AppContext } from '../context';
import { HandoffError, UnknownWorkflowError } from '../errors';
import { CONFIG } from '../setup/tabs';
import type { Table } from '../sheet/table';
import { cellInt, cellText, cellTime, dateCell, toCell, type CellValue } from '../sheet/values';
import { jsonCells, jsonText } from './json-cells';

export interface ConfigRow extends PublishedVersion {
  row: number;
  status: string;
}

export class ConfigStore {
  readonly table: Table;
  private rows: ConfigRow[] | null = null;

  constructor(ctx: AppContext) {
    this.table = ctx.table(CONFIG);
  }

  /** All versions (one read, cached for the execution). Rows that cannot be read are skipped. */
  versions(): ConfigRow[] {
    if (this.rows) return this.rows;
    const last = this.table.lastRow();
    const out: ConfigRow[] = [];
    if (last >= 2) {
      this.table.readRows(2, last - 1).forEach((cells, i) => {
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
    }
    this.rows = out;
    return out;
  }

  published(workflowId: string): ConfigRow[] {
    return this.versions().filter((v) => v.workflowId === workflowId && v.status === 'published');
  }

  get(workflowId: string, version: number): PublishedVersion {
    const v = this.published(workflowId).find((x) => x.version === version);
    if (!v) throw new UnknownWorkflowError(workflowId, version);
    return strip(v);
  }

  latest(workflowId: string): PublishedVersion {
    const list = this.published(workflowId);
    const v = list.reduce<ConfigRow | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
    if (!v) throw new UnknownWorkflowError(workflowId);
    return strip(v);
  }

  /** Workflow ids with at least one published version. */
  workflows(): string[] {
    return [...new Set(this.versions().filter((v) => v.status === 'published').map((v) => v.workflowId))];
  }

  /**
   * Validates and publishes a definition as the next version. Publishing the same content as the latest
   * version changes nothing and returns it. Throws a 'refused' HandoffError listing the validation problems.
   */
  publish(json: unknown, by: string, now: number): { version: PublishedVersion; created: boolean } {
    const result = validateDefinition(json);
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
    const row = this.table.append([this.table.row(rec)]);
    this.rows?.push({ ...version, row, status: 'published' });
    return { version, created: true };
  }
}

function strip(v: ConfigRow): PublishedVersion {
  const { row: _r, status: _s, ...rest } = v;
  return rest;
}

