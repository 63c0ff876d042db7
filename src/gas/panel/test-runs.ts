/** Admin > Workflows > Test run: try a draft on the real sheet (testrun/test-runs.ts), from the panel. Admins only. */
import * as z from '../../core/zod';
import { clearTestRequests, createTestRequest, startTestRun } from '../testrun/test-runs';
import { TEST_VERSION_BASE } from '../store/config';
import { coerceEdits } from './actions';
import { FieldValues } from './action-args';
import { auditConfig } from './admin';
import { panelFunction, PanelRefusal } from './guard';
import { ConfigStore } from '../store/config';

export const startTest = panelFunction(
  'handoffPanelStartTestRun',
  'admin',
  z.strictObject({ definition: z.unknown() }),
  (ctx, caller, a) => {
    const r = startTestRun(ctx, a.definition, caller.email);
    if (r.ok) auditConfig(ctx, caller, 'test_run', { started: String(r.version) }, r.workflowId, r.version);
    return r;
  },
);

export const createTest = panelFunction(
  'handoffPanelCreateTestRequest',
  'admin',
  z.strictObject({
    workflowId: z.string().check(z.minLength(1), z.maxLength(64)),
    version: z.number().check(z.int(), z.minimum(TEST_VERSION_BASE)),
    fields: FieldValues,
  }),
  (ctx, caller, a) => {
    const def = new ConfigStore(ctx).get(a.workflowId, a.version).definition;
    const { fields, problems } = coerceEdits(def.fields, a.fields);
    if (problems.length) throw new PanelRefusal(`Some fields are not valid: ${problems.map((p) => p.message).join(' ')}`, problems);
    return createTestRequest(ctx, a.workflowId, a.version, fields, caller.email);
  },
);

export const clearTests = panelFunction('handoffPanelClearTestRequests', 'admin', z.strictObject({}), (ctx, caller) => {
  const r = clearTestRequests(ctx);
  if (r.cleared) auditConfig(ctx, caller, 'test_run', { cleared: String(r.cleared) });
  return r;
});
