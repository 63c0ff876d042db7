/**
 * What the generated form says after a submission: what happens next (who approves, or the first state) and when the
 * requester hears from Handoff (when something is needed from them, and the outcome). Handoff's own receipt email is
 * off by default (a workflow's `receiptEmail`); Forms can send respondents a copy of their answers at no cost to the
 * script's mail quota (docs/notifications.md).
 */
import { notifyAudiences, startState, type Definition } from '../../core';

const list = (xs: readonly string[]): string => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);

export function confirmationMessage(def: Definition): string {
  const start = startState(def);
  const parts = ['Thank you: your request is in.'];
  const steps = start.approval?.steps ?? [];
  if (steps.length) {
    const conditional = steps.some((s) => s.when);
    parts.push(`Next it goes for approval: ${steps.map((s) => s.label).join(', then ')}${conditional ? ' (as your request needs)' : ''}.`);
  } else {
    parts.push(`Next: ${start.label}.`);
  }
  const outcomes = def.states.filter((s) => s.kind === 'terminal' && s.outcome !== 'cancelled' && notifyAudiences(s).has('requester'));
  const told = outcomes.length ? ` and when it is ${list(outcomes.map((s) => s.label.toLowerCase()))}` : '';
  parts.push(`We will email you if we need anything from you${told}.`);
  if (def.receiptEmail) parts.push('You will also get an email with its number.');
  return parts.join(' ');
}
