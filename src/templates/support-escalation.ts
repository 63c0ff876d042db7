import type { Definition } from '../core/definition/schema';
import { officeHours } from './calendar';

/**
 * Support escalation: routed by severity and product, engineering investigates, support confirms with the customer.
 * Not accepted within 2 business hours of triage: the support leads are told and the request is handed to their queue.
 */
export const supportEscalation: Definition = {
  id: 'support-escalation',
  name: 'Support escalation',
  description: 'Escalate a customer issue to engineering, routed by severity and product.',
  prefix: 'ESC',
  calendar: officeHours,
  fields: [
    { id: 'customer', label: 'Customer', type: 'text', required: true },
    { id: 'severity', label: 'Severity', type: 'choice', required: true, options: ['Sev1', 'Sev2', 'Sev3'] },
    { id: 'product', label: 'Product', type: 'choice', required: true, options: ['Web', 'Mobile', 'API'] },
    { id: 'summary', label: 'Summary', type: 'long_text', required: true },
    { id: 'resolution', label: 'Resolution', type: 'long_text' },
  ],
  routing: {
    rules: [
      { when: { field: 'severity', op: 'eq', value: 'Sev1' }, assignTo: { type: 'queue', queue: 'oncall' } },
      { when: { field: 'product', op: 'eq', value: 'API' }, assignTo: { type: 'queue', queue: 'platform' } },
    ],
    default: { type: 'queue', queue: 'engineering' },
  },
  states: [
    {
      id: 'triage',
      label: 'Triage',
      kind: 'start',
      owner: { type: 'routing' },
      sla: { businessHours: 2, remindAfterHours: [1], escalateTo: { type: 'queue', queue: 'support-leads' }, reassignOnBreach: true },
    },
    { id: 'needs_info', label: 'Needs info', kind: 'waiting_on_requester' },
    { id: 'investigating', label: 'Investigating', kind: 'active', owner: { type: 'assignee' }, sla: { businessHours: 16 } },
    { id: 'verify', label: 'Verify with customer', kind: 'active', owner: { type: 'requester' }, requiredFields: ['resolution'] },
    { id: 'resolved', label: 'Resolved', kind: 'terminal', outcome: 'completed' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [
    { action: 'accept', label: 'Accept', from: ['triage'], to: 'investigating', by: ['assignee'] },
    {
      action: 'ask_reporter',
      label: 'Ask the reporter',
      from: ['triage', 'investigating'],
      to: 'needs_info',
      by: ['assignee'],
      commentRequired: true,
    },
    { action: 'fixed', label: 'Fixed', from: ['investigating'], to: 'verify', by: ['assignee'] },
    { action: 'confirm', label: 'Customer confirmed', from: ['verify'], to: 'resolved', by: ['requester'] },
    { action: 'reopen', label: 'Reopen', from: ['verify'], to: 'investigating', by: ['requester'], commentRequired: true },
  ],
};
