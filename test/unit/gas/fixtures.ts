/** A governed sheet set up on the local Workspace, with a directory and the purchase-approval workflow published. */
import { purchaseApproval } from '../../../src/templates';
import type { Fields } from '../../../src/core';
import { createRequestCommand } from '../../../src/gas/commands/requests';
import { publishWorkflow } from '../../../src/gas/commands/workflows';
import { setUp } from '../../../src/gas/setup/setup';
import { OWNER, testWorkspace, type TestWorkspace } from './workspace';

export const RITA = 'rita@acme.test';
export const MAX = 'max@acme.test';
export const FAY = 'fay@acme.test';
export const PAT = 'pat@acme.test';

/** Max, Fay and Pat chose immediate delivery (the default is a digest: mail/delivery.ts): each approval email at once. */
export const PEOPLE: unknown[][] = [
  [RITA, 'Rita Requester', '', MAX, '', '', '', '', ''],
  [MAX, 'Max Manager', 'manager', '', '', '', '', '', 'immediate'],
  [FAY, 'Fay Finance', 'finance', '', '', '', '', '', 'immediate'],
  [PAT, 'Pat Procurement', 'procurement', '', '', '', '', '', 'immediate'],
];

export const laptop = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };

export function governedSheet(opts: { receiptEmail?: boolean } = {}): TestWorkspace {
  const t = testWorkspace();
  const ctx = t.ctx();
  t.as(OWNER, () => setUp(ctx));
  // Directory rows after the owner's admin row (row 2).
  t.sheet.write('Directory', 'A3', PEOPLE);
  const def = opts.receiptEmail ? { ...purchaseApproval, receiptEmail: true } : purchaseApproval;
  t.as(OWNER, () => publishWorkflow(t.ctx(), def, OWNER));
  return t;
}

/** A purchase request created by `who` (Rita) through the store's command, as a form response makes it: its id. */
export function createRequestAs(t: TestWorkspace, fields: Fields = laptop, who = RITA): string {
  return t.as(who, () =>
    createRequestCommand(t.ctx(), {
      workflowId: 'purchase-approval',
      requester: who,
      fields,
      channel: 'form',
      actor: { email: who, method: 'form_response' },
    }),
  ).request.id;
}
