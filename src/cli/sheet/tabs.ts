/**
 * What the CLI knows of the governed tabs beyond their headers: which columns hold date-times (read as serial
 * numbers through the Sheets API and exported as ISO instants). test/unit/cli/tabs.test.ts checks this list
 * against the rows the add-on writes, so it cannot drift silently.
 */
export const EXPORT_TABS = ['Requests', 'Audit'] as const;
export type ExportTab = (typeof EXPORT_TABS)[number];

export const DATE_COLUMNS: Record<ExportTab, readonly string[]> = {
  Requests: ['SLA due', 'Created', 'Updated'],
  Audit: ['At'],
};
