/**
 * The archive move as a checkpointed state machine: copy → verify → delete. The checkpoint is saved before and
 * after each step, and every step is safe to run again:
 *   copy    appends to the archive only the rows it does not hold yet (by request id and audit key);
 *   verify  reads the archive's copy and compares it with the batch (row counts, the audit chain's hashes);
 *   delete  removes from the live tabs only rows of the batch's requests that are still there.
 * So a crash at any point resumes at the saved step, and nothing is lost (no live row goes before the verified
 * copy exists) or doubled (no copy appends a row the archive holds). A copy that does not verify is copied again
 * (missing rows) a few times, then the batch is blocked; an altered or doubled copy blocks at once. A blocked
 * batch deletes nothing and is reported to admins until they act.
 */
import type { ArchiveBatch } from './plan';
import type { CopyCheck } from './verify';

export type ArchiveStep = 'copy' | 'verify' | 'delete';

export interface ArchiveCheckpoint {
  step: ArchiveStep;
  batch: ArchiveBatch;
  /** Copies made of this batch (a copy that did not verify is tried again, up to MAX_COPY_ATTEMPTS). */
  attempts: number;
  /** Set when the batch cannot go on without an admin: why, in one sentence. Nothing is deleted while set. */
  blocked: string | null;
  at: number;
}

export const MAX_COPY_ATTEMPTS = 3;

export type ArchiveEvent =
  | { type: 'copied' }
  | { type: 'verified'; check: CopyCheck }
  | { type: 'deleted' }
  | { type: 'archive_unavailable'; message: string }
  | { type: 'resumed' };

export function begin(batch: ArchiveBatch, at: number): ArchiveCheckpoint {
  return { step: 'copy', batch, attempts: 0, blocked: null, at };
}

/** The next checkpoint, or null when the batch is done. Events that do not fit the step are refused (thrown). */
export function advance(cp: ArchiveCheckpoint, ev: ArchiveEvent, at: number): ArchiveCheckpoint | null {
  const next = (step: ArchiveStep, patch: Partial<ArchiveCheckpoint> = {}): ArchiveCheckpoint => ({
    ...cp,
    step,
    at,
    blocked: null,
    ...patch,
  });
  switch (ev.type) {
    case 'archive_unavailable':
      return { ...cp, at, blocked: ev.message };
    case 'resumed':
      return { ...cp, at, blocked: null };
    case 'copied':
      expectStep(cp, 'copy', ev.type);
      return next('verify', { attempts: cp.attempts + 1 });
    case 'verified': {
      expectStep(cp, 'verify', ev.type);
      const c = ev.check;
      if (c.ok) return next('delete');
      if (c.kind === 'missing' && cp.attempts < MAX_COPY_ATTEMPTS) return next('copy');
      return {
        ...cp,
        at,
        blocked:
          c.kind === 'missing'
            ? `The archive still lacks rows after ${cp.attempts} copies (${c.message}); nothing was removed from the live tabs.`
            : `${c.message} Nothing was removed from the live tabs.`,
      };
    }
    case 'deleted':
      expectStep(cp, 'delete', ev.type);
      return null;
  }
}

function expectStep(cp: ArchiveCheckpoint, step: ArchiveStep, ev: string): void {
  if (cp.step !== step) throw new Error(`Archive checkpoint: "${ev}" does not follow the "${cp.step}" step.`);
  if (cp.blocked) throw new Error(`Archive checkpoint: the batch is blocked (${cp.blocked}).`);
}

/** Whether a value read back from storage is a checkpoint this code can resume (anything else is discarded). */
export function isCheckpoint(v: unknown): v is ArchiveCheckpoint {
  if (!v || typeof v !== 'object') return false;
  const c = v as Partial<ArchiveCheckpoint>;
  const b = c.batch as Partial<ArchiveBatch> | undefined;
  return (
    (c.step === 'copy' || c.step === 'verify' || c.step === 'delete') &&
    typeof c.attempts === 'number' &&
    !!b &&
    typeof b.id === 'string' &&
    typeof b.archiveId === 'string' &&
    Array.isArray(b.requestIds) &&
    typeof b.auditRows === 'number' &&
    typeof b.auditDigest === 'string' &&
    typeof b.from?.requests === 'number' &&
    typeof b.from?.audit === 'number'
  );
}
