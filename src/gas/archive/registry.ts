/**
 * The archives' links and the retention setting, on the Config tab. Config holds one row per published workflow
 * version; Handoff's own rows sit beside them with no version, so the workflow listings never show them:
 *   Workflow "(archive)"  Name "Handoff archive 2026"  Status "archive"  Hash: the archive's spreadsheet id,
 *                         Published at: when it was made, Published by: its owner, Definition: what it holds (JSON);
 *   Workflow "(setting)"  Name "Retention days"        Status "setting"  Definition: the value (60 by default).
 * Admins may edit the retention value by hand; a bad value is refused with a sentence naming the setting.
 */
import { parseRequestId } from '../../core';
import { parseRetention, RETENTION_SETTING, type RetentionCheck } from '../../core/archive/retention';
import type { AppContext } from '../context';
import { HandoffError } from '../errors';
import { CONFIG } from '../sheet/tabs';
import { Table } from '../sheet/table';
import { cellText, cellTime, dateCell, toCell, type CellValue } from '../sheet/values';

export const ARCHIVE_WORKFLOW = '(archive)';
export const SETTING_WORKFLOW = '(setting)';

/** What Config records about one archive: the link, and the chain segment and requests it holds. */
export interface ArchiveLink {
  id: string;
  name: string;
  year: number;
  /** 1 for "Handoff archive 2026", 2 for "Handoff archive 2026 (2)", ... */
  part: number;
  url: string;
  createdAt: number;
  owner: string;
  requests: number;
  auditRows: number;
  /** The chain segment: lowest and highest Seq of the Audit rows it holds (0 when none). */
  firstSeq: number;
  lastSeq: number;
  /** Cells the archive holds (every tab, empty cells too), when last measured. */
  cells: number;
  /**
   * The request numbers it holds, per id prefix ("PR" → [lowest, highest]), widened when a batch is planned (before
   * its copy), so a lookup by id opens only the archives whose range holds the number. Absent on older links.
   */
  ids?: Record<string, [number, number]>;
  /** Config row. */
  row: number;
}

export const archiveName = (year: number, part: number): string => `Handoff archive ${year}${part > 1 ? ` (${part})` : ''}`;

function configRows(ctx: AppContext): { table: Table; rows: CellValue[][] } {
  return Table.openWhole(ctx.spreadsheet(), CONFIG, ctx.sheet(CONFIG.name));
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text || '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Every archive Config links, oldest first (one read of Config). */
export function readArchives(ctx: AppContext, loaded = configRows(ctx)): ArchiveLink[] {
  const { table, rows } = loaded;
  const out: ArchiveLink[] = [];
  rows.forEach((cells, i) => {
    const rec = table.record(cells);
    if (cellText(rec.Workflow) !== ARCHIVE_WORKFLOW || cellText(rec.Status) !== 'archive') return;
    const j = parseJson(cellText(rec.Definition));
    const id = cellText(rec.Hash);
    if (!id) return;
    out.push({
      id,
      name: cellText(rec.Name),
      year: num(j.year),
      part: num(j.part) || 1,
      url: typeof j.url === 'string' ? j.url : '',
      createdAt: cellTime(rec['Published at']) ?? 0,
      owner: cellText(rec['Published by']),
      requests: num(j.requests),
      auditRows: num(j.auditRows),
      firstSeq: num(j.firstSeq),
      lastSeq: num(j.lastSeq),
      cells: num(j.cells),
      ...(isRanges(j.ids) ? { ids: j.ids } : {}),
      row: i + 2,
    });
  });
  return out.sort((a, b) => a.year - b.year || a.part - b.part);
}

const isRanges = (v: unknown): v is Record<string, [number, number]> =>
  !!v &&
  typeof v === 'object' &&
  Object.values(v).every((r) => Array.isArray(r) && r.length === 2 && r.every((n) => typeof n === 'number' && Number.isFinite(n)));

/** The link with its id ranges widened to hold `requestIds` (ids without a number are left out). */
export function widenIds(l: ArchiveLink, requestIds: readonly string[]): ArchiveLink {
  const ids: Record<string, [number, number]> = { ...(l.ids ?? {}) };
  for (const id of requestIds) {
    const p = parseRequestId(id);
    if (!p) continue;
    const r = ids[p.prefix];
    ids[p.prefix] = r ? [Math.min(r[0], p.n), Math.max(r[1], p.n)] : [p.n, p.n];
  }
  return { ...l, ids };
}

/** Whether the archive may hold the request: its range holds the number, or the link has no ranges (older links). */
export function mayHold(l: ArchiveLink, requestId: string): boolean {
  if (!l.ids) return true;
  const p = parseRequestId(requestId);
  const r = p ? l.ids[p.prefix] : undefined;
  return !!p && !!r && r[0] <= p.n && p.n <= r[1];
}

function linkRecord(l: Omit<ArchiveLink, 'row'>): Record<string, CellValue> {
  const { id: _id, name: _n, createdAt: _c, owner: _o, ...rest } = l;
  return {
    Workflow: ARCHIVE_WORKFLOW,
    Version: '',
    Name: toCell(l.name),
    Status: 'archive',
    Hash: toCell(l.id),
    'Published at': dateCell(l.createdAt),
    'Published by': toCell(l.owner),
    Definition: toCell(JSON.stringify(rest)),
  };
}

/** Adds an archive's link (one append). */
export function addArchiveLink(ctx: AppContext, l: Omit<ArchiveLink, 'row'>): ArchiveLink {
  const { table } = configRows(ctx);
  const row = table.append([table.row(linkRecord(l))]);
  return { ...l, row };
}

/** Rewrites an archive's link row with fresh figures (one write). */
export function updateArchiveLink(ctx: AppContext, l: ArchiveLink): void {
  const { table, rows } = configRows(ctx);
  const base = rows[l.row - 2];
  if (!base || cellText(table.record(base).Hash) !== l.id) throw new Error(`Config row ${l.row} no longer links the archive "${l.name}".`);
  table.writeRow(l.row, table.row(linkRecord(l), base));
}

/** The retention setting as Config holds it (one read of Config; absent means the default). */
export function readRetention(ctx: AppContext, loaded = configRows(ctx)): RetentionCheck {
  const { table, rows } = loaded;
  for (const cells of rows) {
    const rec = table.record(cells);
    if (cellText(rec.Workflow) === SETTING_WORKFLOW && cellText(rec.Name).trim().toLowerCase() === RETENTION_SETTING.toLowerCase())
      return parseRetention(rec.Definition);
  }
  return parseRetention('');
}

/**
 * Sets the retention period (admins, through the panel or set-up). Refuses a bad value with a sentence naming the
 * setting, writing nothing. Returns the days stored.
 */
export function writeRetention(ctx: AppContext, value: unknown): number {
  if (value === '' || value === null || value === undefined)
    throw new HandoffError('refused', `The Config setting "${RETENTION_SETTING}" needs a whole number of days (1 or more).`);
  const check = parseRetention(value);
  if (!check.ok) throw new HandoffError('refused', check.message);
  const { table, rows } = configRows(ctx);
  const rec = { Workflow: SETTING_WORKFLOW, Version: '', Name: RETENTION_SETTING, Status: 'setting', Definition: check.days };
  const i = rows.findIndex(
    (cells) => cellText(table.record(cells).Workflow) === SETTING_WORKFLOW && cellText(table.record(cells).Name) === RETENTION_SETTING,
  );
  if (i >= 0) table.writeRow(i + 2, table.row(rec, rows[i]));
  else table.append([table.row(rec)]);
  return check.days;
}
