/** Utilities: dates, strings, digests/HMAC (signed bytes, as Apps Script's Java byte[]), base64, blobs, CSV, sleep. */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { gasError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';
import { formatJavaDate } from './datetime';
import { formatString } from './format';

export { formatString } from './format';
export { formatJavaDate, fieldsIn, instantOf, offsetMinutes } from './datetime';

export const DigestAlgorithm = {
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
} as const;
export const MacAlgorithm = {
  HMAC_MD5: 'HMAC_MD5',
  HMAC_SHA_1: 'HMAC_SHA_1',
  HMAC_SHA_256: 'HMAC_SHA_256',
  HMAC_SHA_384: 'HMAC_SHA_384',
  HMAC_SHA_512: 'HMAC_SHA_512',
} as const;
export const Charset = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as const;

const NODE_DIGEST: Record<string, string> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };

/** Java bytes: -128..127. */
export function toSignedBytes(buf: Uint8Array): number[] {
  return Array.from(buf, (b) => (b > 127 ? b - 256 : b));
}

/** A string (in the charset) or a byte[] (signed or unsigned) as raw bytes. */
export function toBuffer(value: unknown, charset?: unknown): Buffer {
  if (Array.isArray(value)) return Buffer.from(value.map((b) => Number(b) & 255));
  if (value instanceof Uint8Array) return Buffer.from(value);
  const s = value === null || value === undefined ? String(value) : String(value);
  return Buffer.from(s, String(charset ?? 'UTF_8') === 'US_ASCII' ? 'latin1' : 'utf8');
}

function decodeBase64(encoded: string, webSafe: boolean): Buffer {
  const s = String(encoded).replace(/\s+/g, '');
  const ok = webSafe ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!ok.test(s) || s.replace(/=+$/, '').length % 4 === 1) throw gasError('Could not decode string.');
  return Buffer.from(webSafe ? s.replace(/-/g, '+').replace(/_/g, '/') : s, 'base64');
}

type GBlob = GoogleAppsScript.Base.Blob;

export class LocalBlob
  implements
    Implements<
      GBlob,
      | 'getBytes'
      | 'getDataAsString'
      | 'getContentType'
      | 'setContentType'
      | 'getName'
      | 'setName'
      | 'setDataFromString'
      | 'setBytes'
      | 'copyBlob'
      | 'isGoogleType'
    >
{
  constructor(
    private readonly kernel: Kernel,
    private data: Buffer,
    private contentType: string | null,
    private name: string | null,
  ) {}
  private call(m: string): void {
    this.kernel.call('Blob', m);
  }
  getBytes(): number[] {
    this.call('getBytes');
    return toSignedBytes(this.data);
  }
  getDataAsString(charset?: string): string {
    this.call('getDataAsString');
    return this.data.toString(charset === 'US_ASCII' ? 'latin1' : 'utf8');
  }
  getContentType(): string | null {
    this.call('getContentType');
    return this.contentType;
  }
  setContentType(contentType: string | null): LocalBlob {
    this.call('setContentType');
    this.contentType = contentType;
    return this;
  }
  getName(): string | null {
    this.call('getName');
    return this.name;
  }
  setName(name: string): LocalBlob {
    this.call('setName');
    this.name = name;
    return this;
  }
  setDataFromString(string: string, charset?: string): LocalBlob {
    this.call('setDataFromString');
    this.data = toBuffer(string, charset);
    return this;
  }
  setBytes(data: number[]): LocalBlob {
    this.call('setBytes');
    this.data = toBuffer(data);
    return this;
  }
  copyBlob(): LocalBlob {
    this.call('copyBlob');
    return new LocalBlob(this.kernel, Buffer.from(this.data), this.contentType, this.name);
  }
  isGoogleType(): boolean {
    this.call('isGoogleType');
    return false;
  }
  toString(): string {
    return 'Blob';
  }
}

type GUtilities = GoogleAppsScript.Utilities.Utilities;
type Methods =
  | 'formatDate'
  | 'formatString'
  | 'computeDigest'
  | 'computeHmacSha256Signature'
  | 'computeHmacSignature'
  | 'base64Encode'
  | 'base64EncodeWebSafe'
  | 'base64Decode'
  | 'base64DecodeWebSafe'
  | 'newBlob'
  | 'getUuid'
  | 'sleep'
  | 'parseCsv'
  | 'jsonStringify'
  | 'jsonParse';

export const MAX_SLEEP_MS = 300000;

