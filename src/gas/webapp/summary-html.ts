import type { RequestSummary } from '../approvals/summary';
import { esc } from './html';

/**
 * The request summary as an HTML table (shared by the web app's pages and the emails). All values escaped. Times
 * are the summary's own display strings (dueText), formatted by summarize with Utilities.
 */
export function summaryTableHtml(sum: RequestSummary, inlineStyle = false): string {
  const th = inlineStyle ? ' style="text-align:left;font-weight:normal;color:#5f6368;padding:4px 12px 4px 0;vertical-align:top"' : '';
  const td = inlineStyle ? ' style="padding:4px 0;vertical-align:top"' : '';
  const rows: Array<[string, string]> = [
    ['Request', `${sum.requestId} (${sum.workflowName})`],
    ['Requested by', sum.requesterName || sum.requester], // the web app's nameOf already reads "Name (email)"
  ];
  if (sum.step) rows.push(['Step', `${sum.step.label} (step ${sum.step.number} of ${sum.step.of}; ${sum.step.policy})`]);
  if (sum.dueText) rows.push(['Due', sum.dueText]);
  for (const f of sum.fields) rows.push([f.label, f.value]);
  return `<table class="fields" style="border-collapse:collapse">${rows.map(([k, v]) => `<tr><th${th}>${esc(k)}</th><td${td}>${esc(v)}</td></tr>`).join('')}</table>`;
}
