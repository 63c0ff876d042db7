/**
 * The timers' part of metrics: fold the Audit rows the summary has not seen into it (src/core/metrics/digest.ts),
 * bounded per run, and write it back in one call (summary-tab.ts).
 *
 * The first build reads every linked archive's Audit rows, then the live log from its first row; it may take
 * several runs (the checkpoint says how far it got). After that, a run folds the live rows after the checkpoint's
 * Seq (tail.ts). The archive step moves only requests whose rows are all folded in (run.ts), so archived requests
 * stay counted and the summary never needs to read an archive again.
 */
import { digestEvents, foldEvent, requestsOf } from '../../core/metrics/digest';
import { aggregateOf, kindsKey } from '../../core/metrics/aggregate';
import type { Definition } from '../../core';
import { ConfigStore } from '../store/config';
import type { AuditEvent } from '../../core';
import { ArchiveUnavailableError, openArchive } from '../archive/book';
import { readArchives } from '../archive/registry';
import type { AppContext } from '../context';
import { AUDIT } from '../sheet/tabs';
import { Table } from '../sheet/table';
import { cellInt } from '../sheet/values';
import { AuditStore } from '../store/audit';
import { isTestRequest } from '../testrun/marker';
import { emptySummary, readSummary, writeSummary, type StoredAggregate, type Summary } from './summary-tab';
import { auditAfter } from './tail';

/** Rows per read. */
export const FOLD_READ_ROWS = 5_000;
/** Rows per timer run (about 1 s of reads per 5,000 rows under the cost model). */
export const FOLD_RUN_ROWS = 40_000;

export interface FoldReport {
  /** Audit rows read and folded (or found folded already) this run. */
  rows: number;
  /** The summary covers every archived and live row up to `seq`. */
  ready: boolean;
  seq: number;
  /** Live rows still to fold (the next run goes on). */
  more: number;
  /** Why the first build cannot finish (an archive that cannot be opened). */
  blocked?: string;
}

/** What metrics count: rows of a request, not of a test run. */
export const countsInMetrics = (e: AuditEvent): boolean => e.requestId !== '' && !isTestRequest(e.requestId);

function fold(s: Summary, rows: ReadonlyArray<{ seq: number; event: AuditEvent }>): void {
  for (const r of rows) if (countsInMetrics(r.event)) foldEvent(s.digests, r.seq, r.event);
}

/** The latest published version of every workflow: what the metrics view computes with. */
export function latestDefinitions(ctx: AppContext): Definition[] {
  const config = new ConfigStore(ctx);
  return config.workflows().map((id) => config.latest(id).definition);
}

/** The aggregate the view starts from (without a workflow filter), with what it needs to replace a request's part. */
export function storedAggregate(s: Summary, definitions: readonly Definition[]): StoredAggregate {
  const seen = new Set<string>();
  const multi = new Set<string>();
  for (const d of s.digests.values()) {
    if (seen.has(d.r)) multi.add(d.r);
    seen.add(d.r);
  }
  return {
    agg: aggregateOf(requestsOf(s.digests.values()), definitions),
    multi: [...multi],
    events: digestEvents(s.digests.values()),
  };
}

export function foldMetrics(ctx: AppContext, opts: { deadline: number; maxRows?: number }): FoldReport {
  const s = readSummary(ctx) ?? emptySummary();
  const start = { seq: s.meta.seq, ready: s.meta.ready, archives: JSON.stringify(s.meta.archives) };
  let budget = opts.maxRows ?? FOLD_RUN_ROWS;
  const room = () => budget > 0 && ctx.now() < opts.deadline;
  let rows = 0;
  let more = 0;
  let blocked: string | undefined;
  const live = ctx.table(AUDIT);

  if (!s.meta.ready) {
    for (const link of readArchives(ctx)) {
      if (s.meta.archives[link.id] === -1 || !room()) continue;
      let table: Table;
      try {
        table = Table.open(openArchive(ctx, link), AUDIT);
      } catch (e) {
        if (!(e instanceof ArchiveUnavailableError)) throw e;
        blocked = e.message;
        continue;
      }
      let done = Math.max(0, s.meta.archives[link.id] ?? 0);
      const total = Math.max(0, table.lastRow() - 1);
      while (done < total && room()) {
        const n = Math.min(FOLD_READ_ROWS, total - done, budget);
        fold(s, AuditStore.readRange(table, 2 + done, n));
        done += n;
        budget -= n;
        rows += n;
      }
      s.meta.archives[link.id] = done >= total ? -1 : done;
    }
    const archivesDone = !blocked && readArchives(ctx).every((l) => s.meta.archives[l.id] === -1);
    if (archivesDone && room()) {
      // The live log from the first row after the checkpoint, in row (= Seq) order.
      const last = live.lastRow();
      const seqs = last >= 2 ? live.readColumn('Seq', 2, last - 1).map((v) => cellInt(v) ?? 0) : [];
      let i = seqs.findIndex((q) => q > s.meta.seq);
      if (i < 0) i = seqs.length;
      while (i < seqs.length && room()) {
        const n = Math.min(FOLD_READ_ROWS, seqs.length - i, budget);
        const got = AuditStore.readRange(live, 2 + i, n);
        fold(s, got);
        s.meta.seq = Math.max(s.meta.seq, ...got.map((r) => r.seq));
        i += n;
        budget -= n;
        rows += n;
      }
      more = seqs.length - i;
      if (more === 0) s.meta.ready = true;
    }
  } else {
    while (room()) {
      const tail = auditAfter(live, s.meta.seq, Math.min(FOLD_READ_ROWS, budget));
      if (tail.rows.length === 0) break;
      fold(s, tail.rows);
      s.meta.seq = tail.rows[tail.rows.length - 1]!.seq;
      budget -= tail.rows.length;
      rows += tail.rows.length;
      more = tail.more;
      if (tail.more === 0) break;
    }
  }
  const changed =
    rows > 0 || start.seq !== s.meta.seq || start.ready !== s.meta.ready || start.archives !== JSON.stringify(s.meta.archives);
  const definitions = latestDefinitions(ctx);
  // A workflow's states changed kind since: the aggregate is summed again even with no new rows.
  const kinds = kindsKey(definitions);
  if (changed || s.meta.at === 0 || s.meta.kinds !== kinds)
    writeSummary(ctx, { ...s, meta: { ...s.meta, kinds } }, storedAggregate(s, definitions));
  return { rows, ready: s.meta.ready, seq: s.meta.seq, more, ...(blocked ? { blocked } : {}) };
}
