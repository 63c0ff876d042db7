/** The demo the playground starts with: its owner, the moment time starts, its people, workflow and Chat space. */
export const DEMO_OWNER = 'ada@acme.test';
/** Monday 5 January 2026, 09:00 UTC: the demo starts at the beginning of a working week. */
export const DEMO_START = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface DemoPerson {
  email: string;
  name: string;
  roles: string[];
  manager?: string;
  /** How approvals reach them: 'immediate' (each at once) or the default digest. */
  delivery?: 'immediate' | 'digest';
  /** Who acts for them while they are away, and the days away (first and last, YYYY-MM-DD). */
  delegate?: string;
  away?: { from: string; to: string };
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { email: 'rita@acme.test', name: 'Rita Requester', roles: [], manager: 'max@acme.test' },
  { email: 'sam@acme.test', name: 'Sam Seller', roles: [], manager: 'max@acme.test' },
  { email: 'max@acme.test', name: 'Max Manager', roles: ['manager'], delivery: 'immediate' },
  // Away the demo's first week, with Lee as her delegate: the trade-show booth (over 5,000) waits on her in the first hour.
  {
    email: 'fay@acme.test',
    name: 'Fay Finance',
    roles: ['finance'],
    delegate: 'lee@acme.test',
    away: { from: '2026-01-05', to: '2026-01-09' },
  },
  { email: 'pat@acme.test', name: 'Pat Procurement', roles: ['procurement'] },
  { email: 'quinn@acme.test', name: 'Quinn Procurement', roles: ['procurement'] },
  { email: 'lee@acme.test', name: 'Lee Lead', roles: ['procurement-leads'] },
  { email: 'olivia@acme.test', name: 'Olivia Operator', roles: ['operator'] },
];

export const DEMO_WORKFLOW = 'purchase-approval';
/** The Chat space the demo's procurement queue posts to. */
export const DEMO_CHAT_SPACE = 'Procurement';
