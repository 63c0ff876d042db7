import { computeMetrics, type AuditEvent } from '../../../src/core';
import { decodeDigests, encodeDigests, type DigestTables } from '../../../src/core/metrics/digest-codec';
import { aggregateOf, applyTail, metricsFromDigests, metricsOfAggregate } from '../../../src/core/metrics/aggregate';
import { digestEvents, foldEvent, requestsOf, type RequestDigest } from '../../../src/core/metrics/digest';
import { purchaseApproval } from '../../../src/templates';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATES = purchaseApproval.states.map((s) => s.id);
const OTHER_WF = { ...purchaseApproval, id: 'other-flow', name: 'Other' };

function ev(p: Partial<AuditEvent> & Pick<AuditEvent, 'requestId' | 'workflowId' | 'action' | 'at'>): AuditEvent {
  return {
    version: 1,
    revision: 1,
    actor: 'a@x.test',
    onBehalfOf: null,
    method: 'session',
    name: null,
    fromState: null,
    toState: null,
    assigneeBefore: null,
    assigneeAfter: null,
    changes: [],
    comment: null,
    reason: null,
    details: {},
    ...p,
  };
}

/**
 * A history as a busy sheet leaves it, in Seq order: requests interleaved, ties in time, an event stamped before
 * the one logged ahead of it, requests with no create (a partial log), refusals that name a request under no
 * workflow, two workflows, and a request whose events carry two workflows.
 */
function history(seed: number, requests: number): AuditEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const open = new Map<string, { wf: string; state: string; rev: number; at: number; assignee: string | null }>();
  const out: AuditEvent[] = [];
  let t = Date.UTC(2026, 0, 5);
  let made = 0;
  while (made < requests || open.size > 0) {
    t += Math.floor(r() * 3) * 60_000; // ties: 0 ms steps a third of the time
    if (made < requests && (open.size === 0 || r() < 0.3)) {
      made++;
      const id = `PR-${String(made).padStart(6, '0')}`;
      const wf = r() < 0.7 ? purchaseApproval.id : OTHER_WF.id;
      const state = pick(['approval', 'needs_info', 'approval']);
      open.set(id, { wf, state, rev: 1, at: t, assignee: null });
      if (r() < 0.05) continue; // its create never reached the log (a partial history)
      out.push(
        ev({
          requestId: id,
          workflowId: wf,
          action: 'create',
          at: t,
          toState: state,
          details: { channel: pick(['form', 'operator', 'api']) },
        }),
      );
      if (state === 'needs_info') out.push(ev({ requestId: id, workflowId: wf, action: 'intake_problems', at: t }));
      continue;
    }
    const [id, s] = pick([...open.entries()]);
    s.rev++;
    const at = r() < 0.05 ? s.at - 1000 : t; // logged after an event it precedes
    s.at = Math.max(s.at, at);
    const roll = r();
    const base = { requestId: id, workflowId: r() < 0.02 ? 'other-flow' : s.wf, at, revision: s.rev };
    if (roll < 0.1) out.push(ev({ ...base, workflowId: '', action: 'refused' }));
    else if (roll < 0.2) {
      const to = pick(['ana@x.test', 'ben@x.test']);
      out.push(ev({ ...base, action: 'reassign', assigneeBefore: s.assignee ?? 'queue:x', assigneeAfter: to }));
      s.assignee = to;
    } else if (roll < 0.27) out.push(ev({ ...base, action: 'sla_breach' }));
    else if (roll < 0.32) out.push(ev({ ...base, action: 'reminder', fromState: s.state, toState: s.state }));
    else {
      const action = pick(['approve', 'reject', 'request_changes', 'resubmit', 'transition', 'override_state', 'cancel'] as const);
      const to = pick(STATES);
      out.push(ev({ ...base, action, fromState: s.state, toState: to }));
      s.state = to;
      if ((to === 'ordered' || to === 'rejected' || to === 'cancelled') && r() < 0.8) open.delete(id);
    }
  }
  return out;
}

const DEFS = [purchaseApproval, OTHER_WF];

function folded(events: readonly AuditEvent[], from = 0): Map<string, RequestDigest> {
  const m = new Map<string, RequestDigest>();
  events.forEach((e, i) => foldEvent(m, from + i + 1, e));
  return m;
}

