import { validateDefinition, publishVersion, versionFor, type Definition } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { T0 } from './helpers';

const clone = (): Definition => JSON.parse(JSON.stringify(purchaseApproval));
const problemsOf = (d: unknown) => {
  const r = validateDefinition(d);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
};

describe('validateDefinition', () => {
  it('accepts a valid definition with a stable 64-hex content hash', () => {
    const a = validateDefinition(purchaseApproval);
    const b = validateDefinition(JSON.parse(JSON.stringify(purchaseApproval)));
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(a.hash).toBe(b.hash);
      const c = validateDefinition({ ...purchaseApproval, name: 'Other' });
      expect(c.ok && c.hash).not.toBe(a.hash);
    }
  });

  it('reports schema problems with paths, all at once', () => {
    const d = clone() as unknown as Record<string, unknown>;
    (d.fields as Array<Record<string, unknown>>)[1]!.type = 'money';
    d.prefix = 'pr';
    (d as { colour?: string }).colour = 'blue';
    const p = problemsOf(d);
    const paths = p.map((x) => x.path);
    expect(paths).toEqual(expect.arrayContaining(['fields[1].type', 'prefix', '(definition)']));
    expect(p.find((x) => x.path === 'prefix')!.message).toMatch(/capital letters/);
    expect(p.find((x) => x.path === '(definition)')!.message).toBe('Unknown setting: colour.');
  });

  it('reports every cross-reference problem at once, in plain English', () => {
    const d = clone();
    d.transitions.push({ action: 'jump', from: ['nowhere'], to: 'limbo', by: ['assignee'] });
    d.states[0]!.approval!.steps[0]!.approvers.push({ type: 'field', field: 'item' });
    d.notifications!.receipt = { subject: 'Got {{requestId}}', body: 'Your {{colour}} order' };
    d.fields.push({ id: 'item', label: 'Dup', type: 'text' });
    d.routing = {
      rules: [{ when: { field: 'ghost', op: 'eq', value: 1 }, assignTo: { type: 'queue', queue: 'x' } }],
      default: { type: 'queue', queue: 'y' },
    };
    d.states[2]!.approval = undefined;
    d.states[0]!.approval!.steps[1]!.when = { field: 'amount', op: 'gt', value: '5000' };
    const p = problemsOf(d);
    const by = (path: string) => p.filter((x) => x.path === path).map((x) => x.message);
    expect(by('transitions[2].from[0]')).toEqual(['Transition "jump" names state "nowhere", which this workflow does not have.']);
    expect(by('transitions[2].to')).toEqual(['Transition "jump" names state "limbo", which this workflow does not have.']);
    expect(by('states[0].approval.steps[0].approvers[1].field')).toEqual([
      'Step "Manager"\'s approver names field "Dup", which is a text field, not an email field.',
    ]);
    expect(by('notifications.receipt.body')[0]).toMatch(/^Placeholder \{\{colour\}\} names no field/);
    expect(by('fields[8].id')).toEqual(['Field id "item" is used twice.']);
    expect(by('routing.rules[0].when.field')).toEqual(['The condition names field "ghost", which this workflow does not have.']);
    expect(by('states[0].approval.steps[1].when.value')).toEqual(['Amount is a currency field: compare it with a number.']);
  });

  it('finds unreachable states and states with no way to finish', () => {
    const d = clone();
    d.states.push({ id: 'island', label: 'Island', kind: 'active' });
    d.states.push({ id: 'trap', label: 'Trap', kind: 'active' });
    d.transitions.push({ action: 'to_trap', from: ['ordering'], to: 'trap', by: ['assignee'] });
    const p = problemsOf(d);
    expect(p).toContainEqual({ path: 'states[6]', message: 'State "Island" cannot be reached from the start state "Awaiting approval".' });
    expect(p).toContainEqual({
      path: 'states[7]',
      message: 'From state "Trap" no path leads to a terminal state: requests there could never finish.',
    });
  });

  it('requires one start, a terminal and a waiting state; checks SLA, calendar and quorum sizes', () => {
    const d = clone();
    d.states = d.states.map((s) => (s.kind === 'waiting_on_requester' ? { ...s, kind: 'active' as const } : s));
    d.states[1]!.sla = { businessHours: 4, remindAfterHours: [6] };
    d.calendar = { ...d.calendar!, timeZone: 'Mars/Olympus', start: '18:00' };
    d.states.push({ id: 'start2', label: 'Second start', kind: 'start' });
    const p = problemsOf(d);
    const msgs = p.map((x) => `${x.path}: ${x.message}`);
    expect(msgs).toContain('states: Exactly one state may be the start; found 2: approval, start2.');
    expect(msgs).toContain(
      'states: At least one state must wait on the requester (kind "waiting_on_requester"), for intake problems and requested changes.',
    );
    expect(msgs).toContain('states[1].sla.remindAfterHours[0]: A reminder after 6 business hours comes at or after the 4-hour deadline.');
    expect(msgs).toContain('calendar.timeZone: "Mars/Olympus" is not a known IANA time zone (e.g. Europe/Paris).');
    expect(msgs).toContain('calendar.end: Working hours end (17:00) must be after they start (18:00).');

    const q = clone();
    q.states[0]!.approval!.steps[0] = {
      id: 'm',
      label: 'Pair',
      approvers: [{ type: 'people', emails: ['a@x.com', 'b@x.com'] }],
      policy: { type: 'quorum', n: 3 },
    };
    expect(problemsOf(q)).toEqual([
      { path: 'states[0].approval.steps[0].policy.n', message: 'Step "Pair" needs 3 approvals but names only 2 approvers.' },
    ]);
  });

  it('forbids transitions out of terminal states and built-in action names', () => {
    const d = clone();
    d.transitions.push({ action: 'approve', from: ['rejected'], to: 'ordering', by: ['requester'] });
    const msgs = problemsOf(d).map((x) => x.message);
    expect(msgs).toContain('Transition "approve" leaves "Rejected", a terminal state: terminal requests never change.');
    expect(msgs).toContain('"approve" is a built-in action; name the transition something else.');
  });
});

