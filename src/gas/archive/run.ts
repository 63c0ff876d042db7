/**
 * An archive run: moves closed requests past retention, with their Audit rows, to the yearly archive, batch after
 * batch until the time budget is spent. The batch in progress is a checkpoint in Script Properties (core's
 * copy → verify → delete machine, src/core/archive/checkpoint.ts), saved after each step, so the next run resumes
 * where a crash or the budget stopped this one. Only one run at a time: the timers' lease (dispatcher.ts) or the
 * caller guarantees it.
 */
import { advance, begin, isCheckpoint, type ArchiveCheckpoint, type ArchiveEvent } from '../../core/archive/checkpoint';
import { archiveHasRoom } from '../../core/archive/capacity';
import { describeBatch, DEFAULT_BATCH_SIZE, selectDue } from '../../core/archive/plan';
import { isTestRequest } from '../testrun/marker';
import { scopedKey, type AppContext } from '../context';
import { ArchiveUnavailableError, archiveTable, cellsOfSpreadsheet, createArchive, openArchive, shareWithOperators } from './book';
import { INTAKE_LOG } from '../intake/tabs';
import { OUTBOX } from '../sheet/tabs';
import { copyBatch, verifyBatch, type CopyHooks } from './copy';
import {
  closedTest,
  liveAudit,
  liveLedger,
  liveOutbox,
  liveRequests,
  readAuditRefs,
  readLedgerRefs,
  readLiveRequests,
  readOutboxRefs,
} from './live';
import { alertAdmins } from './alerts';
import { addArchiveLink, archiveName, readArchives, readRetention, updateArchiveLink, widenIds, type ArchiveLink } from './registry';
import { removeBatch, type RemoveHooks } from './remove';
import { foldMetrics, type FoldReport } from '../metrics/fold';
import { readSummaryMeta } from '../metrics/summary-tab';

export interface ArchiveRunOptions {
  /** Stop starting new steps at this time (ms, the run's clock). */
  deadline: number;
  /** Requests per batch. */
  batchSize?: number;
  /** Audit rows the metrics fold may read first (default: metrics/fold.ts FOLD_RUN_ROWS). */
  foldRows?: number;
  /** Test seams: each runs at its point; throwing simulates a crash there. */
  hooks?: CopyHooks & RemoveHooks & { afterStep?: (step: string) => void; afterRemove?: () => void };
}

export interface ArchiveRunReport {
  outcome: 'idle' | 'done' | 'stopped_at_budget' | 'blocked' | 'refused';
  batches: number;
  requests: number;
  auditRows: number;
  /** Why the run could not go on (blocked or refused), in a sentence for admins. */
  message?: string;
  /** The metrics summary's fold, run first (metrics/fold.ts). */
  metrics?: FoldReport | { error: string };
}

export const checkpointKey = (ctx: AppContext): string => scopedKey(ctx, 'archive', 'checkpoint');

export function loadCheckpoint(ctx: AppContext): ArchiveCheckpoint | null {
  const text = ctx.services.PropertiesService.getScriptProperties().getProperty(checkpointKey(ctx));
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return isCheckpoint(v) ? v : null;
  } catch {
    return null;
  }
}

function saveCheckpoint(ctx: AppContext, cp: ArchiveCheckpoint | null): void {
  const props = ctx.services.PropertiesService.getScriptProperties();
  if (cp) props.setProperty(checkpointKey(ctx), JSON.stringify(cp));
  else props.deleteProperty(checkpointKey(ctx));
}

