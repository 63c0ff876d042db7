/**
 * Metrics from the audit log alone (plus the definitions, to know which states are terminal or wait on
 * the requester). Durations are wall-clock ms.
 *
 *   cycle time       create → first entry into a terminal state (completed requests only)
 *   per state        each finished visit to a state (entry → next state change)
 *   handoffs         assignee changes after the first assignment
 *   rework rate      share of requests with at least one request_changes
 *   exception rate   share of requests with an intake error, a needs-info entry or an operator override
 *   SLA breaches     sla_breach events
 *   channels         share of requests per intake channel
 */
import type { AuditEvent } from '../audit/event';
import type { Definition } from '../definition/schema';
import type { Channel } from '../model/request';
import { stat, type Stat } from './percentile';

export interface WorkflowMetrics {
  workflowId: string;
  requests: number;
  completed: number;
  cycleTime: Stat;
  perState: Record<string, Stat>;
  handoffs: { total: number; perRequest: number };
  reworkRate: number;
  exceptionRate: number;
  exceptions: { intakeErrors: number; needsInfo: number; overrides: number };
  slaBreaches: number;
  channels: Partial<Record<Channel, number>>;
}

export function computeMetrics(events: readonly AuditEvent[], definitions: readonly Definition[]): Record<string, WorkflowMetrics> {
  const kinds = new Map<string, Map<string, string>>();
  for (const d of definitions) kinds.set(d.id, new Map(d.states.map((s) => [s.id, s.kind])));
  const byRequest = new Map<string, AuditEvent[]>();
  for (const e of events) {
    const list = byRequest.get(e.requestId) ?? [];
    list.push(e);
    byRequest.set(e.requestId, list);
  }
  const acc = new Map<
    string,
    {
      cycle: number[];
      perState: Map<string, number[]>;
      requests: number;
      handoffs: number;
      rework: number;
      exc: number;
      intake: number;
      needsInfo: number;
      overrides: number;
      breaches: number;
      channels: Map<string, number>;
    }
  >();

  for (const list of byRequest.values()) {
    list.sort((a, b) => a.at - b.at || a.revision - b.revision);
    const wf = list[0]!.workflowId;
    const kind = kinds.get(wf) ?? new Map<string, string>();
    let a = acc.get(wf);
    if (!a) {
      a = {
        cycle: [],
        perState: new Map(),
        requests: 0,
        handoffs: 0,
        rework: 0,
        exc: 0,
        intake: 0,
        needsInfo: 0,
        overrides: 0,
        breaches: 0,
        channels: new Map(),
      };
      acc.set(wf, a);
    }
    const create = list.find((e) => e.action === 'create');
    if (!create) continue; // a partial log: nothing reliable to say
    a.requests++;
    const ch = String(create.details['channel'] ?? 'unknown');
    a.channels.set(ch, (a.channels.get(ch) ?? 0) + 1);
    let current: { state: string; since: number } | null = null;
    let closed = false;
    let rework = false;
    let exception = false;
    for (const e of list) {
      if (e.assigneeBefore !== null && e.assigneeBefore !== e.assigneeAfter) a.handoffs++;
      if (e.action === 'request_changes') rework = true;
      if (e.action === 'intake_problems') {
        a.intake++;
        exception = true;
      }
      if (e.action === 'override_state') {
        a.overrides++;
        exception = true;
      }
      if (e.action === 'sla_breach') a.breaches++;
      const moved = e.toState !== null && (e.action === 'create' || e.toState !== e.fromState);
      if (!moved || closed) continue;
      if (current) {
        const list2 = a.perState.get(current.state) ?? [];
        list2.push(e.at - current.since);
        a.perState.set(current.state, list2);
      }
      current = { state: e.toState!, since: e.at };
      if (kind.get(e.toState!) === 'waiting_on_requester' && e.action !== 'request_changes') {
        a.needsInfo++;
        exception = true;
      }
      if (kind.get(e.toState!) === 'terminal') {
        a.cycle.push(e.at - create.at);
        closed = true;
      }
    }
    if (rework) a.rework++;
    if (exception) a.exc++;
  }

  const out: Record<string, WorkflowMetrics> = {};
  for (const [wf, a] of acc) {
    const perState: Record<string, Stat> = {};
    for (const [s, v] of a.perState) perState[s] = stat(v);
    const channels: Partial<Record<Channel, number>> = {};
    for (const [c, n] of a.channels) channels[c as Channel] = a.requests ? n / a.requests : 0;
    out[wf] = {
      workflowId: wf,
      requests: a.requests,
      completed: a.cycle.length,
      cycleTime: stat(a.cycle),
      perState,
      handoffs: { total: a.handoffs, perRequest: a.requests ? a.handoffs / a.requests : 0 },
      reworkRate: a.requests ? a.rework / a.requests : 0,
      exceptionRate: a.requests ? a.exc / a.requests : 0,
      exceptions: { intakeErrors: a.intake, needsInfo: a.needsInfo, overrides: a.overrides },
      slaBreaches: a.breaches,
      channels,
    };
  }
  return out;
}
