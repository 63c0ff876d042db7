import { createDirectory, validateDefinition, type Person, type Request } from '../../../src/core';
import { templates } from '../../../src/templates';
import { act, create, ok, people, publish, T0 } from './helpers';

const more: Person[] = [
  ...people,
  { email: 'hana@example.com', name: 'Hana HR', roles: ['hr'] },
  { email: 'ivan@example.com', name: 'Ivan IT', roles: ['it'] },
  { email: 'owen@example.com', name: 'Owen Ops', roles: ['ops'] },
  { email: 'oncall@example.com', name: 'On Call', roles: ['oncall', 'engineering'] },
  { email: 'ed@example.com', name: 'Ed Editor', roles: ['editor'] },
  { email: 'lea@example.com', name: 'Lea Legal', roles: ['legal'] },
  { email: 'leo@example.com', name: 'Leo Legal', roles: ['legal'] },
  { email: 'quinn@example.com', name: 'Quinn QA', roles: ['qa'] },
  { email: 'ql@example.com', name: 'QA Lead', roles: ['qa-lead'] },
  { email: 'rm@example.com', name: 'Release Manager', roles: ['release-manager'] },
  { email: 'cs@example.com', name: 'Cass CSM', roles: ['cs-emea'] },
  { email: 'ap@example.com', name: 'Alex AP', roles: ['ap'] },
  { email: 'cio@example.com', name: 'CIO', roles: [] },
  { email: 'owner@example.com', name: 'Acct Owner', roles: [] },
];
const dir = createDirectory(more);

describe('templates', () => {
  it('are eight, with distinct ids and prefixes', () => {
    expect(templates).toHaveLength(8);
    expect(new Set(templates.map((t) => t.id)).size).toBe(8);
    expect(new Set(templates.map((t) => t.prefix)).size).toBe(8);
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s validates', (_id, t) => {
    const r = validateDefinition(t);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  type Walk = { fields: Record<string, unknown>; steps: Array<[string, object]>; end: string; requester?: string };
  const walks: Record<string, Walk> = {
    'purchase-approval': {
      fields: { item: 'Laptop', amount: 7200, costCenter: 'Engineering', justification: 'new hire' },
      steps: [
        ['max@example.com', { type: 'approve' }],
        ['fay@example.com', { type: 'approve' }],
        ['pat@example.com', { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-1' } }],
      ],
      end: 'ordered',
    },
    'employee-onboarding': {
      fields: { employeeName: 'Nia', startDate: '2025-04-01', hiringManager: 'max@example.com', department: 'Sales' },
      steps: [
        ['hana@example.com', { type: 'approve' }],
        ['ivan@example.com', { type: 'transition', name: 'provisioned', fields: { accountsCreated: true } }],
        ['rita@example.com', { type: 'transition', name: 'confirm' }],
      ],
      end: 'ready',
    },
    'customer-account-change': {
      fields: { customer: 'Acme', accountOwner: 'owner@example.com', changeType: 'Billing', details: 'new card' },
      steps: [
        ['owner@example.com', { type: 'approve' }],
        ['fred@example.com', { type: 'approve' }],
        ['owen@example.com', { type: 'transition', name: 'applied' }],
      ],
      end: 'done',
    },
    'support-escalation': {
      fields: { customer: 'Acme', severity: 'Sev1', product: 'Web', summary: 'down' },
      steps: [
        ['oncall@example.com', { type: 'transition', name: 'accept' }],
        ['oncall@example.com', { type: 'transition', name: 'fixed', fields: { resolution: 'restarted' } }],
        ['rita@example.com', { type: 'transition', name: 'confirm' }],
      ],
      end: 'resolved',
    },
    'content-legal-approval': {
      fields: { title: 'Launch', draft: 'https://docs.example.com/d', channel: 'Press release' },
      steps: [
        ['ed@example.com', { type: 'approve' }],
        ['lea@example.com', { type: 'approve' }],
        ['leo@example.com', { type: 'approve' }],
        ['rita@example.com', { type: 'transition', name: 'publish' }],
      ],
      end: 'published',
    },
    'qa-checklist-signoff': {
      fields: { release: 'v2.3.0' },
      steps: [
        ['quinn@example.com', { type: 'transition', name: 'checklist_done', fields: { checks: ['Unit', 'Regression'], blockers: 0 } }],
        ['ql@example.com', { type: 'approve' }],
        ['rm@example.com', { type: 'approve' }],
      ],
      end: 'released',
    },
    'renewal-handoff': {
      fields: { account: 'Acme', region: 'EMEA', arr: 120000, renewalDate: '2025-06-30', handoffNotes: 'happy customer' },
      steps: [
        ['max@example.com', { type: 'approve' }],
        ['cs@example.com', { type: 'transition', name: 'kickoff_held', fields: { kickoffDone: true } }],
      ],
      end: 'handed_off',
    },
    'invoice-exception': {
      fields: { invoiceNumber: 'INV-9', vendor: 'Parts Co', amount: 990, exceptionType: 'Price mismatch', budget: 'IT' },
      steps: [
        ['ap@example.com', { type: 'transition', name: 'send_to_owner', fields: { findings: 'price raised 10%' } }],
        ['cio@example.com', { type: 'approve' }],
      ],
      end: 'paid',
    },
  };

  it.each(templates.map((t) => [t.id, t] as const))('%s walks from submission to a terminal state through its approvals', (id, t) => {
    const walk = walks[id]!;
    const v = publish(t);
    const created = create(v, walk.fields as never, { dir });
    let r: Request = created.request;
    const events = [...created.events];
    expect(r.intakeProblems).toEqual([]);
    const visited = [r.state];
    let now = T0;
    for (const [who, action] of walk.steps) {
      now += 3_600_000;
      const res = ok(act(v, r, who, action as never, { now, dir }));
      r = res.request;
      events.push(...res.events);
      visited.push(r.state);
    }
    expect(r.state).toBe(walk.end);
    expect(v.definition.states.find((s) => s.id === r.state)?.kind).toBe('terminal');
    // Every approval state visited was left through its approved chain, with one approve event per approval in the walk.
    for (const s of visited)
      if (t.states.find((x) => x.id === s)?.approval)
        expect(events.some((e) => e.action === 'chain_approved' && e.fromState === s)).toBe(true);
    expect(events.filter((e) => e.action === 'approve')).toHaveLength(
      walk.steps.filter(([, a]) => (a as { type: string }).type === 'approve').length,
    );
    expect(events.map((e) => e.revision)).toEqual([...events.map((e) => e.revision)].sort((a, b) => a - b));
    expect(r.revision).toBe(1 + walk.steps.length);
  });
});
