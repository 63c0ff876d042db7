import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import { escapeHtml } from './escape';

type HO = GoogleAppsScript.HTML.HtmlOutput;

/** HtmlOutput: the page content and its settings (title, size, sandbox, X-Frame-Options, meta tags, favicon). */
export class LocalHtmlOutput implements Pick<HO, 'getContent' | 'getTitle' | 'getWidth' | 'getHeight' | 'getFaviconUrl'> {
  private content: string;
  private title = '';
  private width = 0;
  private height = 0;
  private favicon = '';
  sandboxMode = 'IFRAME';
  xFrameOptionsMode = 'DEFAULT';
  readonly metaTags: Array<{ name: string; content: string }> = [];

  constructor(
    private readonly kernel: Kernel,
    content: string,
    private readonly makeTemplate?: (html: string) => unknown,
  ) {
    this.content = content;
  }

  private m(method: string): HO {
    this.kernel.call('HtmlOutput', method);
    return this as unknown as HO;
  }

  getContent(): string {
    this.m('getContent');
    return this.content;
  }
  setContent(content: string): HO {
    const r = this.m('setContent');
    this.content = String(content ?? '');
    return r;
  }
  append(addedContent: string): HO {
    const r = this.m('append');
    this.content += String(addedContent ?? '');
    return r;
  }
  appendUntrusted(addedContent: string): HO {
    const r = this.m('appendUntrusted');
    this.content += escapeHtml(String(addedContent ?? ''));
    return r;
  }
  clear(): HO {
    const r = this.m('clear');
    this.content = '';
    return r;
  }
  getTitle(): string {
    this.m('getTitle');
    return this.title;
  }
  setTitle(title: string): HO {
    const r = this.m('setTitle');
    this.title = String(title ?? '');
    return r;
  }
  getWidth(): number {
    this.m('getWidth');
    return this.width;
  }
  setWidth(width: number): HO {
    const r = this.m('setWidth');
    this.width = Number(width);
    return r;
  }
  getHeight(): number {
    this.m('getHeight');
    return this.height;
  }
  setHeight(height: number): HO {
    const r = this.m('setHeight');
    this.height = Number(height);
    return r;
  }
  getFaviconUrl(): string {
    this.m('getFaviconUrl');
    return this.favicon;
  }
  setFaviconUrl(iconUrl: string): HO {
    const r = this.m('setFaviconUrl');
    if (!/^https:\/\//.test(String(iconUrl))) throw gasError('Invalid argument: iconUrl');
    this.favicon = String(iconUrl);
    return r;
  }
  setSandboxMode(mode: GoogleAppsScript.HTML.SandboxMode): HO {
    const r = this.m('setSandboxMode');
    this.sandboxMode = String(mode);
    return r;
  }
  setXFrameOptionsMode(mode: GoogleAppsScript.HTML.XFrameOptionsMode): HO {
    const r = this.m('setXFrameOptionsMode');
    this.xFrameOptionsMode = String(mode);
    return r;
  }
  addMetaTag(name: string, content: string): HO {
    const r = this.m('addMetaTag');
    const allowed = ['apple-mobile-web-app-capable', 'mobile-web-app-capable', 'viewport'];
    if (!allowed.includes(String(name))) throw gasError(`Invalid argument: name. Meta tag ${name} is not allowed.`);
    this.metaTags.push({ name: String(name), content: String(content) });
    return r;
  }
  getMetaTags(): GoogleAppsScript.HTML.HtmlOutputMetaTag[] {
    this.m('getMetaTags');
    return this.metaTags.map((t) => ({ getName: () => t.name, getContent: () => t.content }));
  }
  asTemplate(): GoogleAppsScript.HTML.HtmlTemplate {
    this.m('asTemplate');
    if (!this.makeTemplate) throw gasError('asTemplate is not available');
    return this.makeTemplate(this.content) as GoogleAppsScript.HTML.HtmlTemplate;
  }
}