describe('metrics from digests equal computeMetrics over the whole log', () => {
  for (const seed of [1, 2, 3, 42]) {
    it(`seed ${seed}: every workflow, and each workflow alone`, () => {
      const events = history(seed, 150);
      const digests = folded(events);
      expect(metricsFromDigests(digests.values(), DEFS)).toEqual(computeMetrics(events, DEFS));
      expect(digestEvents(digests.values())).toBe(events.length);
      for (const wf of [purchaseApproval.id, OTHER_WF.id, '']) {
        const only = events.filter((e) => e.workflowId === wf);
        expect(metricsFromDigests(digests.values(), DEFS, wf)).toEqual(computeMetrics(only, DEFS));
        expect(digestEvents(digests.values(), wf)).toBe(only.length);
      }
    });
  }

  it('keeps computeMetrics order: workflows and states in the order the log first shows them', () => {
    const events = history(7, 80);
    const a = metricsFromDigests(folded(events).values(), DEFS);
    const b = computeMetrics(events, DEFS);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const k of Object.keys(b)) expect(Object.keys(a[k]!.perState)).toEqual(Object.keys(b[k]!.perState));
  });

  it('folding in pieces, with rows folded again, and through the text codec gives the same metrics', () => {
    const events = history(9, 120);
    const m = new Map<string, RequestDigest>();
    const tables: DigestTables = { workflows: [], states: [], channels: [] };
    let state = new Map<string, RequestDigest>();
    for (let from = 0; from < events.length; from += 37) {
      // Each run starts 10 rows before where the last ended (a crash before its checkpoint was written).
      const start = Math.max(0, from - 10);
      state = new Map(decodeDigests(encodeDigests(state.values(), tables), tables).map((d) => [`${d.w}\n${d.r}`, d]));
      events.slice(start, from + 37).forEach((e, i) => foldEvent(state, start + i + 1, e));
    }
    events.forEach((e, i) => foldEvent(m, i + 1, e));
    expect(metricsFromDigests(state.values(), DEFS)).toEqual(computeMetrics(events, DEFS));
    expect([...state.values()].sort((a, b) => a.q - b.q)).toEqual([...m.values()].sort((a, b) => a.q - b.q));
  });

  it('an event folded twice is counted once', () => {
    const events = history(11, 20);
    const m = folded(events);
    const again = events.map((e, i) => foldEvent(m, i + 1, e));
    expect(again.every((x) => x === false)).toBe(true);
    expect(metricsFromDigests(m.values(), DEFS)).toEqual(computeMetrics(events, DEFS));
  });

  it('a damaged line is refused with a sentence, not a wrong number', () => {
    const tables: DigestTables = { workflows: [], states: [], channels: [] };
    const text = encodeDigests(folded(history(3, 3)).values(), tables);
    expect(() => decodeDigests(text.slice(0, -3), tables)).toThrow(/damaged metrics summary/);
    expect(() => decodeDigests(text.replace(/^\[\["([^"]*)",\d+,/, '[["$1",99,'), tables)).toThrow(/damaged metrics summary/);
    expect(() => decodeDigests('[[1,2]]', tables)).toThrow(/damaged metrics summary/);
  });

  it('the aggregate with a tail replaced (the view) equals computeMetrics over every event, or says to sum again', () => {
    let exact = 0;
    let again = 0;
    for (const seed of [5, 6, 7, 8, 13, 21]) {
      const events = history(seed, 120);
      for (const cut of [0.5, 0.8, 0.95, 0.99].map((f) => Math.floor(events.length * f))) {
        const before = folded(events.slice(0, cut));
        const agg = aggregateOf(requestsOf(before.values()), DEFS);
        const tail = events.slice(cut).map((event, i) => ({ seq: cut + i + 1, event }));
        const out = applyTail(agg, DEFS, tail, (id) => [...before.values()].filter((d) => d.r === id));
        if (!out) {
          again++;
          continue;
        }
        exact++;
        expect(metricsOfAggregate(agg)).toEqual(computeMetrics(events, DEFS));
        // The digests it folded are the ones folding the whole log gives.
        const all = folded(events);
        for (const [k, d] of out) expect(d).toEqual(all.get(k));
      }
    }
    expect(exact).toBeGreaterThan(again);
  });
});
