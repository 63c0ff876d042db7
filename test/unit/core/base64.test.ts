/** The plain-JavaScript web-safe base64 gives what Utilities.base64EncodeWebSafe gives (padding stripped). */
import { base64WebSafe, utf8Bytes } from '../../../src/core/util/base64';

const node = (b: Uint8Array | number[]) => Buffer.from(Uint8Array.from(b, (x) => x & 0xff)).toString('base64url');

test('bytes of every length 0..64, signed (as Apps Script hands them) or unsigned', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
  for (let n = 0; n <= 64; n++) {
    const unsigned = Array.from({ length: n }, rnd);
    const signed = unsigned.map((b) => (b > 127 ? b - 256 : b));
    expect(base64WebSafe(unsigned)).toBe(node(unsigned));
    expect(base64WebSafe(signed)).toBe(node(unsigned));
  }
  // '-' and '_' where standard base64 has '+' and '/'.
  expect(base64WebSafe([0xfb, 0xff, 0xbf])).toBe('-_-_');
});

test("a string is encoded as its UTF-8 bytes, as the local Workspace's and Java's encoders do", () => {
  for (const text of ['', 'a', 'ab', 'abc', '["h1","k1","PO-000001","manager",0,"max@acme.test"]', 'Zoë — 東京 🚀', 'x\u0000y']) {
    expect(base64WebSafe(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
    expect(utf8Bytes(text)).toEqual([...Buffer.from(text, 'utf8')]);
  }
  // A lone surrogate becomes U+FFFD (EF BF BD).
  expect(utf8Bytes('\ud800')).toEqual([0xef, 0xbf, 0xbd]);
});
