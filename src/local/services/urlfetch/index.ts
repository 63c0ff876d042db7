/**
 * UrlFetchApp on the local Workspace. There is no network: the only host that answers is the loaded script's own
 * web app (`ScriptApp.getService().getUrl()`, served by `ws.webapp`), reached as Apps Script reaches it (a request
 * that carries no browser sign-in; see README "UrlFetchApp"). Every other URL fails as an unreachable host does in
 * Apps Script: `DNS error: <url>`.
 */
import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import { type AttemptInfo, NOT_HANDLED, RPC_ATTEMPT } from '../../runtime/rpc-hooks';
import { LocalBlob } from '../utilities';
import { encodeForm, type WebResponse } from '../webapp';
import { LocalHttpResponse } from './response';
import type { FetchParams, FetchRecord, UrlFetchControls, UrlFetchDeps } from './types';

export { LocalHttpResponse };
export type { FetchParams, FetchRecord, UrlFetchControls, UrlFetchDeps };

type GUrlFetchApp = GoogleAppsScript.URL_Fetch.UrlFetchApp;

/** UrlFetch calls per day and per user (apps-script-facts.md, Quotas): consumer / Workspace. */
export const DAILY_FETCHES = { consumer: 20_000, workspace: 100_000 } as const;
export const QUOTA_MESSAGE = 'Service invoked too many times for one day: urlfetch.';
/** How much of an error body Apps Script quotes in "Request failed … Truncated server response: …" (≈150 observed). */
const TRUNCATE_AT = 150;
const QUOTA_TIME_ZONE = 'America/Los_Angeles';

function dayKey(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: QUOTA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(ms),
  );
}

const HTML = 'text/html; charset=utf-8';

export class LocalUrlFetchApp implements Implements<GUrlFetchApp, 'fetch' | 'fetchAll' | 'getRequest'> {
  private readonly used = new Map<string, { day: string; used: number }>();
  private readonly records: FetchRecord[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly deps: UrlFetchDeps,
  ) {}

  // ---- controls ------------------------------------------------------------------------------
  limit(): number {
    return DAILY_FETCHES[this.kernel.accountType];
  }
  private usage(user: string): { day: string; used: number } {
    const day = dayKey(this.kernel.clock.now());
    const key = user.toLowerCase();
    let q = this.used.get(key);
    if (!q || q.day !== day) {
      q = { day, used: 0 };
      this.used.set(key, q);
    }
    return q;
  }
  controls(): UrlFetchControls {
    return {
      log: () => this.records,
      remaining: (u) => Math.max(0, this.limit() - this.usage(u).used),
      setUsed: (u, n) => void (this.usage(u).used = n),
      limit: () => this.limit(),
    };
  }

  // ---- UrlFetchApp -----------------------------------------------------------------------------
  fetch(url: string, params: FetchParams = {}): LocalHttpResponse {
    this.kernel.call('UrlFetchApp', 'fetch');
    return this.one(url, params ?? {});
  }

  /** Requests as URLs or `{ url, ...params }`. Metered as one fetch (Apps Script runs them in parallel). */
  fetchAll(requests: Array<string | (FetchParams & { url: string })>): LocalHttpResponse[] {
    this.kernel.call('UrlFetchApp', 'fetch');
    if (!Array.isArray(requests)) throw gasError('Invalid argument: requests');
    return requests.map((r) => (typeof r === 'string' ? this.one(r, {}) : this.one(r?.url, r ?? {})));
  }

  getRequest(url: string, params: FetchParams = {}): Record<string, unknown> {
    this.kernel.call('UrlFetchApp', 'getRequest');
    const r = this.prepare(url, params ?? {});
    return {
      url: r.url,
      method: r.method,
      payload: r.body,
      headers: r.headers,
      contentType: r.contentType,
      followRedirects: params.followRedirects ?? true,
      validateHttpsCertificates: params.validateHttpsCertificates ?? true,
      useIntranet: params.useIntranet ?? false,
    };
  }

  toString(): string {
    return 'UrlFetchApp';
  }

