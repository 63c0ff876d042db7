/** The demo the playground starts with: its owner and the moment time starts. */
export const DEMO_OWNER = 'ada@acme.test';
/** Monday 5 January 2026, 09:00 UTC: the demo starts at the beginning of a working week. */
export const DEMO_START = Date.UTC(2026, 0, 5, 9, 0, 0);
