/**
 * Metrics from per-request digests instead of the whole audit log.
 *
 * A digest is what computeMetrics (compute.ts) needs of one request's audit events, folded one event at a time in
 * Seq order: its counters (handoffs, changes requested, intake problems, overrides, SLA breaches, events), its first
 * event and first `create`, and every event that moves it to a state (with time, revision and Seq, so the order
 * computeMetrics sorts them into is kept). Nothing in it depends on the definitions: which states are terminal or
 * wait on the requester is looked up when the metrics are computed, as computeMetrics does, so a digest folded
 * months ago still gives today's answer.
 *
 * Folding is idempotent on Seq: an event at or below the digest's last Seq is skipped, so folding the same rows
 * twice (a crash between a fold and its write, two overlapping runs) counts nothing twice.
 *
 * A digest is keyed by workflow and request: requestsOf merges a request's digests when no workflow is asked for,
 * exactly as computeMetrics groups the events; aggregate.ts turns them into the figures.
 */
import type { AuditEvent } from '../audit/event';

/** How an event that moves the request was made: create, request_changes, or anything else. */
export const MOVE_OTHER = 0;
export const MOVE_CREATE = 1;
export const MOVE_REWORK = 2;

/** [at, revision, seq]: the order computeMetrics sorts a request's events into (stable on Seq). */
export type Stamp = [number, number, number];
/** A move: [at, revision, seq, how (MOVE_*), to state]. */
export type Move = [number, number, number, number, string];

export interface RequestDigest {
  /** Request id. */
  r: string;
  /** Workflow id its events carry. */
  w: string;
  /** Lowest Seq folded (the order requests first appear in the log). */
  q: number;
  /** Highest Seq folded: events at or below it are skipped. */
  s: number;
  /** Events folded. */
  n: number;
  /** The first event by (at, revision, seq). */
  f: Stamp;
  /** The first `create` by (at, revision, seq), with its channel; null when none was folded. */
  c: [number, number, number, string] | null;
  /** Assignee changes after the first assignment. */
  h: number;
  /** request_changes events. */
  x: number;
  /** intake_problems events. */
  i: number;
  /** override_state events. */
  o: number;
  /** sla_breach events. */
  b: number;
  /** Events that move the request to a state, in Seq order. */
  m: Move[];
}

export const digestKey = (workflowId: string, requestId: string): string => `${workflowId}\n${requestId}`;

const before = (a: readonly [number, number, number, ...unknown[]], b: readonly [number, number, number, ...unknown[]]): boolean =>
  a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));

/**
 * Folds one audit event (its Seq from the row) into the digests. Returns false when it was already folded.
 * The caller leaves out what metrics never count (events with no request, test runs).
 */
export function foldEvent(digests: Map<string, RequestDigest>, seq: number, e: AuditEvent): boolean {
  const key = digestKey(e.workflowId, e.requestId);
  let d = digests.get(key);
  const stamp: Stamp = [e.at, e.revision, seq];
  if (!d) {
    d = { r: e.requestId, w: e.workflowId, q: seq, s: 0, n: 0, f: stamp, c: null, h: 0, x: 0, i: 0, o: 0, b: 0, m: [] };
    digests.set(key, d);
  } else if (seq <= d.s) return false;
  d.s = seq;
  d.q = Math.min(d.q, seq);
  d.n++;
  if (before(stamp, d.f)) d.f = stamp;
  if (e.action === 'create' && (!d.c || before(stamp, d.c))) d.c = [e.at, e.revision, seq, String(e.details['channel'] ?? 'unknown')];
  if (e.assigneeBefore !== null && e.assigneeBefore !== e.assigneeAfter) d.h++;
  if (e.action === 'request_changes') d.x++;
  if (e.action === 'intake_problems') d.i++;
  if (e.action === 'override_state') d.o++;
  if (e.action === 'sla_breach') d.b++;
  if (e.toState !== null && (e.action === 'create' || e.toState !== e.fromState))
    d.m.push([
      e.at,
      e.revision,
      seq,
      e.action === 'create' ? MOVE_CREATE : e.action === 'request_changes' ? MOVE_REWORK : MOVE_OTHER,
      e.toState,
    ]);
  return true;
}

/** One request's digests (one per workflow its events carry) as one, as computeMetrics groups events by request. */
export function merge(parts: readonly RequestDigest[]): RequestDigest {
  if (parts.length === 1) return parts[0]!;
  const first = parts.reduce((a, b) => (before(b.f, a.f) ? b : a));
  const creates = parts.filter((p) => p.c !== null);
  return {
    r: first.r,
    w: first.w,
    q: Math.min(...parts.map((p) => p.q)),
    s: Math.max(...parts.map((p) => p.s)),
    n: parts.reduce((t, p) => t + p.n, 0),
    f: first.f,
    c: creates.length ? creates.reduce((a, b) => (before(b.c!, a.c!) ? b : a)).c : null,
    h: parts.reduce((t, p) => t + p.h, 0),
    x: parts.reduce((t, p) => t + p.x, 0),
    i: parts.reduce((t, p) => t + p.i, 0),
    o: parts.reduce((t, p) => t + p.o, 0),
    b: parts.reduce((t, p) => t + p.b, 0),
    m: parts.flatMap((p) => p.m).sort((a, b) => a[2] - b[2]),
  };
}

const byQ = (a: RequestDigest, b: RequestDigest): number => a.q - b.q;
const sortedBy = <T>(xs: T[], cmp: (a: T, b: T) => number): T[] => {
  for (let i = 1; i < xs.length; i++) if (cmp(xs[i - 1]!, xs[i]!) > 0) return xs.sort(cmp);
  return xs;
};

/** The digests a view counts: one workflow's, or every request's (merged), in the order requests entered the log. */
export function requestsOf(digests: Iterable<RequestDigest>, workflowId?: string): RequestDigest[] {
  if (workflowId !== undefined)
    return sortedBy(
      [...digests].filter((d) => d.w === workflowId),
      byQ,
    );
  const byRequest = new Map<string, RequestDigest>();
  let several: Map<string, RequestDigest[]> | null = null;
  for (const d of digests) {
    const first = byRequest.get(d.r);
    if (!first) {
      byRequest.set(d.r, d);
      continue;
    }
    several ??= new Map();
    const list = several.get(d.r) ?? [first];
    list.push(d);
    several.set(d.r, list);
  }
  if (several) for (const [r, list] of several) byRequest.set(r, merge(list));
  return sortedBy([...byRequest.values()], byQ);
}

/** A digest that folding into leaves the original as it was. */
export const copyDigest = (d: RequestDigest): RequestDigest => ({
  ...d,
  f: [...d.f],
  c: d.c ? [...d.c] : null,
  m: d.m.map((x) => [...x]),
});

/** Events the digests hold (one workflow's, or all): the view's "events" count. */
export function digestEvents(digests: Iterable<RequestDigest>, workflowId?: string): number {
  let n = 0;
  for (const d of digests) if (workflowId === undefined || d.w === workflowId) n += d.n;
  return n;
}
