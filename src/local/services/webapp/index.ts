import type { Kernel } from '../../kernel/kernel';
import { LocalTextOutput } from '../content';
import { LocalHtmlOutput } from '../html';
import { deploymentIdOf, webAppUrl, type ExecuteAs, type ScriptConfig, type WebAppAccess, type WebAppDeployment } from '../script/config';
import { isThenable, MissingFunctionError, type InvokerSlot } from '../script/invoker';
import { buildEvent, encodeForm, parseUrl, type PostBody } from './request';

export { parseUrl, buildEvent, encodeForm } from './request';

export interface WebResponse {
  status: number;
  /** 'html' (HtmlOutput), 'text' (ContentService), 'error' (Apps Script's error page), 'denied', 'login'. */
  kind: 'html' | 'text' | 'error' | 'denied' | 'login';
  contentType: string;
  body: string;
  /** HtmlOutput title; TextOutput download file name. */
  title?: string;
  fileName?: string | null;
  xFrameOptionsMode?: string;
  /** Who the execution ran as. */
  activeUser?: string;
  effectiveUser?: string;
  /** What doGet/doPost returned. */
  output?: unknown;
}

export interface VisitorOptions {
  /** The visitor's Google account; '' (default) for someone signed out. */
  as?: string;
}

export interface DeployOptions {
  executeAs?: ExecuteAs;
  access?: WebAppAccess;
  deployer?: string;
  deploymentId?: string;
}

/** One deployment of the web app, as listed by ws.webapp.deployments(). */
export interface DeploymentInfo {
  deploymentId: string;
  url: string;
  executeAs: ExecuteAs;
  access: WebAppAccess;
  deployer: string;
  /** The first deployment: ScriptApp.getService().getUrl() returns its URL. */
  head: boolean;
}

export interface WebAppControls {
  /** Deploys (or redeploys) the head web app deployment; returns its /exec URL. */
  deploy(opts?: DeployOptions): string;
  /**
   * Creates another deployment of the same script, with its own id, URL, executeAs and access (Apps Script's
   * Deploy › New deployment); returns its /exec URL. The first deployment stays the head. With no head deployed
   * yet, this deploys the head.
   */
  addDeployment(opts?: DeployOptions): string;
  /** Every deployment, the head first. */
  deployments(): DeploymentInfo[];
  /** The head deployment's /exec URL (null until deployed). */
  url(): string | null;
  /**
   * GET: runs doGet as a visitor. Accepts a full URL, '/exec/path?x=1', '?x=1' or 'x=1'. A full URL runs under the
   * deployment its id names (its access rules; an unknown id is an error); the other forms use the head.
   */
  get(urlOrQuery: string, opts?: VisitorOptions): WebResponse;
  /** POST: runs doPost; an object body is sent form-encoded (its fields join e.parameter). */
  post(urlOrQuery: string, body: string | Record<string, string | string[]>, opts?: VisitorOptions & { contentType?: string }): WebResponse;
  /** HEAD: modelled as doGet with the body dropped (link scanners issue HEAD; see README). */
  head(urlOrQuery: string, opts?: VisitorOptions): WebResponse;
  /** Same as get/post, for a runtime that runs executions asynchronously (worker threads). */
  request(
    method: 'GET' | 'POST' | 'HEAD',
    urlOrQuery: string,
    opts?: VisitorOptions & { body?: string | Record<string, string | string[]>; contentType?: string },
  ): Promise<WebResponse>;
}

function page(status: number, kind: WebResponse['kind'], body: string): WebResponse {
  return { status, kind, contentType: 'text/html', body };
}

