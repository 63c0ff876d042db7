/** Approval policies: any one, all, or a quorum of N. Any rejection decides the step (and ends the chain). */
import type { ApprovalPolicy } from '../definition/schema';
import type { ApprovalDecision } from '../model/request';

export type StepOutcome = 'approved' | 'rejected' | 'changes_requested' | 'pending';

/** Approvals needed to pass a step with `approverCount` approvers. */
export function approvalsNeeded(policy: ApprovalPolicy, approverCount: number): number {
  switch (policy.type) {
    case 'any':
      return 1;
    case 'all':
      return Math.max(1, approverCount);
    case 'quorum':
      return policy.n;
  }
}

/** The outcome of a step from its decisions (only decisions of this step should be passed). */
export function stepOutcome(policy: ApprovalPolicy, approvers: readonly string[], decisions: readonly ApprovalDecision[]): StepOutcome {
  if (decisions.some((d) => d.decision === 'reject')) return 'rejected';
  if (decisions.some((d) => d.decision === 'request_changes')) return 'changes_requested';
  const approvals = new Set(decisions.filter((d) => d.decision === 'approve').map((d) => d.approver)).size;
  return approvals >= approvalsNeeded(policy, approvers.length) ? 'approved' : 'pending';
}