export class LocalUtilities implements Implements<GUtilities, Methods> {
  readonly DigestAlgorithm = DigestAlgorithm;
  readonly MacAlgorithm = MacAlgorithm;
  readonly Charset = Charset;

  constructor(private readonly kernel: Kernel) {}

  private call(m: string): void {
    this.kernel.call('Utilities', m);
  }

  formatDate(date: GoogleAppsScript.Base.Date | Date, timeZone: string, format: string): string {
    this.call('formatDate');
    if (!date || typeof (date as Date).getTime !== 'function')
      throw gasError(`The parameters (${typeof date},String,String) don't match the method signature for Utilities.formatDate.`);
    try {
      return formatJavaDate((date as Date).getTime(), String(timeZone), String(format));
    } catch (e) {
      throw gasError(`Invalid argument: ${(e as Error).message}`);
    }
  }

  formatString(template: string, ...args: unknown[]): string {
    this.call('formatString');
    return formatString(template, ...args);
  }

  computeDigest(algorithm: unknown, value: unknown, charset?: unknown): number[] {
    this.call('computeDigest');
    const alg = NODE_DIGEST[String(algorithm)];
    if (!alg) throw gasError(`Invalid argument: algorithm`);
    return toSignedBytes(createHash(alg).update(toBuffer(value, charset)).digest());
  }

  computeHmacSha256Signature(value: unknown, key: unknown, charset?: unknown): number[] {
    this.call('computeHmacSha256Signature');
    return toSignedBytes(createHmac('sha256', toBuffer(key, charset)).update(toBuffer(value, charset)).digest());
  }

  computeHmacSignature(algorithm: unknown, value: unknown, key: unknown, charset?: unknown): number[] {
    this.call('computeHmacSignature');
    const alg = NODE_DIGEST[String(algorithm).replace(/^HMAC_/, '')];
    if (!alg) throw gasError(`Invalid argument: algorithm`);
    return toSignedBytes(createHmac(alg, toBuffer(key, charset)).update(toBuffer(value, charset)).digest());
  }

  base64Encode(data: unknown, charset?: unknown): string {
    this.call('base64Encode');
    return toBuffer(data, charset).toString('base64');
  }

  /** URL- and filename-safe alphabet (- and _), padded with '=' as Apps Script does. */
  base64EncodeWebSafe(data: unknown, charset?: unknown): string {
    this.call('base64EncodeWebSafe');
    return toBuffer(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }

  base64Decode(encoded: string, charset?: unknown): number[] {
    this.call('base64Decode');
    void charset;
    return toSignedBytes(decodeBase64(encoded, false));
  }

  base64DecodeWebSafe(encoded: string, charset?: unknown): number[] {
    this.call('base64DecodeWebSafe');
    void charset;
    return toSignedBytes(decodeBase64(encoded, true));
  }

  newBlob(data: unknown, contentType?: string, name?: string): LocalBlob {
    this.call('newBlob');
    return new LocalBlob(this.kernel, toBuffer(data ?? ''), contentType ?? null, name ?? null);
  }

  getUuid(): string {
    this.call('getUuid');
    return randomUUID();
  }

  /** Advances simulated time (no real wait); the execution time limit still applies. */
  sleep(milliseconds: number): void {
    this.call('sleep');
    const ms = Number(milliseconds);
    if (!(ms >= 0) || ms > MAX_SLEEP_MS) throw gasError(`Invalid argument: milliseconds`);
    this.kernel.clock.drift(ms);
    this.kernel.executions.checkDeadline();
  }

  /** RFC 4180-ish: quoted fields with "" escapes and embedded newlines. */
  parseCsv(csv: string, delimiter?: string): string[][] {
    this.call('parseCsv');
    const d = delimiter ?? ',';
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    const s = String(csv);
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if (quoted) {
        if (ch === '"' && s[i + 1] === '"') {
          field += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"' && field === '') quoted = true;
      else if (ch === d) {
        row.push(field);
        field = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && s[i + 1] === '\n') i++;
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
      } else field += ch;
    }
    if (field !== '' || row.length) {
      row.push(field);
      rows.push(row);
    }
    return rows;
  }

  jsonStringify(obj: unknown): string {
    this.call('jsonStringify');
    return JSON.stringify(obj);
  }

  jsonParse(jsonString: string): unknown {
    this.call('jsonParse');
    return JSON.parse(jsonString);
  }

  toString(): string {
    return 'Utilities';
  }
}
