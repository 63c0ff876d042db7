/** How late something is, as people say it: "3 hours overdue", "2 days overdue", "due in 45 minutes". */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function amount(ms: number): string {
  const n = (v: number, unit: string) => `${v} ${unit}${v === 1 ? '' : 's'}`;
  if (ms >= 2 * DAY) return n(Math.floor(ms / DAY), 'day');
  if (ms >= HOUR) return n(Math.floor(ms / HOUR), 'hour');
  return n(Math.max(1, Math.floor(ms / MINUTE)), 'minute');
}

export function lateness(dueAt: number, now: number): string {
  if (now >= dueAt && now - dueAt < MINUTE) return 'overdue now';
  return now >= dueAt ? `${amount(now - dueAt)} overdue` : `due in ${amount(dueAt - now)}`;
}
