import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import { makeEnum } from '../script/enums';

export const MimeType = makeEnum<typeof GoogleAppsScript.Content.MimeType>([
  'ATOM',
  'CSV',
  'ICAL',
  'JAVASCRIPT',
  'JSON',
  'RSS',
  'TEXT',
  'VCARD',
  'XML',
]);

/** The HTTP Content-Type each ContentService.MimeType is served with. */
export const CONTENT_TYPES: Record<string, string> = {
  ATOM: 'application/atom+xml',
  CSV: 'text/csv',
  ICAL: 'text/calendar',
  JAVASCRIPT: 'application/javascript',
  JSON: 'application/json',
  RSS: 'application/rss+xml',
  TEXT: 'text/plain',
  VCARD: 'text/vcard',
  XML: 'application/xml',
};

type TO = GoogleAppsScript.Content.TextOutput;

export class LocalTextOutput implements Pick<TO, 'getContent' | 'getFileName'> {
  private content: string;
  private mime = 'TEXT';
  private fileName: string | null = null;

  constructor(
    private readonly kernel: Kernel,
    content: string,
  ) {
    this.content = content;
  }

  private m(method: string): TO {
    this.kernel.call('TextOutput', method);
    return this as unknown as TO;
  }

  getContent(): string {
    this.m('getContent');
    return this.content;
  }
  setContent(content: string): TO {
    const r = this.m('setContent');
    this.content = String(content ?? '');
    return r;
  }
  append(addedContent: string): TO {
    const r = this.m('append');
    this.content += String(addedContent ?? '');
    return r;
  }
  clear(): TO {
    const r = this.m('clear');
    this.content = '';
    return r;
  }
  getMimeType(): GoogleAppsScript.Content.MimeType {
    this.m('getMimeType');
    return this.mime as unknown as GoogleAppsScript.Content.MimeType;
  }
  setMimeType(mimeType: GoogleAppsScript.Content.MimeType): TO {
    const r = this.m('setMimeType');
    if (!(String(mimeType) in CONTENT_TYPES)) throw gasError('Invalid argument: mimeType');
    this.mime = String(mimeType);
    return r;
  }
  /** Served as an attachment with this file name. */
  downloadAsFile(filename: string): TO {
    const r = this.m('downloadAsFile');
    this.fileName = String(filename);
    return r;
  }
  getFileName(): string {
    this.m('getFileName');
    return this.fileName as string;
  }

  /** For the web app: the HTTP content type and disposition, unmetered. */
  response(): { content: string; mimeType: string; contentType: string; fileName: string | null } {
    return { content: this.content, mimeType: this.mime, contentType: CONTENT_TYPES[this.mime] ?? 'text/plain', fileName: this.fileName };
  }
}

export class LocalContentService implements Pick<GoogleAppsScript.Content.ContentService, 'MimeType'> {
  readonly MimeType = MimeType;
  constructor(private readonly kernel: Kernel) {}

  createTextOutput(content?: string): TO {
    this.kernel.call('ContentService', 'createTextOutput');
    return new LocalTextOutput(this.kernel, content === undefined ? '' : String(content)) as unknown as TO;
  }
}

export function createContentService(kernel: Kernel): { ContentService: LocalContentService } {
  return { ContentService: new LocalContentService(kernel) };
}
