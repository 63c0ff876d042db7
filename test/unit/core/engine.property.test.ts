/**
 * Property: no sequence of random actions by random actors ever
 *   - puts a request in a state its definition lacks,
 *   - leaves an approval chain as approved without the approvals its applicable steps require,
 *   - changes a terminal request,
 *   - changes a request without bumping its revision by exactly 1 (or bumps it on a refusal),
 *   - mutates the request it was given, or throws;
 * and a requester_edit succeeds only for the requester in the start state (no decision yet) or a waiting state,
 * and leaves the request waiting on them exactly when problems remain (listed, and told once).
 */
import fc from 'fast-check';
import { propertySeed } from '../../support/fast-check-seed';
import {
  apply,
  createDirectory,
  evaluateCondition,
  stateById,
  SYSTEM_ACTOR,
  type Action,
  type Definition,
  type FieldDef,
  type FieldValue,
  type Person,
  type Request,
} from '../../../src/core';
import { templates } from '../../../src/templates';
import { create, people, publish, T0, HOUR } from './helpers';

const staff: Person[] = [
  ...people,
  ...[
    'hr',
    'it',
    'ops',
    'oncall',
    'engineering',
    'platform',
    'editor',
    'legal',
    'qa',
    'qa-lead',
    'release-manager',
    'cs-emea',
    'cs-amer',
    'cs-apac',
    'ap',
  ].flatMap((role) =>
    (role === 'qa-lead' || role === 'release-manager' ? [1] : [1, 2]).map((i) => ({
      email: `${role}${i}@example.com`,
      name: `${role} ${i}`,
      roles: [role],
    })),
  ),
  { email: 'cio@example.com', name: 'CIO', roles: [], outOfOffice: { from: T0, to: T0 + 30 * HOUR }, delegate: 'vp@example.com' },
  { email: 'owner@example.com', name: 'Owner', roles: [] },
];
const dir = createDirectory(staff);
const emails = staff.map((p) => p.email);

function valueFor(f: FieldDef): fc.Arbitrary<FieldValue> {
  const bad = fc.constantFrom<FieldValue>(null, '', 'nonsense', -1, true);
  const good: fc.Arbitrary<FieldValue> = (() => {
    switch (f.type) {
      case 'number':
      case 'currency':
        return fc.constantFrom(0, 0, 1, 50, 4999, 5001, 100000);
      case 'date':
        return fc.constantFrom('2025-04-01', '2025-12-31');
      case 'email':
        return fc.constantFrom(...emails.slice(0, 6));
      case 'choice':
        return fc.constantFrom(...(f.options ?? ['x']));
      case 'multi_choice':
        return fc.subarray(f.options ?? [], { minLength: Math.min(2, f.options?.length ?? 0) });
      case 'checkbox':
        return fc.boolean();
      case 'link':
        return fc.constant('https://example.com/x');
      default:
        return fc.constantFrom('abc', 'v1.2', 'text');
    }
  })();
  return fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: bad });
}

/** Edits: a few fields. Intake (`complete`): usually every required field. */
function fieldsArb(def: Definition, complete = false): fc.Arbitrary<Record<string, FieldValue>> {
  const rec = fc.record(Object.fromEntries(def.fields.map((f) => [f.id, valueFor(f)])), {
    requiredKeys: complete ? def.fields.filter((f) => f.required).map((f) => f.id) : [],
  });
  return rec;
}

function actionArb(def: Definition): fc.Arbitrary<Action> {
  const comment = fc.option(fc.constantFrom('ok', 'please fix', ''), { nil: undefined });
  const reason = fc.constantFrom('because', '', 'fix');
  const names = [...new Set(def.transitions.map((t) => t.action)), 'nope'];
  const states = [...def.states.map((s) => s.id), 'limbo'];
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        type: fc.constant('transition' as const),
        name: fc.constantFrom(...names),
        fields: fc.option(fieldsArb(def), { nil: undefined }),
        comment,
      }),
    },
    { weight: 6, arbitrary: fc.record({ type: fc.constant('approve' as const), comment }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('reject' as const), comment }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('request_changes' as const), comment }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('resubmit' as const), fields: fc.option(fieldsArb(def), { nil: undefined }) }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('requester_edit' as const), fields: fieldsArb(def) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('reassign' as const),
        to: fc.constantFrom(...emails, 'queue:operator', 'ghost@example.com'),
        reason,
      }),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('override_state' as const), to: fc.constantFrom(...states), reason }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('edit_fields' as const), fields: fieldsArb(def), reason }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel' as const), reason: fc.constantFrom('', '', 'withdrawn') }) },
  );
}

