/** A governed sheet with people in every role, for the panel tests. */
import { auditRecords } from '../../../support/audit-view';
import { createRequestCommand } from '../../../../src/gas/commands/requests';
import type { PanelFunction } from '../../../../src/gas/panel/guard';
import { governedSheet, laptop, MAX, RITA, FAY, PAT } from '../fixtures';
import { OWNER, type TestWorkspace } from '../workspace';

export { RITA, MAX, FAY, PAT, OWNER, laptop };
export const OLGA = 'olga@acme.test';
export const ADA = OWNER;

/** Requester, approver, operator, admin: one person each. */
export const ROLES = { requester: RITA, approver: MAX, operator: OLGA, admin: ADA } as const;

export function panelSheet(): TestWorkspace {
  const t = governedSheet();
  t.sheet.write('Directory', 'A7', [[OLGA, 'Olga Operator', 'operator', '', '', '', '', '', '']]);
  return t;
}

export function createAs(t: TestWorkspace, who: string, fields: Record<string, unknown> = laptop) {
  return t.as(who, () =>
    createRequestCommand(t.ctx(), {
      workflowId: 'purchase-approval',
      requester: who,
      fields: fields as never,
      channel: 'form',
      actor: { email: who, method: 'session' },
    }),
  );
}

/** Calls a panel function as `who` in its own execution; the result crosses as JSON like google.script.run. */
export function call<R>(t: TestWorkspace, who: string, fn: PanelFunction<R>, args?: unknown): R {
  const r = t.as(who, () => fn(t.ctx(), args));
  return JSON.parse(JSON.stringify(r)) as R;
}

export function callError(
  t: TestWorkspace,
  who: string,
  fn: PanelFunction<unknown>,
  args?: unknown,
): Error & { code?: string; problems?: unknown[] } {
  try {
    t.as(who, () => fn(t.ctx(), args));
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error(`${fn.fnName} did not refuse ${who}`);
}

/** Audit rows as records (the wide layout's header → value), read through the one parser. */
export function auditRows(t: TestWorkspace): Array<Record<string, unknown>> {
  return auditRecords(t.sheet.values('Audit'));
}

export function hasDate(v: unknown): boolean {
  if (v instanceof Date) return true;
  if (Array.isArray(v)) return v.some(hasDate);
  if (v && typeof v === 'object') return Object.values(v).some(hasDate);
  return false;
}
