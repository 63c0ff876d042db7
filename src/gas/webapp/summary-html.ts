import type { RequestSummary } from '../approvals/summary';
import { formatWhen } from '../approvals/summary';
import { esc } from './html';

/** The request summary as an HTML table (shared by the confirm page and the approval email). All values escaped. */
export function summaryTableHtml(sum: RequestSummary, inlineStyle = false): string {
  const th = inlineStyle ? ' style="text-align:left;font-weight:normal;color:#5f6368;padding:4px 12px 4px 0;vertical-align:top"' : '';
  const td = inlineStyle ? ' style="padding:4px 0;vertical-align:top"' : '';
  const rows: Array<[string, string]> = [
    ['Request', `${sum.requestId} (${sum.workflowName})`],
    ['Requested by', sum.requesterName || sum.requester], // the web app's nameOf already reads "Name (email)"
  ];
  if (sum.step) rows.push(['Step', `${sum.step.label} (step ${sum.step.number} of ${sum.step.of}; ${sum.step.policy})`]);
  if (sum.dueAt) rows.push(['Due', formatWhen(sum.dueAt, sum.timeZone)]);
  for (const f of sum.fields) rows.push([f.label, f.value]);
  return `<table class="fields" style="border-collapse:collapse">${rows.map(([k, v]) => `<tr><th${th}>${esc(k)}</th><td${td}>${esc(v)}</td></tr>`).join('')}</table>`;
}
