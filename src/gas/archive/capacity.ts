/**
 * handoffCapacity(): how full the live workbook is, what the archives hold, and how many days are left at the last
 * 30 days' rate. The timers also check it after each archive run and email the admins once when the workbook passes
 * 70% of Sheets' 10,000,000-cell limit (again only after it went back under 60%).
 * Cost: 2 metadata calls per tab, one read of the Requests "Created" column, one read of Config.
 */
import { CELL_LIMIT, daysLeft, WARN_SHARE } from '../../core/archive/capacity';
import { requireAdmin } from '../auth';
import type { AppContext } from '../context';
import { REQUESTS } from '../sheet/tabs';
import { cellTime } from '../sheet/values';
import { alertAdmins, clearAlert } from './alerts';
import { cellsOfSpreadsheet } from './book';
import { readArchives } from './registry';

export interface Capacity {
  /** Cells the live workbook holds (every tab, empty cells too). */
  cells: number;
  cellLimit: number;
  /** Requests in the live workbook. */
  live: number;
  /** Requests in the archives. */
  archived: number;
  archives: Array<{ id: string; name: string; requests: number; year: number; url: string }>;
  /** Days until the limit at the last 30 days' rate (null: no requests in 30 days). */
  daysLeft: number | null;
}

export function capacity(ctx: AppContext): Capacity {
  const cells = cellsOfSpreadsheet(ctx.spreadsheet());
  const t = ctx.table(REQUESTS);
  const last = t.lastRow();
  const live = Math.max(0, last - 1);
  const since = ctx.now() - 30 * 86_400_000;
  const created = live > 0 ? t.readColumn('Created', 2, live).filter((v) => (cellTime(v) ?? 0) >= since).length : 0;
  const archives = readArchives(ctx).map((l) => ({ id: l.id, name: l.name, requests: l.requests, year: l.year, url: l.url }));
  return {
    cells,
    cellLimit: CELL_LIMIT,
    live,
    archived: archives.reduce((n, a) => n + a.requests, 0),
    archives,
    daysLeft: daysLeft({ cells, cellLimit: CELL_LIMIT, liveRequests: live, createdLast30Days: created }),
  };
}

/** The admin function (owner and Directory admins). */
export function capacityAsAdmin(ctx: AppContext): Capacity {
  requireAdmin(ctx, 'handoffCapacity');
  return capacity(ctx);
}

/** After an archive run: one email to the admins when the live workbook passes 70% of the limit. */
export function checkCapacity(ctx: AppContext): { share: number; warned: boolean } {
  const share = cellsOfSpreadsheet(ctx.spreadsheet()) / CELL_LIMIT;
  if (share < WARN_SHARE - 0.1) clearAlert(ctx, 'capacity');
  if (share < WARN_SHARE) return { share, warned: false };
  const pct = Math.floor(share * 100);
  const warned = alertAdmins(
    ctx,
    'capacity',
    `The Handoff workbook holds ${pct}% of the ${CELL_LIMIT.toLocaleString('en-US')} cells a spreadsheet may hold. When it is full, every new request, intake and decision fails. Lower the Config setting "Retention days" so archive runs move closed requests out sooner, or check that the timers run.`,
    'over 70%',
  );
  return { share, warned };
}
