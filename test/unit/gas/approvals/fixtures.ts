/** Workflows and an in-memory ApprovalBackend over the real engine, for the approval unit tests. */
import {
  apply,
  createDirectory,
  createRequest,
  publishVersion,
  type Action,
  type Actor,
  type ApplyResult,
  type ApprovalStep,
  type AuditEvent,
  type Definition,
  type NotificationIntent,
  type Person,
  type PublishedVersion,
  type Request,
} from '../../../../src/core';
import type { ApprovalBackend } from '../../../../src/gas/approvals/backend';

export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0); // a Monday

export function chainDefinition(steps: ApprovalStep[], extra: Partial<Definition> = {}): Definition {
  return {
    id: 'purchase-approval',
    name: 'Purchase approval',
    prefix: 'PR',
    calendar: { timeZone: 'Etc/UTC', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    fields: [
      { id: 'item', label: 'Item', type: 'text', required: true },
      { id: 'amount', label: 'Amount', type: 'currency', currency: 'USD' },
      { id: 'notes', label: 'Notes', type: 'long_text' },
    ],
    states: [
      {
        id: 'review',
        label: 'Awaiting approval',
        kind: 'start',
        approval: { steps, onApproved: 'approved', onRejected: 'rejected' },
        sla: { businessHours: 16 },
      },
      { id: 'needs_info', label: 'Needs info', kind: 'waiting_on_requester' },
      { id: 'approved', label: 'Approved', kind: 'terminal', outcome: 'approved' },
      { id: 'rejected', label: 'Rejected', kind: 'terminal', outcome: 'rejected' },
      { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
    ],
    transitions: [],
    ...extra,
  };
}

export const people: Person[] = [
  { email: 'rita@acme.test', name: 'Rita Requester', roles: [], manager: 'mia@acme.test' },
  { email: 'mia@acme.test', name: 'Mia Manager', roles: [], delegate: 'dan@acme.test' },
  { email: 'dan@acme.test', name: 'Dan Deputy', roles: [] },
  { email: 'fay@acme.test', name: 'Fay Finance', roles: ['finance'] },
  { email: 'fred@acme.test', name: 'Fred Finance', roles: ['finance'] },
  { email: 'fiona@acme.test', name: 'Fiona Finance', roles: ['finance'] },
  { email: 'olga@acme.test', name: 'Olga Operator', roles: ['operator'] },
  { email: 'ext@partner.example', name: 'Eve External', roles: [] },
];

export const managerThenFinance: ApprovalStep[] = [
  { id: 'manager', label: 'Manager', approvers: [{ type: 'requester_manager' }], policy: { type: 'any' } },
  { id: 'finance', label: 'Finance', approvers: [{ type: 'role', role: 'finance' }], policy: { type: 'any' } },
  { id: 'external', label: 'Partner', approvers: [{ type: 'people', emails: ['ext@partner.example'] }], policy: { type: 'any' } },
];

export function publish(def: Definition): PublishedVersion {
  const r = publishVersion(def, [], { publishedAt: T0 - 1000, publishedBy: 'admin@acme.test' });
  if (!r.ok) throw new Error('invalid test definition: ' + JSON.stringify(r.problems));
  return r.version;
}

export class MemoryBackend implements ApprovalBackend {
  clock = T0;
  readonly requests = new Map<string, Request>();
  readonly audit: AuditEvent[] = [];
  readonly outbox: NotificationIntent[] = [];
  readonly applied: Array<{ action: Action; actor: Actor }> = [];
  private seq = 0;
  /** Runs just before apply(): lets a test slip another execution's change in between (a race). */
  beforeApply: (() => void) | null = null;
  persons: Person[];

  constructor(
    readonly version: PublishedVersion,
    ps: Person[] = people,
  ) {
    this.persons = ps.map((p) => ({ ...p }));
  }

  now(): number {
    return this.clock;
  }

  directory() {
    return createDirectory(this.persons);
  }

  create(fields: Record<string, string | number | null>, requester = 'rita@acme.test'): Request {
    const r = createRequest({
      version: this.version,
      sequence: ++this.seq + 122,
      requester,
      fields,
      channel: 'form',
      actor: { email: requester, method: 'form_response' },
      now: this.clock,
      directory: this.directory(),
    });
    if (!r.ok) throw new Error(r.refusal.message);
    this.requests.set(r.request.id, r.request);
    this.audit.push(...r.events);
    this.outbox.push(...r.notifications);
    return r.request;
  }

  load(id: string) {
    const request = this.requests.get(id);
    return request ? { request: structuredClone(request), version: this.version } : null;
  }

  apply(requestId: string, action: Action, actor: Actor, expectedRevision: number): ApplyResult {
    const hook = this.beforeApply;
    this.beforeApply = null;
    hook?.();
    const request = this.requests.get(requestId);
    if (!request) throw new Error('no request ' + requestId);
    const r = apply({ version: this.version, request, action, actor, now: this.clock, directory: this.directory(), expectedRevision });
    if (r.ok) {
      this.requests.set(requestId, r.request);
      this.audit.push(...r.events);
      this.outbox.push(...r.notifications);
      this.applied.push({ action, actor });
    }
    return r;
  }

  auditOf(id: string) {
    return this.audit.filter((e) => e.requestId === id);
  }

  requestLink(r: Request) {
    return `https://docs.google.com/spreadsheets/d/sheet#${r.id}`;
  }

  /** A snapshot of everything a decision could change. */
  snapshot(): string {
    return JSON.stringify({ r: [...this.requests.entries()], a: this.audit, o: this.outbox });
  }
}
