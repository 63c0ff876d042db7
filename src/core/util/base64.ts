/**
 * Web-safe base64 (RFC 4648 §5: '-' and '_' for '+' and '/') without '=' padding, in plain JavaScript: what
 * Utilities.base64EncodeWebSafe returns, padding stripped, for a byte array (signed values −128..127, as Apps Script
 * hands them, or unsigned) or for a string's UTF-8 bytes.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The UTF-8 bytes of a string (lone surrogates as U+FFFD, as Java's encoder does). */
export function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      } else cp = 0xfffd;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return out;
}

/** Web-safe base64 of bytes (or of a string's UTF-8 bytes), no padding. */
export function base64WebSafe(data: ArrayLike<number> | string): string {
  const bytes = typeof data === 'string' ? utf8Bytes(data) : data;
  const at = (k: number): number => (bytes[k] ?? 0) & 0xff;
  let out = '';
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += ALPHABET[(v >> 18) & 63]! + ALPHABET[(v >> 12) & 63]!;
    if (i + 1 < n) out += ALPHABET[(v >> 6) & 63]!;
    if (i + 2 < n) out += ALPHABET[v & 63]!;
  }
  return out;
}