export function runArchive(ctx: AppContext, opts: ArchiveRunOptions): ArchiveRunReport {
  const report: ArchiveRunReport = { outcome: 'idle', batches: 0, requests: 0, auditRows: 0 };
  const hooks = opts.hooks ?? {};
  // Metrics first: the batch may take only requests whose Audit rows the summary has folded in (planBatch).
  const metrics = foldBeforeArchive(ctx, opts.deadline, opts.foldRows);
  if (metrics) report.metrics = metrics;
  let cp = loadCheckpoint(ctx);
  // What planning reads (whole live columns), once per run; each finished batch takes its requests out.
  let live: LiveSnapshot | null = null;
  const step = (ev: ArchiveEvent): void => {
    cp = cp ? advance(cp, ev, ctx.now()) : null;
    saveCheckpoint(ctx, cp);
    hooks.afterStep?.(ev.type);
  };
  while (ctx.now() < opts.deadline) {
    if (!cp) {
      const retention = readRetention(ctx);
      if (!retention.ok) return refuse(ctx, report, retention.message);
      try {
        live ??= { requests: readLiveRequests(ctx), refs: readAuditRefs(ctx), outbox: readOutboxRefs(ctx), ledger: readLedgerRefs(ctx) };
        cp = planBatch(ctx, live, retention.days, opts.batchSize ?? DEFAULT_BATCH_SIZE, readSummaryMeta(ctx)?.seq ?? 0);
      } catch (e) {
        return refuse(ctx, report, e instanceof Error ? e.message : String(e));
      }
      if (!cp) break;
      saveCheckpoint(ctx, cp);
      hooks.afterStep?.('planned');
    }
    const link = readArchives(ctx).find((l) => l.id === cp!.batch.archiveId);
    let ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
    try {
      if (!link)
        throw new ArchiveUnavailableError(
          `The archive ${cp.batch.archiveId} is no longer linked from Config. Nothing was removed from the live tabs.`,
        );
      ss = openArchive(ctx, link);
    } catch (e) {
      if (!(e instanceof ArchiveUnavailableError)) throw e;
      step({ type: 'archive_unavailable', message: e.message });
      return block(ctx, report, e.message);
    }
    if (cp.blocked) step({ type: 'resumed' });
    if (cp.step === 'copy') {
      copyBatch(ctx, ss, cp.batch, hooks);
      step({ type: 'copied' });
    } else if (cp.step === 'verify') {
      step({ type: 'verified', check: verifyBatch(ctx, ss, cp.batch) });
      if (cp?.blocked) return block(ctx, report, cp.blocked);
    } else {
      const done = removeBatch(ctx, cp.batch, hooks);
      if (!done.ok) {
        step({ type: 'archive_unavailable', message: done.message });
        return block(ctx, report, done.message);
      }
      hooks.afterRemove?.();
      refreshLink(ctx, link!, ss, cp.batch.seqs);
      report.batches += 1;
      report.requests += cp.batch.requestIds.length;
      report.auditRows += cp.batch.auditRows;
      if (live) {
        const gone = new Set(cp.batch.requestIds);
        live = {
          requests: live.requests.filter((r) => !gone.has(r.id)),
          refs: live.refs.filter((r) => !gone.has(r.requestId)),
          outbox: live.outbox.filter((o) => !gone.has(o.requestId)),
          ledger: live.ledger.filter((l) => !gone.has(l.requestId)),
        };
      }
      step({ type: 'deleted' });
      report.outcome = 'done';
    }
  }
  if (cp) report.outcome = 'stopped_at_budget';
  return report;
}

