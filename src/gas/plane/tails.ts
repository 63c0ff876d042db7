/**
 * Where each growing tab ends, without reading it: a hint per tab in one script property, checked on read (the
 * unit reads from the hinted row to the last row with content, so a hint that is a few rows behind costs a few
 * rows, and a hint past the end — rows removed — is seen and rebuilt by one read of the tab's first column).
 */
import { cellText } from '../sheet/values';
import { ReadPlan, type Snapshot, type Tail } from './snapshot';
import type { Unit } from './unit';
import { scopedKey } from '../context';

export const tailsKey = (u: Unit): string => scopedKey(u.ctx, 'tails');

export function tailHint(u: Unit, tab: string): number {
  const hints = u.props.json<Record<string, number>>(tailsKey(u)) ?? {};
  const h = Number(hints[tab] ?? 1);
  return Number.isInteger(h) && h >= 1 ? h : 1;
}

export function planTail(u: Unit, plan: ReadPlan, tab: string): void {
  plan.tail(tab, tailHint(u, tab));
}

/** The tab's tail; when its hint was past the end (rows removed), one more read finds the end. */
export function tailOf(u: Unit, snap: Snapshot, tab: string): Tail {
  const t = snap.tail(tab);
  if (!t) throw new Error(`internal: the tail of ${tab} was not planned`);
  if (!t.stale || t.from <= 1) return t;
  // The hint is past the last row: read the first column from row 1 (rare: after rows were removed).
  const col = u.ctx.services.Sheets.Spreadsheets.Values.get(u.ctx.spreadsheetId(), `'${tab.replace(/'/g, "''")}'!A1:A`, {
    valueRenderOption: 'UNFORMATTED_VALUE',
  }) as unknown as { values?: unknown[][] };
  const n = (col.values ?? []).length;
  const fresh = u.read(new ReadPlan().tail(tab, Math.max(1, n)), snap);
  return fresh.tail(tab)!;
}

/** The row number the next append to `tab` gets (after what the unit already staged). */
export function nextRow(u: Unit, snap: Snapshot, tab: string): number {
  return tailOf(u, snap, tab).last + 1 + u.appended(tab);
}

/** Stages the new tail hints (after this unit's appends) when they moved. */
export function stageTails(u: Unit, snap: Snapshot): void {
  const hints = { ...(u.props.json<Record<string, number>>(tailsKey(u)) ?? {}) };
  let changed = false;
  for (const tab of Object.keys(u.schema.tabs)) {
    const t = snap.tail(tab);
    if (!t || t.stale) continue;
    const last = t.last + u.appended(tab);
    if (hints[tab] !== last) {
      hints[tab] = last;
      changed = true;
    }
  }
  if (changed) u.props.set(tailsKey(u), JSON.stringify(hints));
}

export const idIn = (cells: readonly unknown[] | undefined, col: number): string => cellText(cells?.[col - 1]);
