/** The web app's links as the playground handles them: found in emails, mapped onto /exec, and POST bodies. */
import { BadRequest } from './errors';

/** The web-app links of an email's text ("Approve: https://…/exec?…" lines), with their local /exec form. */
export function actionLinksOf(text: string, real: string): Array<{ label: string; url: string; local: string }> {
  const out: Array<{ label: string; url: string; local: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const x = /^\s*(.*?):\s*(https?:\/\/\S+)\s*$/.exec(line);
    if (x && x[2]!.startsWith(real)) out.push({ label: x[1]!, url: x[2]!, local: '/exec' + x[2]!.slice(real.length) });
  }
  return out;
}

/**
 * A Google Docs URL (the spreadsheet, a form, a form's edit-response link) as the playground's own path: /docs/<the
 * same path>, the fragment (#gid=…&range=…, which a browser never sends) moved into the query. /docs/ resolves it
 * (routes/docs.ts). `amp` joins query parameters as the text around it does (&amp; inside HTML).
 */
export function localDocsUrl(url: string, amp = '&'): string {
  const [base, frag] = url.split('#', 2) as [string, string | undefined];
  const path = base.replace(/^https:\/\/docs\.google\.com\//, '/docs/');
  return frag ? `${path}${path.includes('?') ? amp : '?'}${frag}` : path;
}

const DOCS = /https:\/\/docs\.google\.com\/[^\s"'<>()]*/g;

/**
 * Rewrites links the playground serves itself: the deployed web app's URL (`real`, and its /dev twin) to /exec,
 * and Google Docs URLs (the spreadsheet, forms, edit-response links) to /docs/.
 */
export function localizeHtml(html: string, real: string): string {
  return html
    .split(real)
    .join('/exec')
    .split(real.replace(/\/exec$/, '/dev'))
    .join('/exec')
    .replace(DOCS, (u) => localDocsUrl(u, u.includes('&amp;') ? '&amp;' : '&'));
}

/** Turns a link from an email (the real /exec URL, or a local /exec one) into the path the web app sees. */
export function execPathOf(url: unknown, real: string): string {
  if (typeof url !== 'string' || url.trim() === '')
    throw new BadRequest('"url" is required: an action link from an email (the web app URL or /exec?...)');
  const u = url.trim();
  if (u.startsWith(real)) return '/exec' + u.slice(real.length);
  if (/^\/exec(?:[/?]|$)/.test(u)) return u;
  throw new BadRequest(`"url" is not a link to this add-on's web app (${real} or /exec?...): ${u.slice(0, 200)}`);
}

/** A POST body for the web app: a form-encoded string, or an object of string fields (none: an empty form). */
export function postBody(body: unknown): string | Record<string, string> {
  if (body === undefined || body === null) return {};
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && !Array.isArray(body) && Object.values(body).every((v) => typeof v === 'string'))
    return body as Record<string, string>;
  throw new BadRequest('"body" must be a form-encoded string or an object of string fields');
}