  private prepare(
    url: unknown,
    p: FetchParams,
  ): { url: string; method: string; body: string; contentType: string; headers: Record<string, string> } {
    const u = String(url ?? '');
    if (!/^https?:\/\/[^\s/?#]+/i.test(u)) throw gasError(`Invalid argument: ${u}`);
    const method = String(p.method ?? 'get').toLowerCase();
    if (!['get', 'delete', 'patch', 'post', 'put'].includes(method)) throw gasError(`Invalid argument: method`);
    let body = '';
    let contentType = p.contentType ?? '';
    const payload = p.payload;
    if (payload !== undefined && payload !== null) {
      if (typeof payload === 'string') body = payload;
      else if (Array.isArray(payload)) body = Buffer.from((payload as number[]).map((x) => x & 0xff)).toString('utf8');
      else if (payload instanceof LocalBlob) body = payload.getDataAsString();
      else if (typeof payload === 'object') {
        const fields: Record<string, string> = {};
        for (const [k, v] of Object.entries(payload as Record<string, unknown>)) fields[k] = String(v);
        body = encodeForm(fields);
        contentType ||= 'application/x-www-form-urlencoded';
      } else body = String(payload);
      contentType ||= 'application/x-www-form-urlencoded';
    }
    return { url: u, method, body, contentType, headers: { ...(p.headers ?? {}) } };
  }

  /**
   * From a worker thread (ws.runtime pools, concurrent): fetch and fetchAll wait for the web app's execution,
   * which runs on another worker, without blocking this thread (the answer comes later; see rpc-hooks.ts).
   */
  [RPC_ATTEMPT](method: string, args: unknown[], info: AttemptInfo): unknown {
    if (!info.canWait || (method !== 'fetch' && method !== 'fetchAll')) return NOT_HANDLED;
    this.kernel.call('UrlFetchApp', 'fetch');
    if (method === 'fetch') return this.oneLater(args[0], (args[1] as FetchParams | undefined) ?? {});
    const requests = args[0];
    if (!Array.isArray(requests)) throw gasError('Invalid argument: requests');
    // One at a time, in order (the responses come back in the order of the requests either way).
    return requests.reduce<Promise<LocalHttpResponse[]>>(
      (acc, r: string | (FetchParams & { url: string })) =>
        acc.then(async (out) => [...out, await (typeof r === 'string' ? this.oneLater(r, {}) : this.oneLater(r?.url, r ?? {}))]),
      Promise.resolve([]),
    );
  }

  private async oneLater(url: unknown, p: FetchParams): Promise<LocalHttpResponse> {
    const { r, record } = this.begin(url, p);
    try {
      return this.finish(r, p, record, await this.routeLater(r, p, record));
    } catch (e) {
      if (record.error === null && record.status === null) record.error = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  /** Validates, records and counts one fetch (its quota); throws what Apps Script throws before sending. */
  private begin(url: unknown, p: FetchParams): { r: ReturnType<LocalUrlFetchApp['prepare']>; record: FetchRecord } {
    const r = this.prepare(url, p);
    const user = this.kernel.executions.current().effectiveUser;
    const q = this.usage(user);
    const record: FetchRecord = { at: this.kernel.clock.now(), user, method: r.method, url: r.url, status: null, error: null };
    this.records.push(record);
    if (q.used >= this.limit()) {
      record.error = QUOTA_MESSAGE;
      throw gasError(QUOTA_MESSAGE);
    }
    q.used++;
    return { r, record };
  }

  private one(url: unknown, p: FetchParams): LocalHttpResponse {
    const { r, record } = this.begin(url, p);
    let res: LocalHttpResponse;
    try {
      res = this.route(r, p, record);
    } catch (e) {
      record.error = e instanceof Error ? e.message : String(e);
      throw e;
    }
    return this.finish(r, p, record, res);
  }

  private finish(
    r: ReturnType<LocalUrlFetchApp['prepare']>,
    p: FetchParams,
    record: FetchRecord,
    res: LocalHttpResponse,
  ): LocalHttpResponse {
    record.status = res.code;
    if (res.code >= 400 && !p.muteHttpExceptions) {
      const text = res.body.toString('utf8');
      const origin = /^https?:\/\/[^/?#]+/i.exec(r.url)![0];
      const quoted = text.length > TRUNCATE_AT ? text.slice(0, TRUNCATE_AT) + '...' : text;
      throw gasError(
        `Request failed for ${origin} returned code ${res.code}. Truncated server response: ${quoted} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return res;
  }

  /** The visitor a request to the web app is: nobody (no browser cookies), unless it carries the local OAuth token. */
  private visitor(headers: Record<string, string>): string {
    const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
    const m = /^Bearer\s+ya29\.local\.([A-Za-z0-9_-]+)\.\d+$/.exec(auth.trim());
    if (!m) return '';
    try {
      return Buffer.from(m[1]!, 'base64url').toString('utf8');
    } catch {
      return '';
    }
  }

  /** Where a fetch goes: the web app (with the visitor it carries), or an answer / error that needs no execution. */
  private target(r: ReturnType<LocalUrlFetchApp['prepare']>, record: FetchRecord): LocalHttpResponse | { visitor: string } {
    const chat = this.deps.chat?.(r.method, r.url, r.body);
    if (chat) return this.response(chat.status, chat.body, 'application/json; charset=UTF-8');
    // Any deployment of this script (each has its own /exec URL; ws.webapp applies that deployment's access rules).
    const base = r.url.split(/[?#]/)[0]!.replace(/\/+$/, '');
    const isWebApp = this.deps.webapp.deployments().some(({ url }) => base === url || base.startsWith(url + '/'));
    if (!isWebApp) {
      // Another Apps Script web app (or this one before it is deployed): Google answers, the script does not exist.
      if (/^https:\/\/script\.google\.com\/macros\/s\/[^/]+\/(exec|dev)$/i.test(base)) {
        return this.response(404, 'Sorry, unable to open the file at this time. Please check the address and try again.', HTML);
      }
      throw gasError(`DNS error: ${r.url}`);
    }
    const visitor = this.visitor(r.headers);
    record.visitor = visitor;
    if (r.method !== 'get' && r.method !== 'post') return this.response(405, 'Method Not Allowed', HTML);
    return { visitor };
  }

  /** In this thread: the web app runs as a nested execution here. */
  private route(r: ReturnType<LocalUrlFetchApp['prepare']>, p: FetchParams, record: FetchRecord): LocalHttpResponse {
    const t = this.target(r, record);
    if (t instanceof LocalHttpResponse) return t;
    const out =
      r.method === 'get'
        ? this.deps.webapp.get(r.url, { as: t.visitor })
        : this.deps.webapp.post(r.url, r.body, { as: t.visitor, contentType: r.contentType || 'application/x-www-form-urlencoded' });
    return this.fromWebApp(out, p);
  }

  /** From a worker: the web app's execution is awaited (it runs on another worker). */
  private async routeLater(r: ReturnType<LocalUrlFetchApp['prepare']>, p: FetchParams, record: FetchRecord): Promise<LocalHttpResponse> {
    const t = this.target(r, record);
    if (t instanceof LocalHttpResponse) return t;
    const out =
      r.method === 'get'
        ? await this.deps.webapp.request('GET', r.url, { as: t.visitor })
        : await this.deps.webapp.request('POST', r.url, {
            as: t.visitor,
            body: r.body,
            contentType: r.contentType || 'application/x-www-form-urlencoded',
          });
    return this.fromWebApp(out, p);
  }

  private fromWebApp(w: WebResponse, p: FetchParams): LocalHttpResponse {
    const follow = p.followRedirects ?? true;
    if (w.kind === 'login') {
      // Google's sign-in: UrlFetchApp carries no browser sign-in, so a web app that needs one answers with a
      // redirect to accounts.google.com, which (followed) is the sign-in page.
      if (!follow)
        return this.response(302, '', HTML, { Location: 'https://accounts.google.com/ServiceLogin?service=wise&passive=1209600' });
      return this.response(
        200,
        '<!DOCTYPE html><html><head><title>Sign in - Google Accounts</title></head><body>Sign in to continue to Google Apps Script</body></html>',
        HTML,
      );
    }
    if (w.kind === 'denied') return this.response(403, w.body, HTML);
    // TextOutput: Apps Script answers 302 to script.googleusercontent.com; followed, it is the content.
    if (w.kind === 'text' && !follow)
      return this.response(302, '', HTML, { Location: 'https://script.googleusercontent.com/macros/echo?user_content_key=local' });
    return this.response(w.status, w.body, w.kind === 'text' ? w.contentType : HTML);
  }

  private response(code: number, body: string, contentType: string, extra: Record<string, string> = {}): LocalHttpResponse {
    return new LocalHttpResponse(this.kernel, code, Buffer.from(body, 'utf8'), { 'Content-Type': contentType, ...extra });
  }
}

export function createUrlFetchService(kernel: Kernel, deps: UrlFetchDeps): { UrlFetchApp: LocalUrlFetchApp; controls: UrlFetchControls } {
  const app = new LocalUrlFetchApp(kernel, deps);
  return { UrlFetchApp: app, controls: app.controls() };
}
