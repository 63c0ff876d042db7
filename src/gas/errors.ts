/**
 * Typed errors of the Apps Script layer. Each has a stable `code` so callers (sidebar, web app, intake)
 * can tell a conflict from a broken sheet without matching on messages. Messages are plain English.
 */
import type { Refusal } from '../core';

export type HandoffErrorCode =
  | 'missing_column'
  | 'duplicate_column'
  | 'missing_tab'
  | 'not_set_up'
  | 'conflict'
  | 'refused'
  | 'not_found'
  | 'lock_timeout'
  | 'too_large'
  | 'unknown_workflow'
  | 'damaged_row';

export class HandoffError extends Error {
  constructor(
    readonly code: HandoffErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}

/** A required column is missing (or was renamed) on a tab. Nothing was written. */
export class MissingColumnError extends HandoffError {
  constructor(
    readonly tab: string,
    readonly column: string,
  ) {
    super(
      'missing_column',
      `The "${tab}" tab has no "${column}" column. Put the header back (or run Handoff > Set up / repair); nothing was written.`,
    );
  }
}

export class DuplicateColumnError extends HandoffError {
  constructor(
    readonly tab: string,
    readonly column: string,
  ) {
    super('duplicate_column', `The "${tab}" tab has the column "${column}" twice. Rename or remove one; nothing was written.`);
  }
}

export class MissingTabError extends HandoffError {
  constructor(readonly tab: string) {
    super('missing_tab', `The "${tab}" tab is missing. Run Handoff > Set up / repair; nothing was written.`);
  }
}

/** Someone changed the request since the caller loaded it. Nothing was overwritten. */
export class ConflictError extends HandoffError {
  constructor(
    readonly requestId: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(
      'conflict',
      `Request ${requestId} was changed by someone else (revision ${actualRevision}, you saw ${expectedRevision}). Reload it and try again; nothing was overwritten.`,
    );
  }
}

/** The engine refused the action; `refusal` says why. */
export class RefusedError extends HandoffError {
  constructor(readonly refusal: Refusal) {
    super('refused', refusal.message);
  }
}

export class NotFoundError extends HandoffError {
  constructor(what: string) {
    super('not_found', `${what} was not found.`);
  }
}

export class LockTimeoutError extends HandoffError {
  constructor(waitedMs: number) {
    super(
      'lock_timeout',
      `Handoff is busy (another change held the lock for more than ${Math.round(waitedMs / 1000)} s). Nothing was changed; try again.`,
    );
  }
}

export class TooLargeError extends HandoffError {
  constructor(what: string, size: number, limit: number) {
    super('too_large', `${what} is too large to store (${size} characters, limit ${limit}). Nothing was written.`);
  }
}

export class NotSetUpError extends HandoffError {
  constructor() {
    super('not_set_up', 'Handoff is not set up for a spreadsheet yet. Open the sheet and run Handoff > Set up / repair.');
  }
}

export class UnknownWorkflowError extends HandoffError {
  constructor(workflowId: string, version?: number) {
    super(
      'unknown_workflow',
      version === undefined
        ? `No published version of workflow "${workflowId}".`
        : `Workflow "${workflowId}" has no published version ${version}.`,
    );
  }
}

/** A row Handoff wrote can no longer be read (a JSON cell was edited by hand, a required cell emptied). */
export class DamagedRowError extends HandoffError {
  constructor(
    readonly tab: string,
    readonly row: number,
    detail: string,
  ) {
    super('damaged_row', `Row ${row} of the "${tab}" tab cannot be read: ${detail}.`);
  }
}

export function isHandoffError(e: unknown): e is HandoffError {
  return e instanceof HandoffError;
}
