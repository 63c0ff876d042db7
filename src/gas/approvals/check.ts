import { normalizeEmail, type AuditEvent, type Decision, type PublishedVersion, type Request } from '../../core';
import { DECISION_PAST, formatWhen, stateOf, type WhenZone } from './summary';

/** Where a link (request, step, round, approver) stands against the request as it is now. */
export type LinkStanding =
  | { kind: 'open'; request: Request; version: PublishedVersion }
  | {
      kind: 'decided';
      request: Request;
      version: PublishedVersion;
      by: string;
      onBehalfOf: string | null;
      decision: Decision;
      at: number;
      mine: boolean;
      message: string;
    }
  | { kind: 'closed'; request: Request; version: PublishedVersion; message: string }
  | { kind: 'not_approver'; request: Request; version: PublishedVersion; message: string }
  | { kind: 'not_found'; message: string };

export interface LinkTarget {
  requestId: string;
  stepId: string;
  round: number;
  approver: string;
}

const DECISIONS: readonly string[] = ['approve', 'reject', 'request_changes'];
const same = (a: string | null | undefined, b: string | null | undefined): boolean => !!a && !!b && normalizeEmail(a) === normalizeEmail(b);

function decidedMessage(
  d: { by: string; onBehalfOf: string | null; decision: Decision; at: number },
  tz: string,
  zone: WhenZone,
  nameOf: (e: string) => string,
): string {
  const who = d.onBehalfOf && !same(d.onBehalfOf, d.by) ? `${nameOf(d.by)} on behalf of ${nameOf(d.onBehalfOf)}` : nameOf(d.by);
  return `This step was already decided: ${DECISION_PAST[d.decision]} by ${who} at ${formatWhen(d.at, tz, zone)}. Nothing was changed.`;
}

/**
 * Decide whether a link may still act. Pure: reads the request, its version and (when the step is no longer
 * current) its audit events. `zone` formats the "already decided … at <time>" message: whenZone(services.Utilities).
 */
export function linkStanding(
  target: LinkTarget,
  loaded: { request: Request; version: PublishedVersion } | null,
  audit: () => AuditEvent[],
  zone: WhenZone,
  nameOf: (email: string) => string = (e) => e,
): LinkStanding {
  if (!loaded || loaded.request.id !== target.requestId)
    return { kind: 'not_found', message: `There is no request ${target.requestId}. It may have been removed.` };
  const { request, version } = loaded;
  const tz = version.definition.calendar?.timeZone ?? 'Etc/UTC';
  const a = request.approval;
  const base = { request, version };

  if (a && a.state === request.state && a.stepId === target.stepId && a.round === target.round) {
    const mine = a.decisions.find((d) => d.stepId === target.stepId && same(d.approver, target.approver));
    if (mine) {
      const d = { by: mine.by, onBehalfOf: same(mine.by, mine.approver) ? null : mine.approver, decision: mine.decision, at: mine.at };
      return { kind: 'decided', ...base, ...d, mine: true, message: decidedMessage(d, tz, zone, nameOf) };
    }
    if (a.pending.some((p) => same(p, target.approver))) return { kind: 'open', ...base };
    if (!a.approvers.some((p) => same(p, target.approver))) {
      return {
        kind: 'not_approver',
        ...base,
        message: `${nameOf(target.approver)} is no longer an approver of this step (it may have been reassigned). Nothing was changed.`,
      };
    }
    return { kind: 'closed', ...base, message: 'This step no longer needs your decision. Nothing was changed.' };
  }

  // The step is no longer the current one (or the round changed): find who decided it.
  const inChain = a?.decisions.filter((d) => d.stepId === target.stepId) ?? [];
  const chainHit = inChain.find((d) => same(d.approver, target.approver)) ?? inChain[inChain.length - 1];
  if (chainHit && a?.round === target.round) {
    const d = {
      by: chainHit.by,
      onBehalfOf: same(chainHit.by, chainHit.approver) ? null : chainHit.approver,
      decision: chainHit.decision,
      at: chainHit.at,
    };
    return { kind: 'decided', ...base, ...d, mine: same(chainHit.approver, target.approver), message: decidedMessage(d, tz, zone, nameOf) };
  }
  let events: AuditEvent[] = [];
  try {
    events = audit().filter((e) => e.requestId === request.id && DECISIONS.includes(e.action) && e.name === target.stepId);
  } catch {
    events = [];
  }
  events.sort((x, y) => x.at - y.at || x.revision - y.revision);
  const ev = [...events].reverse().find((e) => same(e.onBehalfOf ?? e.actor, target.approver)) ?? events[events.length - 1];
  if (ev) {
    const d = { by: ev.actor, onBehalfOf: ev.onBehalfOf, decision: ev.action as Decision, at: ev.at };
    return {
      kind: 'decided',
      ...base,
      ...d,
      mine: same(ev.onBehalfOf ?? ev.actor, target.approver),
      message: decidedMessage(d, tz, zone, nameOf),
    };
  }
  const label = stateOf(version, request.state)?.label ?? request.state;
  return {
    kind: 'closed',
    ...base,
    message: `Request ${request.id} is no longer waiting for this approval (it is now: ${label}). Nothing was changed.`,
  };
}
