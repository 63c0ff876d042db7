/**
 * A hash chain over audit rows: hash = SHA-256(prevHash + canonicalJson(event)). Changing, removing or
 * re-ordering any row breaks every hash after it; verifyChain names the first row that does not match.
 */
import { sha256Hex } from '../crypto/sha256';
import { canonicalJson } from '../util/canonical-json';
import type { AuditEvent } from './event';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRow {
  event: AuditEvent;
  prevHash: string;
  hash: string;
}

export function hashEvent(prevHash: string, event: AuditEvent): string {
  return sha256Hex(prevHash + canonicalJson(event));
}

/** Chain new events after the last stored hash (GENESIS_HASH for an empty log). */
export function chainEvents(prevHash: string, events: readonly AuditEvent[]): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = prevHash;
  for (const event of events) {
    const hash = hashEvent(prev, event);
    rows.push({ event, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

export type ChainCheck = { ok: true; count: number } | { ok: false; index: number; reason: string };

export function verifyChain(rows: readonly AuditRow[], genesis: string = GENESIS_HASH): ChainCheck {
  let prev = genesis;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.prevHash !== prev)
      return {
        ok: false,
        index: i,
        reason: `row ${i} does not follow row ${i - 1} (previous hash differs): a row was removed, inserted or re-ordered.`,
      };
    if (hashEvent(prev, r.event) !== r.hash)
      return { ok: false, index: i, reason: `row ${i}'s content does not match its hash: it was altered.` };
    prev = r.hash;
  }
  return { ok: true, count: rows.length };
}
