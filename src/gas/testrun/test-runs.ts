/**
 * Test runs: an admin tries a draft workflow on the real sheet without mailing real people.
 *   - startTestRun: the draft (valid) is stored in Config with status 'test' (never published, never listed);
 *   - createTestRequest: a request of that draft, numbered TEST-000001, with the admin as its requester;
 *   - every notification of a TEST request is sent to the admin who started the test run (outbox-sender.ts);
 *   - metrics leave TEST requests out (there is no archive yet; an archive must do the same);
 *   - clearTestRequests: every TEST request's row leaves the Requests tab in one action. Their audit events stay
 *     in the hash-chained Audit tab (it is append-only), recognisable by their TEST- ids.
 */
import { validateDefinition, type Fields } from '../../core';
import type { AppContext } from '../context';
import { createRequestCommand } from '../commands/requests';
import { withLock } from '../lock';
import { REQUESTS } from '../sheet/tabs';
import { cellText } from '../sheet/values';
import { ConfigStore } from '../store/config';
import { utilitiesKnownZone } from '../zone';
import { isTestRequest, TEST_ADMIN_PROPERTY } from './marker';

export { isTestRequest, testAdmin } from './marker';

export type StartResult =
  | {
      ok: true;
      workflowId: string;
      version: number;
      fields: Array<{ id: string; label: string; type: string; required: boolean; options: string[] }>;
    }
  | { ok: false; problems: Array<{ path: string; message: string }> };

export function startTestRun(ctx: AppContext, definition: unknown, by: string): StartResult {
  const r = validateDefinition(definition, { isKnownZone: utilitiesKnownZone(ctx.services.Utilities) });
  if (!r.ok) return { ok: false, problems: r.problems.map((p) => ({ path: p.path, message: p.message })) };
  const v = withLock(ctx, () => {
    ctx.services.PropertiesService.getScriptProperties().setProperty(TEST_ADMIN_PROPERTY, by);
    return new ConfigStore(ctx).storeTestDraft(r.definition, r.hash, by, ctx.now());
  });
  return {
    ok: true,
    workflowId: v.workflowId,
    version: v.version,
    fields: v.definition.fields.map((f) => ({
      id: f.id,
      label: f.label,
      type: f.type,
      required: f.required === true,
      options: f.options ?? [],
    })),
  };
}

export function createTestRequest(ctx: AppContext, workflowId: string, version: number, fields: Fields, by: string) {
  const r = createRequestCommand(ctx, {
    workflowId,
    version,
    requester: by,
    fields,
    channel: 'operator',
    actor: { email: by, method: 'session' },
  });
  return { id: r.request.id, state: r.request.state, revision: r.request.revision };
}

/** Removes every TEST request's row from Requests, under the lock; one deleteRows per contiguous run, bottom up. */
export function clearTestRequests(ctx: AppContext): { cleared: number } {
  return withLock(ctx, () => {
    const table = ctx.table(REQUESTS);
    const last = table.lastRow();
    if (last < 2) return { cleared: 0 };
    const rows: number[] = [];
    table.readColumn('ID', 2, last - 1).forEach((v, i) => {
      if (isTestRequest(cellText(v))) rows.push(i + 2);
    });
    for (let j = rows.length - 1; j >= 0; ) {
      let i = j;
      while (i > 0 && rows[i - 1] === (rows[i] as number) - 1) i--;
      table.sheet.deleteRows(rows[i] as number, j - i + 1);
      j = i - 1;
    }
    return { cleared: rows.length };
  });
}
