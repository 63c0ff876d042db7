import type { Definition } from '../core/definition/schema';
import { officeHours } from './calendar';

/** Invoice exception: AP investigates a mismatched invoice; the budget owner approves payment by routing table. */
export const invoiceException: Definition = {
  id: 'invoice-exception',
  name: 'Invoice exception',
  description: 'An invoice does not match its PO or receipt: AP investigates, the budget owner decides to pay or dispute.',
  prefix: 'INV',
  calendar: officeHours,
  fields: [
    { id: 'invoiceNumber', label: 'Invoice number', type: 'text', required: true },
    { id: 'vendor', label: 'Vendor', type: 'text', required: true },
    { id: 'amount', label: 'Invoice amount', type: 'currency', required: true, min: 0, currency: 'USD' },
    {
      id: 'exceptionType',
      label: 'Exception',
      type: 'choice',
      required: true,
      options: ['Price mismatch', 'Quantity mismatch', 'No PO', 'Duplicate'],
    },
    { id: 'budget', label: 'Budget', type: 'choice', required: true, options: ['IT', 'Facilities', 'Marketing'] },
    { id: 'findings', label: 'AP findings', type: 'long_text' },
  ],
  states: [
    { id: 'ap_review', label: 'AP review', kind: 'start', owner: { type: 'role', role: 'ap' }, sla: { businessHours: 8 } },
    { id: 'needs_info', label: 'Needs info', kind: 'waiting_on_requester' },
    {
      id: 'owner_decision',
      label: 'Budget owner decision',
      kind: 'active',
      requiredFields: ['findings'],
      approval: {
        steps: [
          {
            id: 'budget_owner',
            label: 'Budget owner',
            approvers: [
              {
                type: 'table',
                field: 'budget',
                table: { IT: ['cio@example.com'], Facilities: ['facilities.lead@example.com'], Marketing: ['cmo@example.com'] },
              },
            ],
            policy: { type: 'any' },
          },
        ],
        onApproved: 'paid',
        onRejected: 'disputed',
      },
      sla: { businessHours: 16 },
    },
    { id: 'paid', label: 'Approved for payment', kind: 'terminal', outcome: 'approved' },
    { id: 'disputed', label: 'Disputed with vendor', kind: 'terminal', outcome: 'rejected' },
    { id: 'voided', label: 'Voided', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [
    { action: 'send_to_owner', label: 'Send to budget owner', from: ['ap_review'], to: 'owner_decision', by: ['assignee'] },
    {
      action: 'duplicate',
      label: 'Void duplicate',
      from: ['ap_review'],
      to: 'voided',
      by: ['assignee'],
      when: { field: 'exceptionType', op: 'eq', value: 'Duplicate' },
      commentRequired: true,
    },
  ],
};
