/** Where the editor shows an engine problem: the exact control, else the nearest enclosing part, else the general list. */
import { ancestors, placeProblem } from '../../../src/ui/shared/problems';

describe('placing validation problems next to the offending part', () => {
  const known = new Set(['id', 'transitions[0].to', 'transitions[0]', 'states[2]', 'states', 'fields[1].options']);

  it('lists a path and its ancestors, innermost first', () => {
    expect(ancestors('states[2].approval.steps[0].approvers')).toEqual([
      'states[2].approval.steps[0].approvers',
      'states[2].approval.steps[0]',
      'states[2].approval.steps',
      'states[2].approval',
      'states[2]',
      'states',
    ]);
  });

  it('prefers the exact control, then the nearest enclosing item', () => {
    expect(placeProblem('transitions[0].to', known)).toBe('transitions[0].to');
    expect(placeProblem('transitions[0].from[1]', known)).toBe('transitions[0]');
    expect(placeProblem('states[2].approval.onApproved', known)).toBe('states[2]');
    expect(placeProblem('states[7]', known)).toBe('states');
  });

  it('returns null when nothing on the form matches (shown in the general list)', () => {
    expect(placeProblem('notifications.decision.body', known)).toBeNull();
    expect(placeProblem('(definition)', known)).toBeNull();
  });
});
