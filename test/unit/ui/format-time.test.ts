/** Times in the sidebar: in the workflow's zone, labelled, never the browser's zone unlabelled. */
import { formatTime } from '../../../src/ui/shared/dom';

describe('formatTime', () => {
  const at = Date.UTC(2026, 2, 6, 14, 0); // Fri 6 March 2026 14:00Z
  const summer = Date.UTC(2026, 6, 1, 14, 0); // 1 July 2026 14:00Z

  it("shows the time in the given zone with the zone's name (New York: EST in winter, EDT in summer)", () => {
    expect(formatTime(at, 'America/New_York')).toBe('2026-03-06 09:00 EST');
    expect(formatTime(summer, 'America/New_York')).toBe('2026-07-01 10:00 EDT');
  });

  it('labels zones without a US name by their offset, and UTC as UTC', () => {
    expect(formatTime(at, 'Europe/Berlin')).toBe('2026-03-06 15:00 GMT+1');
    expect(formatTime(at, 'UTC')).toBe('2026-03-06 14:00 UTC');
    expect(formatTime(Date.UTC(2026, 0, 1, 0, 5), 'UTC')).toBe('2026-01-01 00:05 UTC');
  });

  it('falls back to UTC, labelled, for an unknown zone; a missing time is a dash', () => {
    expect(formatTime(at, 'Mars/Olympus')).toBe('2026-03-06 14:00 UTC');
    expect(formatTime(null, 'UTC')).toBe('—');
  });
});
