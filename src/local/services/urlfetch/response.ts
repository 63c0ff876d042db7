/** The HTTPResponse a fetch returns. */
import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import type { Kernel } from '../../kernel/kernel';
import { LocalBlob } from '../utilities';

type GResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;

const signed = (b: Buffer): number[] => Array.from(b, (x) => (x > 127 ? x - 256 : x));

export class LocalHttpResponse
  implements
    Implements<GResponse, 'getResponseCode' | 'getContentText' | 'getContent' | 'getHeaders' | 'getAllHeaders' | 'getBlob' | 'getAs'>
{
  constructor(
    private readonly kernel: Kernel,
    readonly code: number,
    readonly body: Buffer,
    readonly headers: Record<string, string>,
  ) {}
  private call(m: string): void {
    this.kernel.call('HTTPResponse', m);
  }
  getResponseCode(): number {
    this.call('getResponseCode');
    return this.code;
  }
  getContentText(charset?: string): string {
    this.call('getContentText');
    return this.body.toString(charset && /^(us-ascii|iso-8859-1|latin1)$/i.test(charset) ? 'latin1' : 'utf8');
  }
  getContent(): number[] {
    this.call('getContent');
    return signed(this.body);
  }
  getHeaders(): Record<string, string> {
    this.call('getHeaders');
    return { ...this.headers };
  }
  getAllHeaders(): Record<string, string> {
    this.call('getAllHeaders');
    return { ...this.headers };
  }
  private contentType(): string {
    return (this.headers['Content-Type'] ?? 'application/octet-stream').split(';')[0]!.trim();
  }
  getBlob(): LocalBlob {
    this.call('getBlob');
    return new LocalBlob(this.kernel, this.body, this.contentType(), null);
  }
  /** Only the response's own type: conversions (e.g. HTML to PDF) are not implemented. */
  getAs(contentType: string): LocalBlob {
    this.call('getAs');
    const want = String(contentType).toLowerCase();
    if (want !== this.contentType().toLowerCase())
      throw gasError(`Converting from ${this.contentType()} to ${contentType} is not supported.`);
    return new LocalBlob(this.kernel, this.body, this.contentType(), null);
  }
  toString(): string {
    return 'HTTPResponse';
  }
}
