import {
  evaluateCondition,
  type Decision,
  type PublishedVersion,
  type Request,
  type StateDef,
  type ZoneCheck,
  type ZoneOffset,
} from '../../core';
import { utilitiesKnownZone, utilitiesZoneOffset } from '../zone';

/** What every approval surface (email, confirm page, Gmail card) shows about a request. Plain text: escape on output. */
export interface RequestSummary {
  requestId: string;
  workflowId: string;
  workflowName: string;
  requester: string;
  requesterName: string;
  stateLabel: string;
  createdAt: number;
  /** The approval step the request is at, when it is in an approval chain. */
  step: { id: string; label: string; number: number; of: number; policy: string } | null;
  dueAt: number | null;
  /** dueAt as people read it ("6 Jan 2025, 10:03 (Europe/Paris)"), formatted by summarize with its zone; null when no due time. */
  dueText: string | null;
  fields: Array<{ id: string; label: string; value: string }>;
  /** Decisions that need a comment at this state. */
  commentRequiredFor: Decision[];
  timeZone: string;
}

const MAX_FIELDS = 8;

export function formatFieldValue(v: unknown, type?: string, currency?: string): string {
  if (v === undefined || v === null || v === '') return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number' && type === 'currency') {
    const s = v.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return currency ? `${currency} ${s}` : s;
  }
  return String(v);
}

export function stateOf(version: PublishedVersion, stateId: string): StateDef | undefined {
  return version.definition.states.find((s) => s.id === stateId);
}

function policyText(p: { type: 'any' } | { type: 'all' } | { type: 'quorum'; n: number }): string {
  if (p.type === 'any') return 'any one approver decides';
  if (p.type === 'all') return 'every approver must approve';
  return `${p.n} approvals needed`;
}

/**
 * The summary of a request, with its display strings (dueText) formatted once here. `zone` is required: in the Apps
 * Script layer it is whenZone(services.Utilities), so no surface can show a time computed with Intl.
 */
export function summarize(
  request: Request,
  version: PublishedVersion,
  zone: WhenZone,
  nameOf: (email: string) => string = (e) => e,
): RequestSummary {
  const def = version.definition;
  const timeZone = def.calendar?.timeZone ?? 'Etc/UTC';
  const dueAt = request.sla?.dueAt ?? null;
  const state = stateOf(version, request.state);
  const chain = state?.approval;
  let step: RequestSummary['step'] = null;
  if (chain && request.approval && request.approval.state === request.state) {
    const s = chain.steps[request.approval.stepIndex] ?? chain.steps.find((x) => x.id === request.approval!.stepId);
    if (s) {
      // Steps count as the request meets them: a step whose condition is false for it is skipped, so not counted.
      const applies = chain.steps.filter((x) => x === s || !x.when || evaluateCondition(x.when, request.fields));
      step = { id: s.id, label: s.label, number: applies.indexOf(s) + 1, of: applies.length, policy: policyText(s.policy) };
    }
  }
  const fields: RequestSummary['fields'] = [];
  for (const f of def.fields) {
    const value = formatFieldValue(request.fields[f.id], f.type, f.currency);
    if (value === '') continue;
    fields.push({ id: f.id, label: f.label, value });
    if (fields.length >= MAX_FIELDS) break;
  }
  return {
    requestId: request.id,
    workflowId: request.workflowId,
    workflowName: def.name,
    requester: request.requester,
    requesterName: nameOf(request.requester),
    stateLabel: state?.label ?? request.state,
    createdAt: request.createdAt,
    step,
    dueAt,
    dueText: dueAt ? formatWhen(dueAt, timeZone, zone) : null,
    fields,
    commentRequiredFor: (chain?.commentRequiredFor ?? ['reject', 'request_changes']) as Decision[],
    timeZone,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "6 Jan 2025, 10:03 (Europe/Paris)". The zone's offset comes from `zone`, which is required: in the Apps Script
 * layer it is whenZone(services.Utilities) (Utilities.formatDate — Apps Script's V8 is not documented to have Intl's
 * IANA zones), so there is no Intl fallback to slip into. Falls back to UTC (labelled so) when the zone is unknown
 * to the port, or the port fails.
 */
export function formatWhen(ms: number, timeZone: string, zone: WhenZone): string {
  let label = timeZone;
  let offsetMin = 0;
  try {
    if (!zone.isKnown(timeZone)) throw new Error('unknown zone');
    offsetMin = zone.offset(timeZone, Math.floor(ms / 60000) * 60000);
  } catch {
    label = 'UTC';
    offsetMin = 0;
  }
  const d = new Date(ms + offsetMin * 60000);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const z = label === 'Etc/UTC' || label === 'UTC' ? 'UTC' : label;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} (${z})`;
}

/** What formatWhen needs of a time-zone service: whether it knows a zone, and the zone's offset at an instant. */
export interface WhenZone {
  isKnown: ZoneCheck;
  offset: ZoneOffset;
}

const byUtilities = new WeakMap<object, WhenZone>();

/**
 * formatWhen's zone on Utilities.formatDate (src/gas/zone.ts), one per Utilities object so a run that formats many
 * dates (an Outbox batch) asks formatDate once per zone per quarter hour.
 */
export function whenZone(utilities: Pick<GoogleAppsScript.Utilities.Utilities, 'formatDate'>): WhenZone {
  let z = byUtilities.get(utilities);
  if (!z) {
    z = { isKnown: utilitiesKnownZone(utilities), offset: utilitiesZoneOffset(utilities) };
    byUtilities.set(utilities, z);
  }
  return z;
}

export const DECISION_PAST: Record<Decision, string> = { approve: 'approved', reject: 'rejected', request_changes: 'changes requested' };
export const DECISION_VERB: Record<Decision, string> = { approve: 'Approve', reject: 'Reject', request_changes: 'Request changes' };
