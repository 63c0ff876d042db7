import type { Decision, PublishedVersion, Request, StateDef } from '../../core';

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

export function summarize(request: Request, version: PublishedVersion, nameOf: (email: string) => string = (e) => e): RequestSummary {
  const def = version.definition;
  const state = stateOf(version, request.state);
  const chain = state?.approval;
  let step: RequestSummary['step'] = null;
  if (chain && request.approval && request.approval.state === request.state) {
    const s = chain.steps[request.approval.stepIndex] ?? chain.steps.find((x) => x.id === request.approval!.stepId);
    if (s) step = { id: s.id, label: s.label, number: chain.steps.indexOf(s) + 1, of: chain.steps.length, policy: policyText(s.policy) };
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
    dueAt: request.sla?.dueAt ?? null,
    fields,
    commentRequiredFor: (chain?.commentRequiredFor ?? ['reject', 'request_changes']) as Decision[],
    timeZone: def.calendar?.timeZone ?? 'Etc/UTC',
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "6 Jan 2025, 10:03 (Europe/Paris)". Falls back to UTC when the zone is unknown to the runtime. */
export function formatWhen(ms: number, timeZone = 'Etc/UTC'): string {
  let zone = timeZone;
  let offsetMin = 0;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(ms));
    const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'));
    offsetMin = Math.round((asUtc - Math.floor(ms / 60000) * 60000) / 60000);
  } catch {
    zone = 'UTC';
  }
  const d = new Date(ms + offsetMin * 60000);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const z = zone === 'Etc/UTC' || zone === 'UTC' ? 'UTC' : zone;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} (${z})`;
}

export const DECISION_PAST: Record<Decision, string> = { approve: 'approved', reject: 'rejected', request_changes: 'changes requested' };
export const DECISION_VERB: Record<Decision, string> = { approve: 'Approve', reject: 'Reject', request_changes: 'Request changes' };
