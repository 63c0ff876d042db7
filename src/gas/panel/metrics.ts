/**
 * Metrics for the panel, per workflow, as plain numbers for charts. They come from the summary the timers keep
 * (src/gas/metrics: one digest per request, archived ones included) plus the live Audit rows the summary has not
 * folded in yet (at most VIEW_TAIL_ROWS, read from the bottom of the log), so the view reads a few dozen cells and
 * the log's tail, whatever the log's length. Until the timers have built the summary, the whole live log is read as
 * before. Both give core's computeMetrics result over the same events (test/unit/core/metrics-digest.test.ts).
 */
import * as z from '../../core/zod';
import { computeMetrics, stateLabel, type AuditEvent, type WorkflowMetrics } from '../../core';
import { applyTail, kindsKey, metricsFromDigests, metricsOfAggregate } from '../../core/metrics/aggregate';
import { digestEvents, digestKey, foldEvent, type RequestDigest } from '../../core/metrics/digest';
import { decodeDigests, findDigests } from '../../core/metrics/digest-codec';
import { countsInMetrics } from '../metrics/fold';
import { readSummaryText, type StoredAggregate } from '../metrics/summary-tab';
import { auditAfter } from '../metrics/tail';
import { AUDIT } from '../sheet/tabs';
import { Table } from '../sheet/table';
import { cachedSchema } from '../plane/schema';
import type { AppContext } from '../context';
import { AuditStore } from '../store/audit';
import { ConfigStore } from '../store/config';
import type { Definition } from '../../core';
import { panelFunction } from './guard';

/** Live Audit rows past the summary the view folds in itself (about 0.5 s of reads at most). */
export const VIEW_TAIL_ROWS = 2_000;

interface Counted {
  all: Record<string, WorkflowMetrics>;
  events: number;
  /** Where the figures come from: the timers' summary (with the log's tail), or the whole live log. */
  source: 'summary' | 'audit log';
  /** Recent events not counted yet (more than VIEW_TAIL_ROWS past the summary). */
  pending: number;
  /** When the timers last updated the summary (0: no summary). */
  summaryAt: number;
}

/** The live Audit tab, with its headers from the data plane's schema when it is current (saves reading them). */
function auditTable(ctx: AppContext): Table {
  const schema = cachedSchema(ctx, ctx.props());
  const sheet = ctx.sheet(AUDIT.name);
  const headers = schema?.tabs[AUDIT.name]?.headers;
  return sheet && headers ? Table.fromSheet(sheet, AUDIT, headers) : ctx.table(AUDIT);
}

export function countMetrics(ctx: AppContext, definitions: readonly Definition[], workflow?: string): Counted {
  const text = readSummaryText(ctx);
  if (text?.meta.ready) {
    const tail = auditAfter(auditTable(ctx), text.meta.seq, VIEW_TAIL_ROWS);
    const rows = tail.rows.filter((r) => countsInMetrics(r.event));
    const counted = (all: Record<string, WorkflowMetrics>, events: number): Counted => ({
      all,
      events,
      source: 'summary',
      pending: tail.more,
      summaryAt: text.meta.at,
    });
    // The usual view: the stored aggregate, with the contributions of the requests in the tail replaced.
    const stored = workflow === undefined && text.aggregate ? (JSON.parse(text.aggregate) as StoredAggregate) : null;
    if (stored && stored.agg.kinds === kindsKey(definitions)) {
      const multi = new Set(stored.multi);
      const folded = applyTail(stored.agg, definitions, rows, (id) => findDigests(text.digests, id, text.meta.tables, multi.has(id)));
      if (folded) return counted(metricsOfAggregate(stored.agg), stored.events + rows.length);
    }
    // A workflow asked for, kinds changed, or a replacement that cannot be exact: from every digest.
    const digests = new Map<string, RequestDigest>();
    for (const d of decodeDigests(text.digests, text.meta.tables)) digests.set(digestKey(d.w, d.r), d);
    for (const r of rows) foldEvent(digests, r.seq, r.event);
    return counted(metricsFromDigests(digests.values(), definitions, workflow), digestEvents(digests.values(), workflow));
  }
  const events: AuditEvent[] = new AuditStore(ctx)
    .readAll()
    .map((r) => r.event)
    .filter((e) => countsInMetrics(e) && (!workflow || e.workflowId === workflow));
  return { all: computeMetrics(events, definitions), events: events.length, source: 'audit log', pending: 0, summaryAt: 0 };
}

export const metrics = panelFunction(
  'handoffPanelMetrics',
  'operator',
  z.strictObject({ workflow: z.optional(z.string().check(z.maxLength(64))) }),
  (ctx, _caller, a) => {
    const config = new ConfigStore(ctx);
    const latest = new Map<string, ReturnType<ConfigStore['latest']>>();
    for (const id of config.workflows()) latest.set(id, config.latest(id));
    const counted = countMetrics(
      ctx,
      [...latest.values()].map((v) => v.definition),
      a.workflow || undefined,
    );
    const all = counted.all;
    const workflows = Object.values(all)
      .filter((m) => m.workflowId !== '')
      .map((m) => {
        const def = latest.get(m.workflowId)?.definition;
        return {
          workflowId: m.workflowId,
          name: def?.name ?? m.workflowId,
          requests: m.requests,
          completed: m.completed,
          cycleTime: { count: m.cycleTime.count, median: m.cycleTime.median, p90: m.cycleTime.p90 },
          perState: Object.entries(m.perState).map(([state, s]) => ({
            state,
            label: def ? stateLabel(def, state) : state,
            count: s.count,
            median: s.median,
            p90: s.p90,
          })),
          slaBreaches: m.slaBreaches,
          reworkRate: m.reworkRate,
          exceptionRate: m.exceptionRate,
          formShare: m.channels.form ?? 0,
          channels: Object.entries(m.channels).map(([channel, share]) => ({ channel, share: share ?? 0 })),
        };
      });
    return {
      workflows,
      events: counted.events,
      source: counted.source,
      pending: counted.pending,
      summaryAt: counted.summaryAt,
      now: ctx.now(),
    };
  },
);
