import type { Definition } from '../core/definition/schema';
import { officeHours } from './calendar';

/** Content and legal approval: the editor approves, then two of the legal team (quorum) before publishing. */
export const contentLegalApproval: Definition = {
  id: 'content-legal-approval',
  name: 'Content and legal approval',
  description: 'Get marketing content approved by an editor and legal before it is published.',
  prefix: 'CLA',
  calendar: officeHours,
  fields: [
    { id: 'title', label: 'Title', type: 'text', required: true },
    { id: 'draft', label: 'Draft link', type: 'link', required: true },
    { id: 'channel', label: 'Channel', type: 'choice', required: true, options: ['Blog', 'Social', 'Press release', 'Email'] },
    { id: 'publishOn', label: 'Publish on', type: 'date' },
    { id: 'claims', label: 'Makes product claims', type: 'checkbox' },
  ],
  states: [
    {
      id: 'review',
      label: 'In review',
      kind: 'start',
      approval: {
        steps: [
          { id: 'editor', label: 'Editor', approvers: [{ type: 'role', role: 'editor' }], policy: { type: 'any' } },
          {
            id: 'legal',
            label: 'Legal',
            approvers: [{ type: 'role', role: 'legal' }],
            policy: { type: 'quorum', n: 2 },
            when: {
              any: [
                { field: 'claims', op: 'eq', value: true },
                { field: 'channel', op: 'eq', value: 'Press release' },
              ],
            },
          },
        ],
        onApproved: 'scheduled',
        onRejected: 'rejected',
      },
      sla: { businessHours: 24, remindAfterHours: [16] },
    },
    { id: 'revise', label: 'Revise', kind: 'waiting_on_requester' },
    { id: 'scheduled', label: 'Scheduled', kind: 'active', owner: { type: 'requester' } },
    { id: 'published', label: 'Published', kind: 'terminal', outcome: 'completed' },
    { id: 'rejected', label: 'Rejected', kind: 'terminal', outcome: 'rejected' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [{ action: 'publish', label: 'Published', from: ['scheduled'], to: 'published', by: ['requester', 'assignee'] }],
};
