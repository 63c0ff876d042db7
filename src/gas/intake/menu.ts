/**
 * The menu commands of intake, with the spreadsheet's Ui (prompts and alerts: plain text, nothing rendered as
 * HTML). Each returns what it did, so tests and google.script.run callers can read it.
 */
import { requireAdmin, requireOperator } from '../auth';
import type { AppContext } from '../context';
import { isHandoffError } from '../errors';
import { ConfigStore } from '../store/config';
import { connectForm, generateForm, previewConnect, type LinkResult } from './link';
import { reprocessIntakeErrors, type ReprocessResult } from './reprocess';

type Ui = GoogleAppsScript.Base.Ui;

/** The menu item intake adds (Link a form is the panel's item, which calls linkFormCommand). */
export const INTAKE_MENU_ITEMS = [{ label: 'Re-process intake errors', fn: 'handoffReprocessIntake' }] as const;

function ui(ctx: AppContext): Ui {
  return ctx.services.SpreadsheetApp.getUi();
}

function ok(ctx: AppContext, r: { getSelectedButton(): GoogleAppsScript.Base.Button }): boolean {
  return r.getSelectedButton() === ui(ctx).Button.OK;
}

/** Asks which workflow (by id, from the published ones). Null when cancelled or unknown. */
function askWorkflow(ctx: AppContext, title: string): string | null {
  const ids = new ConfigStore(ctx).workflows();
  if (ids.length === 0) {
    ui(ctx).alert(title, 'No workflow is published yet. Publish one first.', ui(ctx).ButtonSet.OK);
    return null;
  }
  const r = ui(ctx).prompt(title, `Which workflow? Type its id:\n${ids.join('\n')}`, ui(ctx).ButtonSet.OK_CANCEL);
  if (!ok(ctx, r)) return null;
  const id = r.getResponseText().trim();
  if (!ids.includes(id)) {
    ui(ctx).alert(title, `There is no published workflow "${id}". Nothing was linked.`, ui(ctx).ButtonSet.OK);
    return null;
  }
  return id;
}

const linkSummary = (r: LinkResult) =>
  `Linked "${r.title}" to ${r.workflowId}.\n\nRequesters fill it in at:\n${r.publishedUrl}\n\nEdit the form at:\n${r.editUrl}\n\nMapping:\n${r.lines.join('\n')}\n\nForm-submit trigger: ${r.trigger}.`;

const TITLE = 'Link a form';

/**
 * Menu: Link a form. One prompt offers both ways: type "new" to generate a form from a workflow, or paste an
 * existing form's URL to connect it (the proposed mapping, with every unmatched question and field, is shown
 * for confirmation first). Returns the outcome as text (the menu shows it); a HandoffError's message is the
 * answer to show when something is wrong.
 */
export function linkFormCommand(ctx: AppContext): string {
  requireAdmin(ctx, 'handoffLinkForm');
  const r = ui(ctx).prompt(
    TITLE,
    'Type "new" to generate a new form from a workflow,\nor paste the URL (or id) of an existing form to connect it:',
    ui(ctx).ButtonSet.OK_CANCEL,
  );
  if (!ok(ctx, r)) return 'Nothing was linked.';
  const answer = r.getResponseText().trim();
  const id = askWorkflow(ctx, TITLE);
  if (!id) return 'Nothing was linked.';
  if (/^(new|generate)$/i.test(answer)) return linkSummary(generateForm(ctx, id));
  const preview = previewConnect(ctx, answer, id);
  const text = [
    `"${preview.title}" → ${id}`,
    '',
    ...preview.lines,
    ...(preview.warnings.length ? ['', 'Warnings:', ...preview.warnings] : []),
    '',
    'Link the form with this mapping?',
  ].join('\n');
  if (ui(ctx).alert(TITLE, text, ui(ctx).ButtonSet.YES_NO) !== ui(ctx).Button.YES) return 'Nothing was linked.';
  return linkSummary(connectForm(ctx, answer, id, preview.proposal.entries));
}

/** Menu: Re-process intake errors. Shows and returns what happened. */
export function reprocessCommand(ctx: AppContext): ReprocessResult & { message: string } {
  let message: string;
  let r: ReprocessResult = { reprocessed: [], stillOpen: 0 };
  try {
    requireOperator(ctx, 'handoffReprocessIntake', 'Only operators and admins can re-process intake errors.');
    r = reprocessIntakeErrors(ctx);
    const ids = r.reprocessed.map((o) => o.requestId).filter(Boolean);
    message = `${r.reprocessed.length} response(s) processed${ids.length ? ` (${ids.join(', ')})` : ''}. ${r.stillOpen} still cannot be processed: see the "Intake errors" tab for the reasons.`;
  } catch (e) {
    if (!isHandoffError(e)) throw e;
    message = e.message;
  }
  try {
    ui(ctx).alert('Re-process intake errors', message, ui(ctx).ButtonSet.OK);
  } catch {
    /* no UI (run from the editor or a timer) */
  }
  return { ...r, message };
}
