import type { Calendar } from '../core/definition/schema';

/** The default business calendar of the templates: Monday to Friday, 09:00-17:00 New York time. Edit per organisation. */
export const officeHours: Calendar = {
  timeZone: 'America/New_York',
  workingDays: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  holidays: [],
};
