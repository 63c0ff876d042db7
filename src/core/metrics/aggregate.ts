/**
 * The metrics' inputs, summed over requests, so a view need not look at every request: per workflow the counters,
 * the channels, and the duration lists (sorted) that the medians and p90s come from. Each request adds one
 * contribution (what computeMetrics takes from it); a request that changed since is replaced (its old contribution
 * out, its new one in), which gives exactly what summing again would, including the order in which workflows,
 * states and channels first appear (each keeps the position of its first contribution). When a replacement could
 * move such a first position later, replaceContribution says so and the caller sums again from the digests.
 * An aggregate is valid for the states' kinds it was made with (kindsKey).
 */
import type { Definition } from '../definition/schema';
import type { Channel } from '../model/request';
import type { WorkflowMetrics } from './compute';
import type { AuditEvent } from '../audit/event';
import { copyDigest, foldEvent, merge, MOVE_REWORK, requestsOf, type RequestDigest } from './digest';
import { stat, type Stat } from './percentile';

/** What one request adds to its workflow's figures (computeMetrics' loop body for it). */
export interface Contribution {
  /** Workflow, and the request's position in the log (its first Seq). */
  w: string;
  q: number;
  /** Whether it counts as a request (its create is in the log), and its channel. */
  created: boolean;
  ch: string;
  h: number;
  i: number;
  o: number;
  b: number;
  /** Entries into a state that waits on the requester (not by request_changes). */
  ni: number;
  rework: boolean;
  exception: boolean;
  cycle: number | null;
  /** Finished visits to states, in order: [state, duration]. */
  per: Array<[string, number]>;
}

export type Kinds = Map<string, Map<string, string>>;

export const kindsOf = (definitions: readonly Definition[]): Kinds =>
  new Map(definitions.map((d) => [d.id, new Map(d.states.map((s) => [s.id, s.kind]))]));

/** The kinds as a key: an aggregate made under other kinds is not used. */
export const kindsKey = (definitions: readonly Definition[]): string =>
  JSON.stringify(definitions.map((d) => [d.id, d.states.map((s) => [s.id, s.kind])]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));

const sortedBy = <T>(xs: T[], cmp: (a: T, b: T) => number): T[] => {
  for (let i = 1; i < xs.length; i++) if (cmp(xs[i - 1]!, xs[i]!) > 0) return xs.sort(cmp);
  return xs;
};

export function contributionOf(d: RequestDigest, kinds: Kinds): Contribution {
  const kind = kinds.get(d.w) ?? new Map<string, string>();
  const c: Contribution = {
    w: d.w,
    q: d.q,
    created: d.c !== null,
    ch: d.c?.[3] ?? '',
    h: d.h,
    i: d.i,
    o: d.o,
    b: d.b,
    ni: 0,
    rework: d.x > 0,
    exception: d.i > 0 || d.o > 0,
    cycle: null,
    per: [],
  };
  if (!d.c) return c;
  const created = d.c[0];
  let current: { state: string; since: number } | null = null;
  for (const [at, , , how, to] of sortedBy([...d.m], (p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2])) {
    if (current) c.per.push([current.state, at - current.since]);
    current = { state: to, since: at };
    if (kind.get(to) === 'waiting_on_requester' && how !== MOVE_REWORK) {
      c.ni++;
      c.exception = true;
    }
    if (kind.get(to) === 'terminal') {
      c.cycle = at - created;
      break;
    }
  }
  return c;
}

/** A state's durations, and where it first appeared: [first request's q, index in that request's visits]. */
export interface StateAgg {
  s: string;
  p: [number, number];
  v: number[];
}

export interface WorkflowAgg {
  w: string;
  /** First request's q. */
  p: number;
  requests: number;
  h: number;
  i: number;
  o: number;
  b: number;
  ni: number;
  rework: number;
  exc: number;
  /** [channel, first q, requests]. */
  ch: Array<[string, number, number]>;
  cycle: number[];
  per: StateAgg[];
}

export interface Aggregate {
  kinds: string;
  wfs: WorkflowAgg[];
}

