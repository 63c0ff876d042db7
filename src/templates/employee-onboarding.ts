import type { Definition } from '../core/definition/schema';
import { officeHours } from './calendar';

/** Employee onboarding: HR approves the hire details, IT provisions, the hiring manager confirms day one. */
export const employeeOnboarding: Definition = {
  id: 'employee-onboarding',
  name: 'Employee onboarding',
  description: 'Get a new hire ready for day one: HR check, IT accounts and equipment, manager confirmation.',
  prefix: 'ONB',
  calendar: officeHours,
  fields: [
    { id: 'employeeName', label: 'Employee name', type: 'text', required: true },
    { id: 'startDate', label: 'Start date', type: 'date', required: true },
    { id: 'hiringManager', label: 'Hiring manager', type: 'email', required: true },
    {
      id: 'department',
      label: 'Department',
      type: 'choice',
      required: true,
      options: ['Engineering', 'Sales', 'Marketing', 'Operations', 'Finance'],
    },
    { id: 'equipment', label: 'Equipment', type: 'multi_choice', options: ['Laptop', 'Monitor', 'Phone', 'Headset'] },
    { id: 'accountsCreated', label: 'Accounts created', type: 'checkbox' },
    { id: 'notes', label: 'Notes', type: 'long_text' },
  ],
  states: [
    {
      id: 'hr_review',
      label: 'HR review',
      kind: 'start',
      owner: { type: 'role', role: 'hr' },
      approval: {
        steps: [{ id: 'hr', label: 'HR', approvers: [{ type: 'role', role: 'hr' }], policy: { type: 'any' } }],
        onApproved: 'it_setup',
        onRejected: 'declined',
      },
      sla: { businessHours: 8 },
    },
    { id: 'needs_info', label: 'Needs info', kind: 'waiting_on_requester' },
    {
      id: 'it_setup',
      label: 'IT setup',
      kind: 'active',
      owner: { type: 'role', role: 'it' },
      sla: { businessHours: 24, remindAfterHours: [16] },
    },
    {
      id: 'manager_confirm',
      label: 'Manager confirmation',
      kind: 'active',
      owner: { type: 'requester' },
      requiredFields: ['accountsCreated'],
    },
    { id: 'ready', label: 'Ready for day one', kind: 'terminal', outcome: 'completed' },
    { id: 'declined', label: 'Declined', kind: 'terminal', outcome: 'rejected' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [
    {
      action: 'provisioned',
      label: 'Accounts and equipment ready',
      from: ['it_setup'],
      to: 'manager_confirm',
      by: ['assignee'],
      when: { field: 'accountsCreated', op: 'eq', value: true },
    },
    { action: 'confirm', label: 'Confirm ready', from: ['manager_confirm'], to: 'ready', by: ['assignee', 'requester'] },
  ],
};
