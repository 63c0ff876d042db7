/**
 * The audit hash chain as stored in the Audit tab: each row's Hash = SHA-256(prevHash + "\n" + canonical JSON
 * of the event and its row key). The first row chains from GENESIS. "Verify audit log" recomputes it.
 */
import { canonicalJson, sha256Hex, type AuditEvent } from '../../core';

export const GENESIS = '0'.repeat(64);

export function auditHash(prevHash: string, key: string, event: AuditEvent): string {
  return sha256Hex(prevHash + '\n' + canonicalJson({ key, event }));
}
