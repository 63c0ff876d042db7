import type * as vm from 'node:vm';
import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import { makeEnum } from '../script/enums';
import { LocalHtmlOutput } from './output';
import { compileTemplate, runTemplate } from './template';

export const SandboxMode = makeEnum<typeof GoogleAppsScript.HTML.SandboxMode>(['EMULATED', 'IFRAME', 'NATIVE']);
export const XFrameOptionsMode = makeEnum<typeof GoogleAppsScript.HTML.XFrameOptionsMode>(['ALLOWALL', 'DEFAULT']);

/** Where HTML files come from (the built dist/ folder) and where scriptlets run (the loaded script's context). */
export interface HtmlEnv {
  kernel: Kernel;
  /** The text of an HTML file of the project, by name ('Index' or 'Index.html'), or undefined. */
  readFile(name: string): string | undefined;
  /** The vm context of the loaded script; scriptlets run in it so they see its globals. */
  scriptContext(): vm.Context;
}

/**
 * HtmlTemplate. Template variables are plain properties set on it (`t.request = r`); the internals are
 * private fields, so Object.keys(template) lists exactly the variables.
 */
export class LocalHtmlTemplate {
  readonly #env: HtmlEnv;
  readonly #raw: string;
  [name: string]: unknown;

  constructor(env: HtmlEnv, raw: string) {
    this.#env = env;
    this.#raw = raw;
  }

  evaluate(): GoogleAppsScript.HTML.HtmlOutput {
    this.#env.kernel.call('HtmlTemplate', 'evaluate');
    const vars: Record<string, unknown> = {};
    for (const k of Object.keys(this)) vars[k] = this[k];
    const html = runTemplate(compileTemplate(this.#raw), this.#env.scriptContext(), vars);
    return new LocalHtmlOutput(
      this.#env.kernel,
      html,
      (h) => new LocalHtmlTemplate(this.#env, h),
    ) as unknown as GoogleAppsScript.HTML.HtmlOutput;
  }

  getCode(): string {
    this.#env.kernel.call('HtmlTemplate', 'getCode');
    return compileTemplate(this.#raw);
  }

  getCodeWithComments(): string {
    this.#env.kernel.call('HtmlTemplate', 'getCodeWithComments');
    return compileTemplate(this.#raw);
  }

  getRawContent(): string {
    this.#env.kernel.call('HtmlTemplate', 'getRawContent');
    return this.#raw;
  }
}

function contentOf(x: unknown): string {
  if (x === undefined || x === null) return '';
  if (typeof x === 'string') return x;
  const b = x as { getDataAsString?: () => string; getBlob?: () => { getDataAsString(): string } };
  if (typeof b.getDataAsString === 'function') return b.getDataAsString();
  if (typeof b.getBlob === 'function') return b.getBlob().getDataAsString();
  return String(x);
}

/** The HtmlService global. */
export class LocalHtmlService implements Pick<GoogleAppsScript.HTML.HtmlService, 'getUserAgent'> {
  readonly SandboxMode = SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode;

  constructor(private readonly env: HtmlEnv) {}

  private m(method: string): void {
    this.env.kernel.call('HtmlService', method);
  }

  private file(name: string): string {
    const n = String(name);
    const text = this.env.readFile(n) ?? (n.endsWith('.html') ? undefined : this.env.readFile(n + '.html'));
    if (text === undefined) throw gasError(`No HTML file named ${n.replace(/\.html$/, '')} was found.`);
    return text;
  }

  private output(html: string): GoogleAppsScript.HTML.HtmlOutput {
    return new LocalHtmlOutput(
      this.env.kernel,
      html,
      (h) => new LocalHtmlTemplate(this.env, h),
    ) as unknown as GoogleAppsScript.HTML.HtmlOutput;
  }

  createHtmlOutput(html?: string | GoogleAppsScript.Base.BlobSource): GoogleAppsScript.HTML.HtmlOutput {
    this.m('createHtmlOutput');
    return this.output(contentOf(html));
  }

  createHtmlOutputFromFile(filename: string): GoogleAppsScript.HTML.HtmlOutput {
    this.m('createHtmlOutputFromFile');
    return this.output(this.file(filename));
  }

  createTemplate(html: string | GoogleAppsScript.Base.BlobSource): GoogleAppsScript.HTML.HtmlTemplate {
    this.m('createTemplate');
    return new LocalHtmlTemplate(this.env, contentOf(html)) as unknown as GoogleAppsScript.HTML.HtmlTemplate;
  }

  createTemplateFromFile(filename: string): GoogleAppsScript.HTML.HtmlTemplate {
    this.m('createTemplateFromFile');
    return new LocalHtmlTemplate(this.env, this.file(filename)) as unknown as GoogleAppsScript.HTML.HtmlTemplate;
  }

  getUserAgent(): string {
    this.m('getUserAgent');
    return 'Mozilla/5.0 (local Workspace)';
  }
}
