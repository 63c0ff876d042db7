/**
 * A governed sheet (purchase-approval published, a small directory) with intake wired: the form-submit
 * trigger's handler is src/gas/intake's onFormSubmit, called by the local Workspace's ScriptApp when
 * ws.forms.submitAs / editAs fire the form's installable triggers (with Apps Script's event objects).
 */
import { onFormSubmit } from '../../../../src/gas/intake';
import { connectForm, generateForm } from '../../../../src/gas/intake/link';
import type { Workspace } from '../../../../src/local/workspace';
import { FunctionTableInvoker } from '../../../../src/local/services/script';
import { auditRecords } from '../../../support/audit-view';
import { governedSheet } from '../fixtures';
import { OWNER, type TestWorkspace } from '../workspace';

export interface IntakeWorld extends TestWorkspace {
  w: Workspace;
  /** The rows of a tab as { header: value } (unmetered). */
  rows(tab: string): Array<Record<string, unknown>>;
  generate(workflowId?: string): ReturnType<typeof generateForm>;
  connect(formId: string, workflowId?: string): ReturnType<typeof connectForm>;
  form(formId: string): GoogleAppsScript.Forms.Form;
}

export function intakeWorld(opts: { receiptEmail?: boolean } = {}): IntakeWorld {
  const t = governedSheet(opts);
  const w = t.ws as Workspace;
  const now = () => w.kernel.clock.now();
  w.setInvoker(
    new FunctionTableInvoker(w.kernel, {
      handoffOnFormSubmit: (e: unknown) => onFormSubmit(t.services, e as Parameters<typeof onFormSubmit>[1], { now }),
    }),
  );
  w.webapp.deploy();
  return {
    ...t,
    w,
    rows(tab) {
      const values = t.sheet.values(tab) as unknown[][];
      if (tab === 'Audit') return auditRecords(values); // through the one parser, as the wide layout's columns
      const [head, ...body] = values;
      return body
        .filter((r) => r.some((v) => v !== '' && v !== null))
        .map((r) => Object.fromEntries((head ?? []).map((h, i) => [String(h), r[i]])));
    },
    generate: (workflowId = 'purchase-approval') => t.as(OWNER, () => generateForm(t.ctx(), workflowId)),
    connect: (formId, workflowId = 'purchase-approval') => t.as(OWNER, () => connectForm(t.ctx(), formId, workflowId)),
    form: (formId) => w.kernel.meter.unmetered(() => t.services.FormApp.openById(formId)),
  };
}

export const valid = { Item: 'Laptop', Amount: '1200', 'Cost centre': 'Engineering', Justification: 'new hire' };
