import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, chainEvents, GENESIS_HASH, sha256Hex, verifyChain, type AuditEvent } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { create, ok, act, publish } from './helpers';

describe('sha256 (FIPS 180-4 test vectors)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
    ['The quick brown fox jumps over the lazy dog', 'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592'],
  ])('sha256(%j)', (input, hex) => {
    expect(sha256Hex(input)).toBe(hex);
  });
  it('hashes a million "a"s', () => {
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
  it('matches node:crypto on random strings, including non-ASCII and every length around block edges', () => {
    for (let n = 0; n <= 130; n++) expect(sha256Hex('x'.repeat(n))).toBe(createHash('sha256').update('x'.repeat(n)).digest('hex'));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        // Lone surrogates: both encode them as U+FFFD.
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('audit hash chain', () => {
  const v = publish(purchaseApproval);
  const c = create(v, { item: 'Laptop', amount: 9000, costCenter: 'Sales', justification: 'x' });
  const a = ok(act(v, c.request, 'max@example.com', { type: 'approve' }));
  const b = ok(act(v, a.request, 'fay@example.com', { type: 'reject', comment: 'no' }));
  const events: AuditEvent[] = [...c.events, ...a.events, ...b.events];

  it('events name actor, time, action, from/to state, and the revision', () => {
    expect(events.map((e) => [e.action, e.revision, e.fromState, e.toState])).toEqual([
      ['create', 1, null, 'approval'],
      ['approve', 2, 'approval', 'approval'],
      ['step_completed', 2, 'approval', 'approval'],
      ['reject', 3, 'approval', 'approval'],
      ['chain_rejected', 3, 'approval', 'rejected'],
    ]);
    expect(events[3]).toMatchObject({ actor: 'fay@example.com', comment: 'no', method: 'session', onBehalfOf: null });
  });

  it('verifies an intact chain and can be extended', () => {
    const first = chainEvents(GENESIS_HASH, events.slice(0, 2));
    const rest = chainEvents(first[first.length - 1]!.hash, events.slice(2));
    expect(verifyChain([...first, ...rest])).toEqual({ ok: true, count: 5 });
    expect(first[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rest[0]!.prevHash).toBe(first[1]!.hash);
  });

  it('names the first altered, removed or re-ordered row', () => {
    const rows = chainEvents(GENESIS_HASH, events);
    const altered = rows.map((r) => ({ ...r }));
    altered[3] = { ...altered[3]!, event: { ...altered[3]!.event, comment: 'yes' } };
    expect(verifyChain(altered)).toMatchObject({ ok: false, index: 3, reason: expect.stringMatching(/altered/) });
    const removed = [...rows.slice(0, 2), ...rows.slice(3)];
    expect(verifyChain(removed)).toMatchObject({ ok: false, index: 2, reason: expect.stringMatching(/removed, inserted or re-ordered/) });
    const swapped = [rows[0]!, rows[2]!, rows[1]!, rows[3]!, rows[4]!];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, index: 1 });
    const rehashedButBroken = rows.map((r) => ({ ...r }));
    rehashedButBroken[1] = { ...rehashedButBroken[1]!, event: { ...rehashedButBroken[1]!.event, actor: 'mallory@example.com' } };
    rehashedButBroken[1]!.hash = chainEvents(rows[0]!.hash, [rehashedButBroken[1]!.event])[0]!.hash;
    expect(verifyChain(rehashedButBroken)).toMatchObject({ ok: false, index: 2 });
  });
});
