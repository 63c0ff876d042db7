/** A governed sheet set up on the local Workspace, with a directory and the purchase-approval workflow published. */
import { purchaseApproval } from '../../../src/templates';
import { publishWorkflow } from '../../../src/gas/commands/workflows';
import { setUp } from '../../../src/gas/setup/setup';
import { OWNER, testWorkspace, type TestWorkspace } from './workspace';

export const RITA = 'rita@acme.test';
export const MAX = 'max@acme.test';
export const FAY = 'fay@acme.test';
export const PAT = 'pat@acme.test';

export const PEOPLE: unknown[][] = [
  [RITA, 'Rita Requester', '', MAX, '', '', '', '', ''],
  [MAX, 'Max Manager', 'manager', '', '', '', '', '', ''],
  [FAY, 'Fay Finance', 'finance', '', '', '', '', '', ''],
  [PAT, 'Pat Procurement', 'procurement', '', '', '', '', '', ''],
];

export const laptop = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };

export function governedSheet(): TestWorkspace {
  const t = testWorkspace();
  const ctx = t.ctx();
  t.as(OWNER, () => setUp(ctx));
  // Directory rows after the owner's admin row (row 2).
  t.sheet.write('Directory', 'A3', PEOPLE);
  t.as(OWNER, () => publishWorkflow(t.ctx(), purchaseApproval, OWNER));
  return t;
}