export function createWebApp(kernel: Kernel, config: ScriptConfig, invoker: InvokerSlot): WebAppControls {
  const d = () => config.webApp;
  let deployments = 0;
  const all = (): WebAppDeployment[] => (d().deploymentId ? [d(), ...config.moreWebApps] : []);

  function newId(): string {
    const taken = new Set(all().map((x) => x.deploymentId));
    let id: string;
    do id = `AKfycb${'LocalHandoffDeployment'}${String(++deployments).padStart(4, '0')}`;
    while (taken.has(id));
    return id;
  }

  /** The deployment a URL names (by its id), or the head for a path or query without one. */
  function deploymentFor(urlOrQuery: string): WebAppDeployment {
    if (!d().deploymentId) throw new Error('local Workspace: the web app is not deployed (ws.webapp.deploy())');
    const id = deploymentIdOf(urlOrQuery);
    if (id === null) return d();
    const dep = all().find((x) => x.deploymentId === id);
    if (!dep)
      throw new Error(
        `local Workspace: no web app deployment has the id ${id} (deployed: ${all()
          .map((x) => x.deploymentId)
          .join(', ')})`,
      );
    return dep;
  }

  function who(
    dep: WebAppDeployment,
    visitor: string,
  ): { ok: true; activeUser: string; effectiveUser: string } | { ok: false; res: WebResponse } {
    const v = visitor.trim().toLowerCase();
    const signedIn = v !== '';
    const inDomain = signedIn && kernel.isInDomain(v);
    const isDeployer = v === dep.deployer.toLowerCase();
    if (!signedIn && (dep.access !== 'ANYONE_ANONYMOUS' || dep.executeAs === 'USER_ACCESSING')) {
      return { ok: false, res: { ...page(302, 'login', 'Sign in to continue to Google Apps Script'), contentType: 'text/html' } };
    }
    const allowed =
      dep.access === 'ANYONE' ||
      dep.access === 'ANYONE_ANONYMOUS' ||
      (dep.access === 'DOMAIN' && (inDomain || isDeployer)) ||
      (dep.access === 'MYSELF' && isDeployer);
    if (!allowed) return { ok: false, res: page(403, 'denied', 'You need access. Ask for access, or switch to an account with access.') };
    if (dep.executeAs === 'USER_ACCESSING') return { ok: true, activeUser: v, effectiveUser: v };
    // Executing as the deployer: the visitor's email is visible only to the deployer and, on a Workspace
    // account, to users of the same domain.
    const visible = isDeployer || (inDomain && kernel.accountType === 'workspace');
    return { ok: true, activeUser: visible ? v : '', effectiveUser: dep.deployer };
  }

  function toResponse(out: unknown, users: { activeUser: string; effectiveUser: string }): WebResponse {
    if (out instanceof LocalHtmlOutput) {
      const html = kernel.meter.unmetered(() => ({ body: out.getContent(), title: out.getTitle() }));
      return {
        status: 200,
        kind: 'html',
        contentType: 'text/html',
        ...html,
        xFrameOptionsMode: out.xFrameOptionsMode,
        output: out,
        ...users,
      };
    }
    if (out instanceof LocalTextOutput) {
      const r = out.response();
      return { status: 200, kind: 'text', contentType: r.contentType, body: r.content, fileName: r.fileName, output: out, ...users };
    }
    return { ...page(200, 'error', 'The script completed but did not return anything.'), output: out, ...users };
  }

  function run(fn: 'doGet' | 'doPost', urlOrQuery: string, post: PostBody | null, visitor: string): WebResponse | Promise<WebResponse> {
    const w = who(deploymentFor(urlOrQuery), visitor);
    if (!w.ok) return w.res;
    const users = { activeUser: w.activeUser, effectiveUser: w.effectiveUser };
    if (!invoker.has(fn)) return { ...page(200, 'error', `Script function not found: ${fn}`), ...users };
    const e = buildEvent(parseUrl(urlOrQuery), post);
    const fail = (err: unknown): WebResponse => {
      if (err instanceof MissingFunctionError) return { ...page(200, 'error', err.message), ...users };
      const msg = err instanceof Error ? err.message : String(err);
      return { ...page(200, 'error', `Error: ${msg}`), ...users };
    };
    try {
      const out = invoker.invoke(fn, e, { activeUser: w.activeUser, effectiveUser: w.effectiveUser, kind: 'web-app' });
      if (isThenable(out)) return Promise.resolve(out).then((o) => toResponse(o, users), fail);
      return toResponse(out, users);
    } catch (err) {
      return fail(err);
    }
  }

  function sync(r: WebResponse | Promise<WebResponse>): WebResponse {
    if (isThenable(r)) throw new Error('local Workspace: the runtime runs this execution asynchronously; use ws.webapp.request()');
    return r;
  }

  function postBody(body: string | Record<string, string | string[]>, contentType?: string): PostBody {
    if (typeof body === 'string') return { contents: body, type: contentType ?? 'text/plain' };
    return { contents: encodeForm(body), type: contentType ?? 'application/x-www-form-urlencoded' };
  }

  const headOf = (r: WebResponse): WebResponse => ({ ...r, body: '' });

  function deploy(opts: DeployOptions = {}): string {
    const dep = d();
    if (opts.executeAs) dep.executeAs = opts.executeAs;
    if (opts.access) dep.access = opts.access;
    if (opts.deployer) dep.deployer = opts.deployer;
    dep.deploymentId = opts.deploymentId ?? dep.deploymentId ?? newId();
    return webAppUrl(dep) as string;
  }

  return {
    deploy,
    addDeployment(opts = {}) {
      if (!d().deploymentId) return deploy(opts);
      if (opts.deploymentId !== undefined && all().some((x) => x.deploymentId === opts.deploymentId)) {
        throw new Error(`local Workspace: a web app deployment with the id ${opts.deploymentId} exists already`);
      }
      const head = d();
      const dep: WebAppDeployment = {
        deploymentId: opts.deploymentId ?? newId(),
        executeAs: opts.executeAs ?? head.executeAs,
        access: opts.access ?? head.access,
        deployer: opts.deployer ?? head.deployer,
      };
      config.moreWebApps.push(dep);
      return webAppUrl(dep) as string;
    },
    deployments: () =>
      all().map((x, i) => ({
        deploymentId: x.deploymentId as string,
        url: webAppUrl(x) as string,
        executeAs: x.executeAs,
        access: x.access,
        deployer: x.deployer,
        head: i === 0,
      })),
    url: () => webAppUrl(d()),
    get: (u, o = {}) => sync(run('doGet', u, null, o.as ?? '')),
    post: (u, body, o = {}) => sync(run('doPost', u, postBody(body, o.contentType), o.as ?? '')),
    head: (u, o = {}) => headOf(sync(run('doGet', u, null, o.as ?? ''))),
    async request(method, u, o = {}) {
      if (method === 'POST') return run('doPost', u, postBody(o.body ?? '', o.contentType), o.as ?? '');
      const r = await run('doGet', u, null, o.as ?? '');
      return method === 'HEAD' ? headOf(r) : r;
    },
  };
}