/** The metrics fold, in the run's time; a failure there leaves unfolded requests live and is reported, not thrown. */
function foldBeforeArchive(ctx: AppContext, deadline: number, maxRows?: number): FoldReport | { error: string } | null {
  if (ctx.now() >= deadline) return null;
  try {
    return foldMetrics(ctx, { deadline, ...(maxRows !== undefined ? { maxRows } : {}) });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Plans the next batch: what is due, and the archive it goes to (made when the year has none with room). */
interface LiveSnapshot {
  requests: ReturnType<typeof readLiveRequests>;
  refs: ReturnType<typeof readAuditRefs>;
  outbox: ReturnType<typeof readOutboxRefs>;
  ledger: ReturnType<typeof readLedgerRefs>;
}

function planBatch(ctx: AppContext, live: LiveSnapshot, days: number, max: number, folded: number): ArchiveCheckpoint | null {
  const { requests, refs } = live;
  // A request with Audit rows the metrics summary has not folded in stays until it has (metrics/fold.ts).
  const unfolded = refs.filter((r) => r.seq > folded).map((r) => r.requestId);
  // The live log's last row is the chain head the next append continues from: its request stays for now.
  const head = refs.reduce<(typeof refs)[number] | null>((a, b) => (!a || b.seq > a.seq ? b : a), null);
  // A request with mail still waiting stays until the Outbox has sent it (or given up).
  const waiting = live.outbox.filter((o) => o.status === 'pending').map((o) => o.requestId);
  // A test run's TEST requests never move to an archive: the admin clears them from Requests (testrun/test-runs.ts).
  const due = selectDue(
    requests.filter((r) => !isTestRequest(r.id)),
    {
      now: ctx.now(),
      days,
      max,
      isClosed: closedTest(ctx),
      exclude: new Set([...(head ? [head.requestId] : []), ...waiting, ...unfolded]),
    },
  );
  if (!due) return null;
  const ids = new Set(due.ids);
  const mine = refs.filter((r) => ids.has(r.requestId));
  const mail = live.outbox.filter((o) => ids.has(o.requestId) && o.status !== 'pending');
  const ledger = live.ledger.filter((l) => ids.has(l.requestId));
  const ledgerTab = liveLedger(ctx);
  const adding =
    due.ids.length * liveRequests(ctx).width +
    mine.length * liveAudit(ctx).width +
    mail.length * liveOutbox(ctx).width +
    ledger.length * (ledgerTab?.width ?? 0);
  const found = archiveFor(ctx, due.year, adding);
  // Record which ids the archive will hold before anything is copied: a lookup by id must find them at every step.
  const link = widenIds(found, due.ids);
  if (JSON.stringify(link.ids) !== JSON.stringify(found.ids)) updateArchiveLink(ctx, link);
  const ss = openArchive(ctx, link);
  const from = {
    requests: ss.getSheetByName('Requests')!.getLastRow() + 1,
    audit: ss.getSheetByName('Audit')!.getLastRow() + 1,
    outbox: archiveTable(ss, OUTBOX, liveOutbox(ctx).headers, ctx).lastRow() + 1,
  };
  const batch = describeBatch(ctx.services.Utilities.getUuid(), due.year, link.id, due.ids, mine, from, mail.length);
  // The requests' Intake log rows (response → request) move with them: the live ledger stays bounded.
  if (ledgerTab && ledger.length > 0) {
    batch.from.intake = archiveTable(ss, INTAKE_LOG, ledgerTab.headers, ctx).lastRow() + 1;
    batch.intakeRows = ledger.length;
  }
  return begin(batch, ctx.now());
}

/** The year's archive with room for `adding` cells, or a new one ("Handoff archive 2026 (2)" when the first is full). */
function archiveFor(ctx: AppContext, year: number, adding: number): ArchiveLink {
  const mine = readArchives(ctx).filter((l) => l.year === year);
  const last = mine[mine.length - 1];
  if (last && archiveHasRoom(last.cells, adding)) return last;
  const part = last ? last.part + 1 : 1;
  const name = archiveName(year, part);
  const ss = createArchive(ctx, name);
  return addArchiveLink(ctx, {
    id: ss.getId(),
    name,
    year,
    part,
    url: ss.getUrl(),
    createdAt: ctx.now(),
    owner: ctx.services.Session.getEffectiveUser().getEmail() ?? '',
    requests: 0,
    auditRows: 0,
    firstSeq: 0,
    lastSeq: 0,
    cells: cellsOfSpreadsheet(ss),
  });
}

/** The link's figures from the archive itself (so running it twice counts nothing twice). */
function refreshLink(ctx: AppContext, link: ArchiveLink, ss: GoogleAppsScript.Spreadsheet.Spreadsheet, seqs: [number, number]): void {
  shareWithOperators(ctx, ss);
  const rows = (name: string) => Math.max(0, ss.getSheetByName(name)!.getLastRow() - 1);
  const has = seqs[0] > 0;
  updateArchiveLink(ctx, {
    ...link,
    requests: rows('Requests'),
    auditRows: rows('Audit'),
    firstSeq: has ? (link.firstSeq > 0 ? Math.min(link.firstSeq, seqs[0]) : seqs[0]) : link.firstSeq,
    lastSeq: Math.max(link.lastSeq, seqs[1]),
    cells: cellsOfSpreadsheet(ss),
  });
}

function block(ctx: AppContext, report: ArchiveRunReport, message: string): ArchiveRunReport {
  alertAdmins(ctx, 'archive', message);
  return { ...report, outcome: 'blocked', message };
}

function refuse(ctx: AppContext, report: ArchiveRunReport, message: string): ArchiveRunReport {
  alertAdmins(ctx, 'archive', message);
  return { ...report, outcome: 'refused', message };
}
