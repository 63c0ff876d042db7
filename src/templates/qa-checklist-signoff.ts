import type { Definition } from '../core/definition/schema';
import { officeHours } from './calendar';

/** QA checklist sign-off: QA runs the checklist, then QA lead and release manager both sign off (policy all). */
export const qaChecklistSignoff: Definition = {
  id: 'qa-checklist-signoff',
  name: 'QA checklist sign-off',
  description: 'Release sign-off: the checklist is completed, then the QA lead and release manager both sign.',
  prefix: 'QA',
  calendar: officeHours,
  fields: [
    { id: 'release', label: 'Release', type: 'text', required: true, pattern: 'v?\\d+\\.\\d+(\\.\\d+)?' },
    {
      id: 'checks',
      label: 'Checks passed',
      type: 'multi_choice',
      options: ['Unit', 'Integration', 'Regression', 'Accessibility', 'Security'],
    },
    { id: 'blockers', label: 'Open blockers', type: 'number', min: 0 },
    { id: 'notes', label: 'Notes', type: 'long_text' },
  ],
  states: [
    { id: 'testing', label: 'Testing', kind: 'start', owner: { type: 'role', role: 'qa' }, sla: { businessHours: 16 } },
    { id: 'needs_info', label: 'Needs info', kind: 'waiting_on_requester' },
    {
      id: 'signoff',
      label: 'Sign-off',
      kind: 'active',
      requiredFields: ['checks', 'blockers'],
      approval: {
        steps: [
          {
            id: 'signers',
            label: 'QA lead and release manager',
            approvers: [
              { type: 'role', role: 'qa-lead' },
              { type: 'role', role: 'release-manager' },
            ],
            policy: { type: 'all' },
          },
        ],
        onApproved: 'released',
        onRejected: 'testing',
      },
      sla: { businessHours: 8 },
    },
    { id: 'released', label: 'Signed off', kind: 'terminal', outcome: 'approved' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [
    {
      action: 'checklist_done',
      label: 'Checklist complete',
      from: ['testing'],
      to: 'signoff',
      by: ['assignee'],
      when: {
        all: [
          { field: 'blockers', op: 'eq', value: 0 },
          { field: 'checks', op: 'contains', value: 'Regression' },
        ],
      },
    },
  ],
};
