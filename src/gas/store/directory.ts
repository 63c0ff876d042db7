/**
 * The Directory tab: people, roles (comma-separated), manager, delegate, out-of-office window.
 * Read once per execution (people, not requests: its size does not grow with the Requests tab).
 */
import { createDirectory, normalizeEmail, type Directory, type Person } from '../../core';
import type { AppContext } from '../context';
import { DIRECTORY } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { type TabRows, WholeTab } from './whole-tab';
import { cellText, cellTime, dateCell, toCell, type CellValue } from '../sheet/values';
import { bumpStamp } from '../plane/schema';
import { requireLock } from '../lock-state';

export interface PersonRow extends Person {
  row: number;
}

export const splitList = (s: string): string[] =>
  s
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

export class DirectoryStore {
  private readonly tab: WholeTab;
  private people: PersonRow[] | null = null;

  constructor(
    private readonly ctx: AppContext,
    given: TabRows | null = null,
  ) {
    this.tab = new WholeTab(ctx, DIRECTORY, given);
  }

  /** Over rows the data plane already read (src/gas/plane): no reads of its own. */
  static fromRows(ctx: AppContext, table: Table, rows: CellValue[][]): DirectoryStore {
    return new DirectoryStore(ctx, { table, rows });
  }

  get table(): Table {
    return this.tab.table;
  }

  /** Everyone (the whole tab in one read, cached for the execution). */
  list(): PersonRow[] {
    if (this.people) return this.people;
    const out: PersonRow[] = [];
    this.tab.rows.forEach((cells, i) => {
      const r = this.table.record(cells);
      const email = normalizeEmail(cellText(r.Email));
      if (!email) return;
      const from = cellTime(r['Away from']);
      const to = cellTime(r['Away to']);
      const digest = cellText(r.Digest).toLowerCase();
      out.push({
        row: i + 2,
        email,
        name: cellText(r.Name),
        roles: splitList(cellText(r.Roles)).map((x) => x.toLowerCase()),
        manager: cellText(r.Manager) ? normalizeEmail(cellText(r.Manager)) : null,
        delegate: cellText(r.Delegate) ? normalizeEmail(cellText(r.Delegate)) : null,
        outOfOffice: from !== null && to !== null ? { from, to } : null,
        timeZone: cellText(r['Time zone']) || null,
        digest: digest === 'daily' || digest === 'digest' ? 'digest' : digest === 'immediate' ? 'immediate' : null,
      });
    });
    this.people = out;
    return out;
  }

  directory(): Directory {
    return createDirectory(this.list());
  }

  toRecord(p: Person): Record<string, CellValue> {
    return {
      Email: toCell(p.email),
      Name: toCell(p.name),
      Roles: toCell(p.roles.join(', ')),
      Manager: toCell(p.manager ?? ''),
      Delegate: toCell(p.delegate ?? ''),
      'Away from': dateCell(p.outOfOffice?.from ?? null),
      'Away to': dateCell(p.outOfOffice?.to ?? null),
      'Time zone': toCell(p.timeZone ?? ''),
      Digest: toCell(p.digest ?? ''),
    };
  }

  /** Adds the person, or rewrites their row (keeping operator columns). One write. */
  upsert(p: Person): void {
    requireLock(this.ctx, 'DirectoryStore.upsert');
    const existing = this.list().find((x) => x.email === normalizeEmail(p.email));
    const tab = this.tab.writable();
    if (existing) {
      const base = tab.readRow(existing.row);
      tab.writeRow(existing.row, tab.row(this.toRecord(p), base));
      Object.assign(existing, p);
    } else {
      const row = tab.append([tab.row(this.toRecord(p))]);
      this.list().push({ ...p, row });
    }
    this.tab.changed();
    bumpStamp(this.ctx); // every cached copy of the Directory is now out of date
  }

  /** Gives `email` the admin role (adding the person if absent). Returns true when something changed. */
  ensureRole(email: string, role: string, name = ''): boolean {
    const e = normalizeEmail(email);
    const p = this.list().find((x) => x.email === e);
    if (p?.roles.includes(role)) return false;
    this.upsert(p ? { ...p, roles: [...p.roles, role] } : { email: e, name: name || e.split('@')[0] || e, roles: [role] });
    return true;
  }
}
