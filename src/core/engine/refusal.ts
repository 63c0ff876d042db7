import type { Problem } from '../model/json';

export type RefusalCode =
  | 'stale_revision'
  | 'version_mismatch'
  | 'terminal'
  | 'wrong_state'
  | 'not_allowed'
  | 'invalid_fields'
  | 'comment_required'
  | 'reason_required'
  | 'step_already_decided'
  | 'guard_failed'
  | 'unknown_action'
  | 'unknown_state'
  | 'unknown_person'
  | 'no_cancel_state';

/** Why the engine refused. `message` is plain English, fit to show to the actor. */
export interface Refusal {
  code: RefusalCode;
  message: string;
  /** invalid_fields: one entry per field problem (path = field id). */
  problems?: Problem[];
  expectedRevision?: number;
  actualRevision?: number;
  state?: string;
}

export function refuse(code: RefusalCode, message: string, extra: Omit<Refusal, 'code' | 'message'> = {}): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { code, message, ...extra } };
}
