/** What processing one form response did (recorded in the run; handy in tests). */
export type IntakeStatus =
  | 'created' // a new request (start state, or Needs info with problems)
  | 'duplicate' // the same response again (the trigger fired twice): nothing changed
  | 'updated' // an edit applied (start state before any decision, or Needs info); problems left keep/send it to Needs info
  | 'resubmitted' // an edit that fixed every problem: the request left Needs info
  | 'review' // an edit the request no longer takes (it moved on), recorded for an operator
  | 'unmappable' // kept whole in "Intake errors"
  | 'failed' // could not be stored as a request (kept whole in "Intake errors")
  | 'pending'; // the lock was busy: the next timer run processes it

export interface IntakeOutcome {
  status: IntakeStatus;
  responseId: string;
  requestId?: string;
  state?: string;
  problems?: string[];
  reason?: string;
}
