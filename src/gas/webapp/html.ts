/** HTML building for the web-app pages and the emails: every text value goes through esc(), the core's one escaper. */
import { escapeHtml as esc } from '../../core';

export { esc };

/** Text with line breaks, escaped. */
export function escLines(v: unknown): string {
  return esc(v).replace(/\r?\n/g, '<br>');
}

/** Only http(s) URLs go into href/action; anything else becomes '#'. */
export function safeUrl(url: string | null | undefined): string {
  const u = String(url ?? '').trim();
  return /^https?:\/\//i.test(u) ? esc(u) : '#';
}

const STYLE = `
body{font-family:Roboto,Arial,sans-serif;margin:0;background:#f6f8fc;color:#202124}
main{max-width:640px;margin:24px auto;background:#fff;border:1px solid #dadce0;border-radius:8px;padding:24px}
h1{font-size:20px;margin:0 0 12px}
.muted{color:#5f6368;font-size:13px}
table.fields{border-collapse:collapse;width:100%;margin:12px 0}
table.fields th{text-align:left;font-weight:500;color:#5f6368;padding:4px 12px 4px 0;vertical-align:top;width:35%}
table.fields td{padding:4px 0;white-space:pre-wrap;word-break:break-word}
.note{background:#fef7e0;border-left:4px solid #f9ab00;padding:8px 12px;margin:12px 0}
.ok{background:#e6f4ea;border-left:4px solid #34a853;padding:8px 12px;margin:12px 0}
.err{background:#fce8e6;border-left:4px solid #d93025;padding:8px 12px;margin:12px 0}
textarea{width:100%;box-sizing:border-box;min-height:96px;font:inherit;padding:8px}
button{font:inherit;font-size:15px;padding:10px 20px;border:0;border-radius:4px;color:#fff;background:#1a73e8;cursor:pointer;margin-top:12px}
button.reject{background:#d93025}
button.request_changes{background:#e37400}
`;

/**
 * A full page. No script at all: the approval pages must work (and must not act) in mail scanners that run
 * JavaScript. <base target="_top"> because HtmlService serves pages inside a sandboxed iframe, where links and
 * form posts must target the top window.
 */
export function page(title: string, bodyHtml: string): string {
  return `<!DOCTYPE html>
<html><head><base target="_top"><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>
${bodyHtml}
<p class="muted">Handoff</p>
</main></body></html>`;
}
