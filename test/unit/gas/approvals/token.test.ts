import { signToken, verifyToken, DEFAULT_LINK_TTL_DAYS, type TokenClaims } from '../../../../src/gas/approvals/token';
import { ensureKey, rotateKey, readKeyRing, KEYS_PROPERTY } from '../../../../src/gas/approvals/keys';
import { constantTimeEqual, utf8Decode } from '../../../../src/gas/approvals/bytes';
import { fakeTokenServices } from './fake-services';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);
const base = { requestId: 'PR-000123', stepId: 'manager', round: 0, approver: 'Ann@Acme.test', action: 'approve' as const, now: NOW };

function setup() {
  const { services, props } = fakeTokenServices();
  return { s: services, props };
}

/** Re-sign a payload with the real key: the only way to forge is to know the key. */
function editPayload(token: string, edit: (p: unknown[]) => void): string {
  const [body, sig] = token.split('.') as [string, string];
  const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
  edit(p);
  return Buffer.from(JSON.stringify(p), 'utf8').toString('base64url') + '.' + sig;
}

describe('approval link tokens', () => {
  it('round-trips: the claims come back, approver lower-cased, expiry 14 days', () => {
    const { s } = setup();
    const t = signToken(s, base);
    expect(t).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const r = verifyToken(s, t, NOW + 1000);
    expect(r.ok).toBe(true);
    const c = (r as { claims: TokenClaims }).claims;
    expect(c).toMatchObject({
      requestId: 'PR-000123',
      stepId: 'manager',
      round: 0,
      approver: 'ann@acme.test',
      recipient: 'ann@acme.test',
      action: 'approve',
    });
    expect(c.expiresAt).toBe(Math.floor((NOW + DEFAULT_LINK_TTL_DAYS * 86400000) / 1000) * 1000);
  });

  it('each link gets its own nonce', () => {
    const { s } = setup();
    expect(signToken(s, base)).not.toBe(signToken(s, base));
  });

  it('creates one key at first use and keeps it in script properties with an id', () => {
    const { s, props } = setup();
    signToken(s, base);
    const ring = readKeyRing(s);
    expect(ring.current).toMatch(/^k/);
    expect(ring.keys[ring.current!]!.secret.length).toBeGreaterThanOrEqual(32);
    expect(props.store.has(KEYS_PROPERTY)).toBe(true);
    signToken(s, base);
    expect(readKeyRing(s).current).toBe(ring.current);
  });

  it.each([
    ['request id', (p: unknown[]) => (p[2] = 'PR-000124')],
    ['step', (p: unknown[]) => (p[3] = 'finance')],
    ['round', (p: unknown[]) => (p[4] = 1)],
    ['approver', (p: unknown[]) => (p[5] = 'mallory@evil.test')],
    ['action', (p: unknown[]) => (p[7] = 'r')],
    ['expiry', (p: unknown[]) => (p[8] = (p[8] as number) + 86400 * 365)],
  ])('a changed %s is refused as bad_signature', (_name, edit) => {
    const { s } = setup();
    const t = editPayload(signToken(s, base), edit);
    const r = verifyToken(s, t, NOW);
    expect(r).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('a signature from another key (forged) is refused', () => {
    const a = setup();
    const b = setup();
    signToken(b.s, base);
    const forged = signToken(a.s, base);
    // same key id in both rings is impossible, so graft a's signature onto a payload naming b's key
    const bKey = readKeyRing(b.s).current!;
    const t = editPayload(forged, (p) => (p[1] = bKey));
    expect(verifyToken(b.s, t, NOW)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(b.s, forged, NOW)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('expires after the TTL (configurable)', () => {
    const { s } = setup();
    const t = signToken(s, { ...base, ttlDays: 2 });
    expect(verifyToken(s, t, NOW + 2 * 86400000 - 1000).ok).toBe(true);
    const r = verifyToken(s, t, NOW + 2 * 86400000 + 1000);
    expect(r).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('rotation invalidates old links with the rotated message; new links work', () => {
    const { s } = setup();
    const old = signToken(s, base);
    const { previous, current } = rotateKey(s, NOW + 5);
    expect(previous).not.toBe(current);
    const r = verifyToken(s, old, NOW + 10);
    expect(r).toMatchObject({ ok: false, reason: 'rotated' });
    expect((r as { message: string }).message).toMatch(/signed with a key that has been rotated/);
    expect(verifyToken(s, signToken(s, base), NOW + 10).ok).toBe(true);
  });

  it('never throws on garbage; says what is wrong', () => {
    const { s } = setup();
    signToken(s, base);
    const junk: unknown[] = [
      undefined,
      null,
      42,
      {},
      '',
      '   ',
      'abc',
      'a.b',
      '....',
      '%%%.%%%',
      'x'.repeat(5000),
      'eyJ9.' + 'A'.repeat(43),
      Buffer.from('["h1"]').toString('base64url') + '.' + 'A'.repeat(43),
    ];
    for (const j of junk) {
      const r = verifyToken(s, j, NOW);
      expect(r.ok).toBe(false);
      expect(['missing', 'malformed']).toContain((r as { reason: string }).reason);
    }
    const t = signToken(s, base);
    expect(verifyToken(s, t.slice(0, -1), NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyToken(s, t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A'), NOW)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('before set-up, a token reads as "not set up" and verification writes nothing', () => {
    const { s, props } = setup();
    const other = setup();
    const t = signToken(other.s, base);
    expect(verifyToken(s, t, NOW)).toMatchObject({ ok: false, reason: 'not_set_up' });
    expect(props.writes()).toBe(0);
  });

  it('verification never writes properties', () => {
    const { s, props } = setup();
    const t = signToken(s, base);
    const before = props.writes();
    for (let i = 0; i < 20; i++) verifyToken(s, t, NOW);
    verifyToken(s, 'junk', NOW);
    expect(props.writes()).toBe(before);
  });

  it('ensureKey is idempotent', () => {
    const { s } = setup();
    const a = ensureKey(s, NOW);
    expect(ensureKey(s, NOW + 1).id).toBe(a.id);
  });
});

describe('byte helpers', () => {
  it('constantTimeEqual', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'ab')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
  it('utf8Decode handles signed bytes and bad input', () => {
    const bytes = Array.from(Buffer.from('é€😀a', 'utf8'), (b) => (b > 127 ? b - 256 : b));
    expect(utf8Decode(bytes)).toBe('é€😀a');
    expect(utf8Decode([-1, 65])).toBe('\ufffdA');
    expect(utf8Decode([-30, -126])).toBe('\ufffd\ufffd');
  });
});