describe('publishVersion', () => {
  it('numbers versions, keeps them immutable and reuses identical content', () => {
    const a = publishVersion(purchaseApproval, [], { publishedAt: T0, publishedBy: 'adam@example.com' });
    if (!a.ok) throw new Error();
    expect(a.version.version).toBe(1);
    expect(() => {
      (a.version.definition as { name: string }).name = 'x';
    }).toThrow();
    const same = publishVersion(JSON.parse(JSON.stringify(purchaseApproval)), [a.version], {
      publishedAt: T0 + 1,
      publishedBy: 'adam@example.com',
    });
    expect(same.ok && same.unchanged && same.version).toBe(a.version);
    const b = publishVersion({ ...purchaseApproval, name: 'Purchases' }, [a.version], {
      publishedAt: T0 + 2,
      publishedBy: 'adam@example.com',
    });
    if (!b.ok) throw new Error();
    expect(b.version.version).toBe(2);
    expect(versionFor({ workflowId: 'purchase-approval', version: 1, versionHash: a.version.hash }, [b.version, a.version])).toBe(
      a.version,
    );
    expect(versionFor({ workflowId: 'purchase-approval', version: 1, versionHash: 'tampered' }, [a.version])).toBeUndefined();
    const bad = publishVersion({ ...purchaseApproval, states: [] }, [], { publishedAt: T0, publishedBy: 'x' });
    expect(bad.ok).toBe(false);
  });
});

describe('one pass: schema problems do not hide the problems of meaning', () => {
  const base = () => JSON.parse(JSON.stringify(purchaseApproval)) as Record<string, any>;

  it('reports a bad prefix (schema) and a transition to an unknown state (meaning) together', () => {
    const d = base();
    d.prefix = 'lower';
    d.transitions[0].to = 'shipped';
    const r = validateDefinition(d);
    expect(r.ok).toBe(false);
    const paths = (r as { problems: Array<{ path: string }> }).problems.map((p) => p.path);
    expect(paths).toContain('prefix');
    expect(paths).toContain('transitions[0].to');
  });

  it("keeps the author's indices when a broken item is left out, and reports nothing twice or about the broken item's stub", () => {
    const d = base();
    d.transitions[0].by = []; // schema: at least one
    d.transitions[1].to = 'nowhere'; // meaning
    d.states[1].kind = 'sideways'; // schema: not a kind (its state is kept as a stub: references to it still resolve)
    const r = validateDefinition(d) as { ok: false; problems: Array<{ path: string; message: string }> };
    const paths = r.problems.map((p) => p.path);
    expect(paths).toContain('transitions[0].by');
    expect(paths).toContain('transitions[1].to');
    expect(paths).toContain('states[1].kind');
    expect(paths.filter((p) => p === 'transitions[1].to')).toHaveLength(1);
    expect(paths.some((p) => p.startsWith('states[1]') && p !== 'states[1].kind')).toBe(false);
    expect(r.problems.find((p) => p.path === 'transitions[1].to')?.message).toMatch(/nowhere/);
  });

  it("says zod's own refusals in its English words (zod/mini loads no locale; src/core/zod.ts sets English)", () => {
    const d = clone() as unknown as Record<string, unknown>;
    d.name = '';
    d.states = 'x';
    delete d.fields;
    expect(problemsOf(d)).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'Too small: expected string to have >=1 characters.' },
        { path: 'fields', message: 'This is required.' },
        { path: 'states', message: 'Invalid input: expected array, received string.' },
      ]),
    );
  });

  it('a definition that is not an object still answers with the schema alone', () => {
    expect(validateDefinition('nope').ok).toBe(false);
    expect(validateDefinition({ fields: 'x' }).ok).toBe(false);
  });
});
