import type { Definition } from '../core/definition/schema';
import { officeHours } from './calendar';

/** Customer account change: the account owner approves; billing changes also need finance; ops applies. */
export const customerAccountChange: Definition = {
  id: 'customer-account-change',
  name: 'Customer account change',
  description: 'Change a customer account (plan, billing, contacts) with the account owner’s approval.',
  prefix: 'CAC',
  calendar: officeHours,
  fields: [
    { id: 'customer', label: 'Customer', type: 'text', required: true },
    { id: 'accountOwner', label: 'Account owner', type: 'email', required: true },
    { id: 'changeType', label: 'Change type', type: 'choice', required: true, options: ['Plan', 'Billing', 'Contacts', 'Closure'] },
    { id: 'details', label: 'Details', type: 'long_text', required: true },
    { id: 'ticket', label: 'Ticket link', type: 'link' },
  ],
  states: [
    {
      id: 'approval',
      label: 'Awaiting approval',
      kind: 'start',
      approval: {
        steps: [
          { id: 'owner', label: 'Account owner', approvers: [{ type: 'field', field: 'accountOwner' }], policy: { type: 'any' } },
          {
            id: 'finance',
            label: 'Finance',
            approvers: [{ type: 'role', role: 'finance' }],
            policy: { type: 'any' },
            when: { field: 'changeType', op: 'in', value: ['Billing', 'Closure'] },
          },
        ],
        onApproved: 'applying',
        onRejected: 'rejected',
      },
      sla: { businessHours: 8 },
    },
    { id: 'needs_info', label: 'Needs info', kind: 'waiting_on_requester' },
    { id: 'applying', label: 'Applying change', kind: 'active', owner: { type: 'role', role: 'ops' }, sla: { businessHours: 8 } },
    { id: 'done', label: 'Done', kind: 'terminal', outcome: 'completed' },
    { id: 'rejected', label: 'Rejected', kind: 'terminal', outcome: 'rejected' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [{ action: 'applied', label: 'Change applied', from: ['applying'], to: 'done', by: ['assignee'] }],
};
