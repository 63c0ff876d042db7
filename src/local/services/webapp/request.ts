/** Apps Script's doGet/doPost event object, built from a URL and a body. */

export interface ParsedUrl {
  pathInfo: string | null;
  queryString: string | null;
}

/** Accepts a full /exec URL, a path ('/exec/x?a=1'), a query ('?a=1') or a bare 'a=1'. */
export function parseUrl(urlOrQuery: string): ParsedUrl {
  let s = String(urlOrQuery ?? '');
  let query: string | null = null;
  const q = s.indexOf('?');
  if (q >= 0) {
    query = s.slice(q + 1);
    s = s.slice(0, q);
  } else if (!s.includes('/') && s.includes('=')) {
    return { pathInfo: null, queryString: s };
  }
  const m = /\/(?:exec|dev)(?:\/(.*))?$/.exec(s);
  const path = m?.[1] ? m[1] : null;
  return { pathInfo: path, queryString: query === '' ? null : query };
}

export function parseForm(s: string | null): Array<[string, string]> {
  if (!s) return [];
  return s
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf('=');
      const k = i < 0 ? pair : pair.slice(0, i);
      const v = i < 0 ? '' : pair.slice(i + 1);
      const dec = (x: string) => {
        try {
          return decodeURIComponent(x.replace(/\+/g, ' '));
        } catch {
          return x;
        }
      };
      return [dec(k), dec(v)] as [string, string];
    });
}

export function encodeForm(body: Record<string, string | string[]>): string {
  return Object.entries(body)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
    .join('&');
}

export interface PostBody {
  contents: string;
  type: string;
}

export function buildEvent(url: ParsedUrl, post: PostBody | null): GoogleAppsScript.Events.DoPost | GoogleAppsScript.Events.DoGet {
  const pairs = parseForm(url.queryString);
  if (post && post.type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded')
    pairs.push(...parseForm(post.contents));
  const parameters: Record<string, string[]> = {};
  for (const [k, v] of pairs) (parameters[k] ??= []).push(v);
  const parameter: Record<string, string> = {};
  for (const [k, v] of Object.entries(parameters)) parameter[k] = v[0] as string;
  const e: Record<string, unknown> = {
    queryString: url.queryString,
    parameter,
    parameters,
    contextPath: '',
    contentLength: post ? Buffer.byteLength(post.contents, 'utf8') : -1,
  };
  if (url.pathInfo !== null) e.pathInfo = url.pathInfo;
  if (post) e.postData = { length: Buffer.byteLength(post.contents, 'utf8'), type: post.type, contents: post.contents, name: 'postData' };
  return e as unknown as GoogleAppsScript.Events.DoGet;
}
