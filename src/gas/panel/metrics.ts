/** Metrics for the panel: core's computeMetrics over the audit log, per workflow, as plain numbers for charts. */
import * as z from 'zod';
import { computeMetrics, stateLabel, type AuditEvent } from '../../core';
import { AuditStore } from '../store/audit';
import { isTestRequest } from '../testrun/marker';
import { ConfigStore } from '../store/config';
import { panelFunction } from './guard';

export const metrics = panelFunction(
  'handoffPanelMetrics',
  'operator',
  z.strictObject({ workflow: z.string().max(64).optional() }),
  (ctx, _caller, a) => {
    const config = new ConfigStore(ctx);
    const latest = new Map<string, ReturnType<ConfigStore['latest']>>();
    for (const id of config.workflows()) latest.set(id, config.latest(id));
    const events: AuditEvent[] = new AuditStore(ctx)
      .readAll()
      .map((r) => r.event)
      .filter((e) => e.requestId !== '' && !isTestRequest(e.requestId) && (!a.workflow || e.workflowId === a.workflow));
    const all = computeMetrics(
      events,
      [...latest.values()].map((v) => v.definition),
    );
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
    return { workflows, events: events.length, now: ctx.now() };
  },
);
