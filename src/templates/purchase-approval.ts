import type { Definition } from '../core/definition/schema';
import { officeHours } from './calendar';

/** Purchase approval: the requester's manager approves; finance also approves above 5,000; procurement orders. */
export const purchaseApproval: Definition = {
  id: 'purchase-approval',
  name: 'Purchase approval',
  description: 'Buy something for the business: manager approval, finance above 5,000, then procurement places the order.',
  prefix: 'PR',
  calendar: officeHours,
  fields: [
    { id: 'item', label: 'Item', type: 'text', required: true, max: 200 },
    { id: 'amount', label: 'Amount', type: 'currency', required: true, min: 0.01, currency: 'USD' },
    { id: 'vendor', label: 'Vendor', type: 'text' },
    {
      id: 'costCenter',
      label: 'Cost centre',
      type: 'choice',
      required: true,
      options: ['Engineering', 'Sales', 'Marketing', 'Operations'],
    },
    { id: 'justification', label: 'Justification', type: 'long_text', required: true },
    { id: 'neededBy', label: 'Needed by', type: 'date' },
    { id: 'quote', label: 'Quote', type: 'link' },
    { id: 'poNumber', label: 'PO number', type: 'text' },
  ],
  states: [
    {
      id: 'approval',
      label: 'Awaiting approval',
      kind: 'start',
      owner: { type: 'queue', queue: 'procurement' },
      sla: { businessHours: 16, remindAfterHours: [8], escalateTo: { type: 'queue', queue: 'procurement-leads' } },
      approval: {
        steps: [
          { id: 'manager', label: 'Manager', approvers: [{ type: 'requester_manager' }], policy: { type: 'any' } },
          {
            id: 'finance',
            label: 'Finance',
            approvers: [{ type: 'role', role: 'finance' }],
            policy: { type: 'any' },
            when: { field: 'amount', op: 'gt', value: 5000 },
          },
        ],
        onApproved: 'ordering',
        onRejected: 'rejected',
      },
    },
    { id: 'needs_info', label: 'Needs info from requester', kind: 'waiting_on_requester' },
    { id: 'ordering', label: 'Being ordered', kind: 'active', owner: { type: 'role', role: 'procurement' }, sla: { businessHours: 24 } },
    { id: 'ordered', label: 'Ordered', kind: 'terminal', outcome: 'completed', requiredFields: ['poNumber'] },
    { id: 'rejected', label: 'Rejected', kind: 'terminal', outcome: 'rejected' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [
    { action: 'mark_ordered', label: 'Mark ordered', from: ['ordering'], to: 'ordered', by: ['assignee'] },
    { action: 'ask_requester', label: 'Ask the requester', from: ['ordering'], to: 'needs_info', by: ['assignee'], commentRequired: true },
  ],
  notifications: {
    approval_requested: {
      subject: 'Approve {{item}} for {{amount}}',
      body: 'To buy: {{item}} ({{amount}} USD).\nWhy: {{justification}}',
    },
    decision: { subject: '{{decision}}', body: 'Your purchase of {{item}} was {{decision}}.' },
  },
};
