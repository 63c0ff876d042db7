/**
 * The metrics summary, kept by the timers in a small hidden tab "Metrics": row 2 holds the checkpoint (which Audit
 * Seq it has folded up to, which archives it has read, the digests' tables), rows 3 on the digests
 * (src/core/metrics/digest.ts) as text cut into cells of CHUNK characters. Tens of thousands of requests take a
 * few dozen cells, so the metrics view reads it in one call.
 *
 * The whole summary is written with one setValues (checkpoint and digests together), and folding is idempotent on
 * Seq besides, so a crash anywhere in an update leaves either the old summary or the new one, and never counts an
 * event twice.
 */
import type { DigestTables } from '../../core/metrics/digest-codec';
import { decodeDigests, encodeDigests } from '../../core/metrics/digest-codec';
import { digestKey, type RequestDigest } from '../../core/metrics/digest';
import type { Aggregate } from '../../core/metrics/aggregate';
import { ownerEmail } from '../auth';
import type { AppContext } from '../context';
import { ensureProtection } from '../setup/protect';
import { fitGrid } from '../archive/book';
import { cellText, textCell } from '../sheet/values';

export const METRICS_TAB = 'Metrics';
const HEADERS = ['Part', 'Data'];
/** Characters per cell (Sheets holds 50,000). */
export const CHUNK = 40_000;
/** Every data cell starts with this, so Sheets never reads one as a number, a date or a formula. */
const MARK = '~';
export const METRICS_PROTECTION = 'Handoff: governed metrics summary (kept by the timers; only they may edit it)';

export interface SummaryMeta {
  v: 1;
  /** Every live Audit row at or below this Seq is folded in (and every archived one, once `ready`). */
  seq: number;
  /** Whether the first build (archives, then the live log) has finished: until then the view reads the log. */
  ready: boolean;
  /** First build: Audit data rows read so far per archive id (-1: that archive is done). */
  archives: Record<string, number>;
  tables: DigestTables;
  /** When the summary was last written (ms). */
  at: number;
  /** Cells after the checkpoint that hold the aggregate's JSON (the digests' text follows). */
  aggParts?: number;
  /** The states' kinds the aggregate was summed with (aggregate.ts kindsKey). */
  kinds?: string;
}

export interface Summary {
  meta: SummaryMeta;
  digests: Map<string, RequestDigest>;
}

export const emptySummary = (): Summary => ({
  meta: { v: 1, seq: 0, ready: false, archives: {}, tables: { workflows: [], states: [], channels: [] }, at: 0 },
  digests: new Map(),
});

function metricsSheet(ctx: AppContext): GoogleAppsScript.Spreadsheet.Sheet | null {
  return ctx.spreadsheet().getSheetByName(METRICS_TAB);
}

/** The figures' inputs summed over every request (core/metrics/aggregate.ts), as the view reads them. */
export interface StoredAggregate {
  agg: Aggregate;
  /** Requests with digests under more than one workflow (their digests are looked up one by one). */
  multi: string[];
  /** Events folded in. */
  events: number;
}

export interface SummaryText {
  meta: SummaryMeta;
  /** The aggregate's JSON ('' when there is none). */
  aggregate: string;
  /** The digests' text (digest-codec.ts). */
  digests: string;
}

/** The summary's cells as text (one read), or null when there is none yet. */
export function readSummaryText(ctx: AppContext): SummaryText | null {
  const sheet = metricsSheet(ctx);
  if (!sheet) return null;
  // One call: column B from row 2 to the grid's end (the grid is kept to the summary's rows; empty cells are left out).
  const cells = sheet
    .getRange('B2:B')
    .getValues()
    .filter((r) => cellText(r[0]) !== '');
  if (cells.length === 0) return null;
  let meta: SummaryMeta;
  try {
    meta = JSON.parse(cellText(cells[0]?.[0])) as SummaryMeta;
  } catch {
    return null; // damaged: the next timer run builds it again
  }
  if (meta?.v !== 1 || typeof meta.seq !== 'number') return null;
  const parts = cells.slice(1).map((r) => cellText(r[0]).slice(MARK.length));
  const n = meta.aggParts ?? 0;
  return { meta, aggregate: parts.slice(0, n).join(''), digests: parts.slice(n).join('') };
}

/** The summary as the timers left it, every digest decoded (one read), or null when there is none yet. */
export function readSummary(ctx: AppContext): Summary | null {
  const t = readSummaryText(ctx);
  if (!t) return null;
  const digests = new Map<string, RequestDigest>();
  for (const d of decodeDigests(t.digests, t.meta.tables)) digests.set(digestKey(d.w, d.r), d);
  return { meta: t.meta, digests };
}

/** Writes the whole summary in one call (checkpoint and digests together); creates the hidden tab the first time. */
export function writeSummary(ctx: AppContext, s: Summary, aggregate: StoredAggregate | null = null): void {
  const ss = ctx.spreadsheet();
  let sheet = metricsSheet(ctx);
  if (!sheet) {
    sheet = ss.insertSheet(METRICS_TAB);
    fitGrid(sheet, 2, 2); // its own cells only (a new tab has 1,000 × 26)
    sheet.getRange(1, 1, 1, 2).setValues([HEADERS]);
    sheet.setFrozenRows(1);
    sheet.hideSheet();
    // The owner, and the admin whose timers keep it when they are not the owner's.
    const me = ctx.services.Session.getEffectiveUser().getEmail() ?? '';
    ensureProtection(ctx.services.SpreadsheetApp, sheet, [ownerEmail(ctx), me], METRICS_PROTECTION);
  }
  const tables: DigestTables = {
    workflows: [...s.meta.tables.workflows],
    states: [...s.meta.tables.states],
    channels: [...s.meta.tables.channels],
  };
  const text = encodeDigests(
    [...s.digests.values()].sort((a, b) => a.q - b.q),
    tables,
  );
  const cut = (t: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < t.length; i += CHUNK) out.push(t.slice(i, i + CHUNK));
    return out;
  };
  const agg = aggregate ? cut(JSON.stringify(aggregate)) : [];
  const parts = [...agg, ...cut(text)];
  const meta: SummaryMeta = { ...s.meta, tables, at: ctx.now(), aggParts: agg.length };
  const rows = [['checkpoint', textCell(JSON.stringify(meta))], ...parts.map((p, i) => [i + 1, MARK + p])];
  const had = sheet.getLastRow();
  const need = 1 + rows.length - sheet.getMaxRows();
  if (need > 0) sheet.insertRowsAfter(sheet.getMaxRows(), need);
  sheet.getRange(2, 1, rows.length, 2).setValues(rows);
  // Fewer parts than before (never in normal use: digests only grow): clear the rest.
  if (had > rows.length + 1) sheet.getRange(rows.length + 2, 1, had - rows.length - 1, 2).clearContent();
  s.meta = meta;
}

/** Only the checkpoint (one read of one cell): what the archive step needs to know. Null when there is none. */
export function readSummaryMeta(ctx: AppContext): SummaryMeta | null {
  const sheet = metricsSheet(ctx);
  if (!sheet) return null;
  try {
    const meta = JSON.parse(cellText(sheet.getRange(2, 2).getValue())) as SummaryMeta;
    return meta && meta.v === 1 && typeof meta.seq === 'number' ? meta : null;
  } catch {
    return null;
  }
}
