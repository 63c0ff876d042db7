/**
 * A request moved to a yearly archive, found by id: read-only, for the panel's lookup and the requester's status
 * page. Config's links say which id numbers each archive holds (registry.ts `ids`, recorded when a batch is
 * planned), so only those archives are opened; older links without ranges are tried after them.
 * Cost per archive consulted: openById, one TextFinder search of its Requests ID column and one read of the row;
 * for the history one TextFinder search of its Audit Request column and one read per run of the request's rows.
 * Nothing is written.
 */
import type { AuditEvent, Request } from '../../core';
import type { AppContext } from '../context';
import { AUDIT, REQUESTS } from '../sheet/tabs';
import { Table } from '../sheet/table';
import { cellText } from '../sheet/values';
import { AuditStore } from '../store/audit';
import { recordToRequest } from '../store/request-row';
import { ArchiveUnavailableError, openArchive } from './book';
import { mayHold, readArchives, type ArchiveLink } from './registry';

export interface ArchivedRequest {
  request: Request;
  /** The request's Audit rows in the archive, in Seq order (they moved with it). */
  events: Array<{ seq: number; event: AuditEvent }>;
  archive: { id: string; name: string; url: string; year: number };
}

export interface ArchiveLookup {
  found: ArchivedRequest | null;
  /** Archives that may hold it but could not be opened (deleted, renamed, not shared with this user). */
  unavailable: Array<{ name: string; message: string }>;
  /** How many archives were opened. */
  consulted: number;
}

/** The archives to try for an id: those whose range holds it (newest first), then links without ranges. */
function candidates(links: readonly ArchiveLink[], requestId: string): ArchiveLink[] {
  const newest = [...links].reverse();
  return [...newest.filter((l) => l.ids && mayHold(l, requestId)), ...newest.filter((l) => !l.ids)];
}

export function findArchived(ctx: AppContext, requestId: string, opts: { withEvents?: boolean } = {}): ArchiveLookup {
  const out: ArchiveLookup = { found: null, unavailable: [], consulted: 0 };
  if (!requestId) return out;
  let links: ArchiveLink[];
  try {
    links = readArchives(ctx);
  } catch {
    return out; // no Config tab: nothing was ever archived
  }
  for (const link of candidates(links, requestId)) {
    let ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
    try {
      out.consulted++;
      ss = openArchive(ctx, link);
    } catch (e) {
      if (!(e instanceof ArchiveUnavailableError)) throw e;
      out.unavailable.push({ name: link.name, message: e.message });
      continue;
    }
    const requests = Table.open(ss, REQUESTS);
    const row = findIn(requests, 'ID', requestId)[0];
    if (row === undefined) continue;
    const cells = requests.readRow(row);
    if (cellText(cells[requests.col('ID') - 1]) !== requestId) continue;
    const request = recordToRequest(requests.record(cells), row);
    const events =
      opts.withEvents === false
        ? []
        : auditRows(Table.open(ss, AUDIT), requestId)
            .map((r) => ({ seq: r.seq, event: r.event }))
            .sort((a, b) => a.seq - b.seq);
    out.found = { request, events, archive: { id: link.id, name: link.name, url: link.url, year: link.year } };
    return out;
  }
  return out;
}

/**
 * Rows whose `column` cell is exactly `text`: one TextFinder search over the column to the grid's end (an archive's
 * grid is exactly its rows, so no getLastRow call is needed first).
 */
function findIn(t: Table, column: string, text: string): number[] {
  const rows = t.sheet.getMaxRows() - 1;
  if (rows < 1) return [];
  return t.sheet
    .getRange(2, t.col(column), rows, 1)
    .createTextFinder(text)
    .matchEntireCell(true)
    .matchCase(true)
    .findAll()
    .map((r) => r.getRow())
    .sort((a, b) => a - b);
}

const auditRows = (t: Table, requestId: string) => AuditStore.rowsOf(t, requestId, 200, findIn(t, 'Request', requestId));
