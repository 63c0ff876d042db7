/** The semantic diff: changes named in the workflow's own terms, matched by id, not by position or text. */
import { diffDefinitions, formatDiff } from '../../../src/cli/semantic-diff';
import type { Definition } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';

const copy = (d: Definition): Definition => JSON.parse(JSON.stringify(d));

describe('diffDefinitions', () => {
  it('finds nothing between a workflow and itself, even with its fields written in another key order', () => {
    const same = copy(purchaseApproval);
    same.fields = same.fields.map((f) => Object.fromEntries(Object.entries(f).reverse()) as typeof f);
    expect(diffDefinitions(purchaseApproval, same)).toEqual([]);
  });

  it('names added, removed, changed and moved fields, states, steps, transitions and routing', () => {
    const after = copy(purchaseApproval);
    after.fields.push({ id: 'po_number', label: 'PO number', type: 'text' });
    const removed = after.fields.splice(1, 1)[0]!;
    after.fields[0]!.label = `${after.fields[0]!.label} (new)`;
    const step = after.states.flatMap((s) => (s.approval ? [{ state: s.id, step: s.approval.steps[0]! }] : []))[0]!;
    step.step.label = 'Renamed step';
    after.name = 'Purchases';
    const r = diffDefinitions(purchaseApproval, after);
    expect(r).toContainEqual({
      section: 'workflow',
      kind: 'changed',
      item: after.id,
      details: [`name: ${JSON.stringify(purchaseApproval.name)} → "Purchases"`],
    });
    expect(r).toContainEqual(expect.objectContaining({ section: 'fields', kind: 'added', item: 'po_number' }));
    expect(r).toContainEqual(expect.objectContaining({ section: 'fields', kind: 'removed', item: removed.id }));
    expect(r).toContainEqual({
      section: 'fields',
      kind: 'changed',
      item: after.fields[0]!.id,
      details: [`label: ${JSON.stringify(purchaseApproval.fields[0]!.label)} → ${JSON.stringify(after.fields[0]!.label)}`],
    });
    expect(r).toContainEqual({
      section: 'steps',
      kind: 'changed',
      item: `${step.state}/${step.step.id}`,
      details: [expect.stringMatching(/^label: .* → "Renamed step"$/)],
    });
    // A state is not reported as changed when only its steps changed (the steps say it).
    expect(r.filter((c) => c.section === 'states')).toEqual([]);
  });

  it('reports a reordered field as moved, and a changed transition target under its action', () => {
    const after = copy(purchaseApproval);
    after.fields.reverse();
    const t = after.transitions[0]!;
    const target = after.states.find((s) => s.id !== t.to)!.id;
    t.to = target;
    const r = diffDefinitions(purchaseApproval, after);
    expect(r.filter((c) => c.section === 'fields').every((c) => c.kind === 'moved')).toBe(true);
    expect(r).toContainEqual({
      section: 'transitions',
      kind: 'changed',
      item: `${t.action} from [${t.from.join(', ')}]`,
      details: [`to: ${JSON.stringify(purchaseApproval.transitions[0]!.to)} → ${JSON.stringify(target)}`],
    });
  });

  it('formats a heading per workflow with the version publishing would create', () => {
    const after = copy(purchaseApproval);
    after.prefix = 'PO';
    const lines = formatDiff({ workflowId: after.id, from: 3, changes: diffDefinitions(purchaseApproval, after) }, null);
    expect(lines).toEqual([
      `${after.id}: version 3 → 4`,
      '  Workflow',
      `    ~ ${after.id}`,
      `        prefix: "${purchaseApproval.prefix}" → "PO"`,
    ]);
    expect(formatDiff({ workflowId: 'x', from: null, changes: [] }, null)[0]).toBe('x: new workflow (publishing creates version 1)');
  });
});
