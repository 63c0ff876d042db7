/** Small byte helpers for Apps Script's signed byte arrays (values −128..127). */

/** UTF-8 decode a byte array (signed or unsigned values). Invalid sequences become U+FFFD; never throws. */
export function utf8Decode(bytes: ArrayLike<number>): string {
  let out = '';
  let i = 0;
  const n = bytes.length;
  const at = (k: number): number => (bytes[k] ?? 0) & 0xff;
  while (i < n) {
    const b = at(i);
    let cp = 0xfffd;
    let len = 1;
    if (b < 0x80) cp = b;
    else if (b >= 0xc2 && b < 0xe0) len = 2;
    else if (b >= 0xe0 && b < 0xf0) len = 3;
    else if (b >= 0xf0 && b < 0xf5) len = 4;
    if (len > 1) {
      if (i + len > n) {
        cp = 0xfffd;
        len = 1;
      } else {
        cp = b & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
        for (let k = 1; k < len; k++) {
          const c = at(i + k);
          if ((c & 0xc0) !== 0x80) {
            cp = -1;
            break;
          }
          cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < 0 || (len === 3 && cp < 0x800) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) {
          cp = 0xfffd;
          len = 1;
        }
      }
    }
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

/**
 * Compare two strings in time that depends only on their lengths, not on where they first differ,
 * so a signature cannot be guessed byte by byte from response times.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const len = Math.max(a.length, b.length);
  for (let i = 0; i < len; i++) {
    diff |= (i < a.length ? a.charCodeAt(i) : 0) ^ (i < b.length ? b.charCodeAt(i) : 0);
  }
  return diff === 0;
}

/** Base64 without padding ('=' must be percent-encoded in URLs; we drop it and restore it on decode). */
export function stripPadding(b64: string): string {
  return b64.replace(/=+$/, '');
}

export function restorePadding(b64: string): string {
  const rem = b64.length % 4;
  return rem === 0 ? b64 : b64 + '='.repeat(4 - rem);
}