/** Index of `x` in the sorted list, or where it goes. */
function place(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const insert = (xs: number[], x: number): void => void xs.splice(place(xs, x), 0, x);
const remove = (xs: number[], x: number): void => {
  const i = place(xs, x);
  if (xs[i] !== x) throw new Error('internal: a duration to replace is not in the metrics aggregate');
  xs.splice(i, 1);
};
const before = (a: readonly [number, number], b: readonly [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
const firstIndex = (per: Contribution['per'], s: string): number => per.findIndex((x) => x[0] === s);

function wfOf(agg: Aggregate, w: string, q: number): WorkflowAgg {
  let a = agg.wfs.find((x) => x.w === w);
  if (!a) {
    a = { w, p: q, requests: 0, h: 0, i: 0, o: 0, b: 0, ni: 0, rework: 0, exc: 0, ch: [], cycle: [], per: [] };
    agg.wfs.push(a);
  }
  if (q < a.p) a.p = q;
  return a;
}

function apply(agg: Aggregate, c: Contribution, sign: 1 | -1): void {
  const a = wfOf(agg, c.w, c.q);
  if (!c.created) return;
  a.requests += sign;
  a.h += sign * c.h;
  a.i += sign * c.i;
  a.o += sign * c.o;
  a.b += sign * c.b;
  a.ni += sign * c.ni;
  if (c.rework) a.rework += sign;
  if (c.exception) a.exc += sign;
  let ch = a.ch.find((x) => x[0] === c.ch);
  if (!ch) a.ch.push((ch = [c.ch, c.q, 0]));
  else if (sign > 0 && c.q < ch[1]) ch[1] = c.q;
  ch[2] += sign;
  if (c.cycle !== null) (sign > 0 ? insert : remove)(a.cycle, c.cycle);
  c.per.forEach(([s, d], k) => {
    let st = a.per.find((x) => x.s === s);
    if (!st) a.per.push((st = { s, p: [c.q, k], v: [] }));
    else if (sign > 0 && before([c.q, k], st.p)) st.p = [c.q, k];
    (sign > 0 ? insert : remove)(st.v, d);
  });
}

export const addContribution = (agg: Aggregate, c: Contribution): void => apply(agg, c, 1);

/**
 * Replaces a request's contribution. Returns false, changing nothing, when a first position could move later (the
 * request held a workflow's, channel's or state's first appearance and no longer does): then sum again.
 */
export function replaceContribution(agg: Aggregate, old: Contribution, now: Contribution): boolean {
  const a = agg.wfs.find((x) => x.w === old.w);
  if (!a) return false;
  if (old.w !== now.w && a.p === old.q) return false;
  if (old.created) {
    const ch = a.ch.find((x) => x[0] === old.ch);
    if (ch && ch[1] === old.q && !(now.created && now.ch === old.ch && now.w === old.w)) return false;
    for (const st of a.per) {
      const k = firstIndex(old.per, st.s);
      if (k >= 0 && st.p[0] === old.q && st.p[1] === k && (now.w !== old.w || firstIndex(now.per, st.s) !== k)) return false;
    }
  }
  apply(agg, old, -1);
  apply(agg, now, 1);
  return true;
}

export function metricsOfAggregate(agg: Aggregate): Record<string, WorkflowMetrics> {
  const out: Record<string, WorkflowMetrics> = {};
  for (const a of [...agg.wfs].sort((x, y) => x.p - y.p)) {
    const perState: Record<string, Stat> = {};
    for (const st of [...a.per].sort((x, y) => (before(x.p, y.p) ? -1 : 1))) if (st.v.length > 0) perState[st.s] = stat(st.v);
    const channels: Partial<Record<Channel, number>> = {};
    for (const [c, , n] of [...a.ch].sort((x, y) => x[1] - y[1])) if (n > 0) channels[c as Channel] = a.requests ? n / a.requests : 0;
    out[a.w] = {
      workflowId: a.w,
      requests: a.requests,
      completed: a.cycle.length,
      cycleTime: stat(a.cycle),
      perState,
      handoffs: { total: a.h, perRequest: a.requests ? a.h / a.requests : 0 },
      reworkRate: a.requests ? a.rework / a.requests : 0,
      exceptionRate: a.requests ? a.exc / a.requests : 0,
      exceptions: { intakeErrors: a.i, needsInfo: a.ni, overrides: a.o },
      slaBreaches: a.b,
      channels,
    };
  }
  return out;
}

/** The aggregate of requests (merged digests, in log order: requestsOf). */
export function aggregateOf(requests: readonly RequestDigest[], definitions: readonly Definition[]): Aggregate {
  const kinds = kindsOf(definitions);
  const agg: Aggregate = { kinds: kindsKey(definitions), wfs: [] };
  for (const d of requests) addContribution(agg, contributionOf(d, kinds));
  return agg;
}

/**
 * computeMetrics's result from digests: equal to computeMetrics over the events they were folded from (with the
 * same workflow filter), by test (test/unit/core/metrics-digest.test.ts).
 */
export function metricsFromDigests(
  digests: Iterable<RequestDigest>,
  definitions: readonly Definition[],
  workflowId?: string,
): Record<string, WorkflowMetrics> {
  return metricsOfAggregate(aggregateOf(requestsOf(digests, workflowId), definitions));
}

/**
 * The aggregate after the rows `tail` (after the aggregate's Seq, oldest first): the contributions of the requests
 * they touch are replaced, their digests (`digestsOf`: every workflow's of that request, as the summary holds them)
 * folded on copies. Returns the digests it folded, or null when a replacement cannot be exact (then sum again).
 */
export function applyTail(
  agg: Aggregate,
  definitions: readonly Definition[],
  tail: ReadonlyArray<{ seq: number; event: AuditEvent }>,
  digestsOf: (requestId: string) => RequestDigest[],
): Map<string, RequestDigest> | null {
  const kinds = kindsOf(definitions);
  const byRequest = new Map<string, Array<{ seq: number; event: AuditEvent }>>();
  for (const r of tail) {
    const list = byRequest.get(r.event.requestId);
    if (list) list.push(r);
    else byRequest.set(r.event.requestId, [r]);
  }
  const folded = new Map<string, RequestDigest>();
  for (const [id, rows] of byRequest) {
    const parts = new Map(digestsOf(id).map((d) => [`${d.w}\n${d.r}`, copyDigest(d)]));
    const old = parts.size ? contributionOf(merge([...parts.values()]), kinds) : null;
    for (const r of rows) foldEvent(parts, r.seq, r.event);
    const now = contributionOf(merge([...parts.values()]), kinds);
    if (old) {
      if (!replaceContribution(agg, old, now)) return null;
    } else addContribution(agg, now);
    for (const [k, d] of parts) folded.set(k, d);
  }
  return folded;
}
