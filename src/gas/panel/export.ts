/**
 * All requests > Export CSV (operators): every request the filters in force match, not only the page shown, as CSV.
 * Cost: the same ONE read of the readable columns of every row as a filtered list, and one read of Config.
 * Times are written in each workflow's zone (Utilities.formatDate), with the zone in its own column. A cell that
 * a spreadsheet would read as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe.
 */
import * as z from '../../core/zod';
import { REQUESTS } from '../sheet/tabs';
import { panelFunction } from './guard';
import { ListArgs, matches } from './list';
import { Definitions, readSummaries } from './summaries';

export const ExportArgs = z.omit(ListArgs, { offset: true, limit: true });

const HEADERS = [
  'ID',
  'Workflow',
  'State',
  'Waiting for',
  'Requester',
  'Assignee',
  'Due',
  'Overdue',
  'Created',
  'Updated',
  'Time zone',
  'Channel',
  'Summary',
];

/** One CSV cell: quoted when it must be, and never a formula when the file is opened in a spreadsheet. */
export function csvCell(v: string | number | boolean | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const exportRequests = panelFunction('handoffPanelExportRequests', 'operator', ExportArgs, (ctx, _caller, f) => {
  const defs = new Definitions(ctx);
  const total = Math.max(0, ctx.table(REQUESTS).lastRow() - 1);
  const rows = readSummaries(ctx, 2, total, defs)
    .filter((s) => matches(s, f))
    .reverse();
  const utilities = ctx.services.Utilities;
  const lines = [HEADERS.map(csvCell).join(',')];
  for (const s of rows) {
    const zone = defs.def(s.workflowId, s.version)?.calendar?.timeZone ?? 'Etc/UTC';
    const at = (ms: number | null) => (ms === null ? '' : utilities.formatDate(new Date(ms), zone, 'yyyy-MM-dd HH:mm'));
    const cells = [
      s.id,
      s.workflowName,
      s.stateLabel,
      s.pendingApprovers.join(', '),
      s.requester,
      s.assignee,
      at(s.slaDue),
      s.overdue ? 'yes' : 'no',
      at(s.created),
      at(s.updated),
      zone,
      s.channel,
      s.summary,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  const filtered = Object.values(f).some((v) => v !== undefined && v !== '');
  const day = utilities.formatDate(new Date(ctx.now()), 'Etc/UTC', 'yyyy-MM-dd');
  return { filename: `handoff-requests-${day}.csv`, csv: `${lines.join('\r\n')}\r\n`, rows: rows.length, filtered, total };
});