const decisionArb = fc.tuple(
  fc.boolean(),
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ type: fc.constant('approve' as const) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('reject' as const), comment: fc.constantFrom('no', '') }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('request_changes' as const), comment: fc.constantFrom('fix', '') }) },
  ) as fc.Arbitrary<Action>,
);

/** Actors: mostly someone with a relation to the request (so actions succeed often), sometimes anyone. */
const actorArb = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9 }));
function pickActor(r: Request, [n, dice]: [number, number]): string {
  if (dice === 0) return 'system';
  if (dice <= 2) return emails[n % emails.length]!;
  const q = r.assignee?.startsWith('queue:') ? dir.membersOf(r.assignee.slice(6)).map((p) => p.email) : r.assignee ? [r.assignee] : [];
  const relevant = [
    r.requester,
    ...(r.approval?.pending ?? []),
    ...(r.approval?.pending.length ? ['vp@example.com'] : []),
    ...q,
    'olga@example.com',
  ];
  return relevant[n % relevant.length]!;
}

/** What each template's runs exercised (action or outcome → count), computed once per template whichever test asks first. */
const exercised = new Map<string, Map<string, number>>();

/** Runs the property on one template (memoised: the same seed gives the same runs, alone or in the suite). */
function exercise(def: Definition): Map<string, number> {
  const done = exercised.get(def.id);
  if (done) return done;
  const v = publish(def);
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(
      fc.oneof({ weight: 5, arbitrary: fieldsArb(def, true) }, { weight: 1, arbitrary: fieldsArb(def) }),
      fc.array(fc.tuple(actorArb, actionArb(def), fc.nat(20), fc.integer({ min: 0, max: 9 }), decisionArb), {
        minLength: 10,
        maxLength: 40,
      }),
      (fields, steps) => {
        let r: Request = create(v, fields, { dir }).request;
        let now = T0;
        let successes = 0;
        for (const [actorDice, anyAction, hours, staleDice, [decide, decision]] of steps) {
          // While approvals are pending, half the steps are decisions (else chains would rarely finish).
          const deciding = decide && (r.approval?.pending.length ?? 0) > 0;
          const action = deciding ? decision : anyAction;
          const email =
            deciding && actorDice[1] > 2 ? r.approval!.pending[actorDice[0] % r.approval!.pending.length]! : pickActor(r, actorDice);
          now += hours * HOUR;
          const before = JSON.stringify(r);
          const expectedRevision = staleDice === 0 ? r.revision - 1 : r.revision;
          const res = apply({
            version: v,
            request: r,
            action,
            actor: email === 'system' ? SYSTEM_ACTOR : { email, method: 'session' },
            now,
            directory: dir,
            expectedRevision,
          });
          expect(JSON.stringify(r)).toBe(before); // input never mutated
          const wasTerminal = stateById(def, r.state)!.kind === 'terminal';
          if (!res.ok) {
            seen.set('refused:' + res.refusal.code, (seen.get('refused:' + res.refusal.code) ?? 0) + 1);
            if (wasTerminal && expectedRevision === r.revision) expect(res.refusal.code).toBe('terminal');
            expect(res.refusal.message.length).toBeGreaterThan(10);
            continue;
          }
          successes++;
          for (const e of res.events) seen.set(e.action, (seen.get(e.action) ?? 0) + 1);
          if (action.type === 'requester_edit') {
            // Only the requester, only before any decision in the start state or while waiting on them;
            // it waits on the requester afterwards exactly when problems remain, and they are listed.
            const kind = stateById(def, r.state)!.kind;
            expect(email.toLowerCase()).toBe(r.requester);
            expect(kind === 'waiting_on_requester' || (kind === 'start' && (r.approval?.decisions.length ?? 0) === 0)).toBe(true);
            const waitingAfter = stateById(def, res.request.state)!.kind === 'waiting_on_requester';
            expect(waitingAfter).toBe(res.request.intakeProblems.length > 0);
            if (waitingAfter) expect(res.notifications.filter((n) => n.kind === 'needs_info' && n.to === r.requester)).toHaveLength(1);
            seen.set(
              `requester_edit:${kind}->${waitingAfter ? 'waiting' : 'working'}`,
              (seen.get(`requester_edit:${kind}->${waitingAfter ? 'waiting' : 'working'}`) ?? 0) + 1,
            );
          }
          expect(wasTerminal).toBe(false);
          expect(expectedRevision).toBe(r.revision);
          const next = res.request;
          expect(next.revision).toBe(r.revision + 1);
          expect(res.events.length).toBeGreaterThan(0);
          expect(res.events.every((e) => e.revision === next.revision)).toBe(true);
          expect(stateById(def, next.state)).toBeDefined();
          expect(next.history[next.history.length - 1]!.state).toBe(next.state);
          for (const e of res.events) if (e.toState) expect(stateById(def, e.toState)).toBeDefined();

          // No approval skipped: a chain leaves as approved only with every applicable step satisfied.
          for (const e of res.events.filter((x) => x.action === 'chain_approved')) {
            const chain = stateById(def, e.fromState!)!.approval!;
            const decisions = [
              ...(r.approval && r.approval.state === e.fromState ? r.approval.decisions : []),
              ...res.events
                .filter((x) => x.action === 'approve')
                .map((x) => ({ stepId: x.name!, approver: x.onBehalfOf ?? x.actor, decision: 'approve' })),
            ];
            for (const s of chain.steps) {
              if (s.when && !evaluateCondition(s.when, next.fields)) continue;
              const approvals = new Set(decisions.filter((d) => d.stepId === s.id && d.decision === 'approve').map((d) => d.approver));
              // The test's own reading of the policies (not the engine's): quorum n; any 1; all = everyone in the step.
              const current =
                r.approval && r.approval.state === e.fromState && r.approval.stepId === s.id ? r.approval.approvers.length : 1;
              const needed = s.policy.type === 'quorum' ? s.policy.n : s.policy.type === 'all' ? Math.max(1, current) : 1;
              expect(approvals.size).toBeGreaterThanOrEqual(needed);
              expect(approvals.has(next.requester) && !s.allowRequester).toBe(false);
            }
          }
          // Entering an approval chain's onApproved state from the chain's state needs chain_approved (or an operator override).
          for (const s of def.states) {
            if (s.approval && r.state === s.id && next.state === s.approval.onApproved && s.approval.onApproved !== s.id) {
              expect(
                res.events.some((x) => x.action === 'chain_approved' || x.action === 'override_state' || x.action === 'transition'),
              ).toBe(true);
            }
          }
          r = next;
        }
        return successes >= 0;
      },
    ),
    { numRuns: 150 },
  );
  exercised.set(def.id, seen);
  return seen;
}

