import type { Definition } from '../core/definition/schema';
import { officeHours } from './calendar';

/** Renewal handoff: sales hands a renewed account to customer success, routed by region. */
export const renewalHandoff: Definition = {
  id: 'renewal-handoff',
  name: 'Renewal handoff',
  description: 'Sales hands a renewed account to customer success, with a kickoff to confirm.',
  prefix: 'RH',
  calendar: officeHours,
  fields: [
    { id: 'account', label: 'Account', type: 'text', required: true },
    { id: 'region', label: 'Region', type: 'choice', required: true, options: ['AMER', 'EMEA', 'APAC'] },
    { id: 'arr', label: 'ARR', type: 'currency', required: true, min: 0, currency: 'USD' },
    { id: 'renewalDate', label: 'Renewal date', type: 'date', required: true },
    { id: 'csm', label: 'Customer success manager', type: 'email' },
    { id: 'handoffNotes', label: 'Handoff notes', type: 'long_text', required: true },
    { id: 'kickoffDone', label: 'Kickoff held', type: 'checkbox' },
  ],
  routing: {
    rules: [
      { when: { field: 'csm', op: 'not_empty' }, assignTo: { type: 'field', field: 'csm' } },
      { when: { field: 'region', op: 'eq', value: 'EMEA' }, assignTo: { type: 'queue', queue: 'cs-emea' } },
      { when: { field: 'region', op: 'eq', value: 'APAC' }, assignTo: { type: 'queue', queue: 'cs-apac' } },
    ],
    default: { type: 'queue', queue: 'cs-amer' },
  },
  states: [
    {
      id: 'sales_review',
      label: 'Sales manager review',
      kind: 'start',
      approval: {
        steps: [{ id: 'sales_manager', label: 'Sales manager', approvers: [{ type: 'requester_manager' }], policy: { type: 'any' } }],
        onApproved: 'with_cs',
        onRejected: 'returned',
      },
    },
    { id: 'needs_info', label: 'Needs info', kind: 'waiting_on_requester' },
    {
      id: 'with_cs',
      label: 'With customer success',
      kind: 'active',
      owner: { type: 'routing' },
      sla: { businessHours: 16, remindAfterHours: [8] },
    },
    { id: 'handed_off', label: 'Handed off', kind: 'terminal', outcome: 'completed' },
    { id: 'returned', label: 'Returned to sales', kind: 'terminal', outcome: 'rejected' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [
    {
      action: 'kickoff_held',
      label: 'Kickoff held',
      from: ['with_cs'],
      to: 'handed_off',
      by: ['assignee'],
      when: { field: 'kickoffDone', op: 'eq', value: true },
    },
  ],
};