describe.each(templates.map((t) => [t.id, t] as const))(`engine properties (seed ${propertySeed}): %s`, (_id, def) => {
  it('random actions keep every invariant', () => {
    const seen = exercise(def);
    // The runs must actually exercise the engine, or the property says nothing.
    const wanted = [
      'transition',
      'cancel',
      'override_state',
      'edit_fields',
      ...(def.states.some((x) => x.approval) ? ['approve', 'chain_approved'] : []),
      'requester_edit:waiting_on_requester->waiting',
      'requester_edit:waiting_on_requester->working',
    ];
    if (process.env.SHOW_COVERAGE) console.log(def.id, Object.fromEntries(seen));
    for (const a of wanted) expect([a, seen.get(a) ?? 0]).not.toEqual([a, 0]);
  });
});

describe('engine properties: coverage over all templates', () => {
  it('requester edits in the start state were exercised both ways (kept working, sent to Needs info)', () => {
    const acrossTemplates = new Map<string, number>();
    for (const def of templates) {
      for (const [k, n] of exercise(def))
        if (k.startsWith('requester_edit:start->')) acrossTemplates.set(k, (acrossTemplates.get(k) ?? 0) + n);
    }
    expect(acrossTemplates.get('requester_edit:start->working') ?? 0).toBeGreaterThan(0);
    expect(acrossTemplates.get('requester_edit:start->waiting') ?? 0).toBeGreaterThan(0);
  });
});
