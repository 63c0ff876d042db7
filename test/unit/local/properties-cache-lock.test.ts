import { createHmac } from 'node:crypto';
import { createWorkspace } from '../../../src/local/workspace';
import { MESSAGES } from '../../../src/local/kernel/errors';
import { earlyDropFromEnv } from '../../../src/local/services/cache';

const ws0 = () => createWorkspace({ owner: 'owner@acme.test', timeZone: 'Europe/Berlin' });

describe('PropertiesService', () => {
  test('script, user and document stores are separate; values are strings', () => {
    const ws = ws0();
    const P = ws.globals.PropertiesService;
    P.getScriptProperties().setProperty('n', 5 as unknown as string);
    expect(P.getScriptProperties().getProperty('n')).toBe('5');
    expect(P.getScriptProperties().getProperty('missing')).toBeNull();
    ws.kernel.executions.run({ activeUser: 'bea@acme.test' }, () => P.getUserProperties().setProperty('k', 'bea'));
    ws.kernel.executions.run({ activeUser: 'cal@acme.test' }, () => expect(P.getUserProperties().getProperty('k')).toBeNull());
    expect(P.getDocumentProperties()).toBeNull();
    ws.sheets.create('Bound', { bind: true });
    P.getDocumentProperties()!.setProperties({ a: '1', b: '2' });
    expect(P.getDocumentProperties()!.getKeys().sort()).toEqual(['a', 'b']);
    P.getDocumentProperties()!.setProperties({ c: '3' }, true);
    expect(P.getDocumentProperties()!.getProperties()).toEqual({ c: '3' });
    P.getDocumentProperties()!.deleteProperty('c');
    expect(P.getDocumentProperties()!.getProperties()).toEqual({});
  });

  test("9 KB per value and 500 KB per store, with Apps Script's errors", () => {
    const P = ws0().globals.PropertiesService.getScriptProperties();
    P.setProperty('ok', 'x'.repeat(9 * 1024));
    expect(() => P.setProperty('big', 'x'.repeat(9 * 1024 + 1))).toThrow(MESSAGES.propertyTooLarge);
    expect(() => P.setProperty('big', 'é'.repeat(5000))).toThrow(MESSAGES.propertyTooLarge); // 10,000 bytes in UTF-8
    for (let i = 0; i < 55; i++) P.setProperty('k' + i, 'x'.repeat(9000)); // 9,216 + 55 x 9,002 bytes
    expect(() => P.setProperty('k99', 'x'.repeat(9000))).toThrow(MESSAGES.propertyStoreFull);
    expect(P.getProperty('k99')).toBeNull();
  });

  test('metered as Properties.* calls', () => {
    const ws = ws0();
    const p = ws.globals.PropertiesService.getScriptProperties();
    expect(
      ws.kernel.measure(() => {
        p.setProperty('a', '1');
        p.getProperty('a');
      }).cost.calls,
    ).toEqual({ 'Properties.getProperty': 1, 'Properties.setProperty': 1 });
  });
});

describe('CacheService', () => {
  test('default expiry 600 s on the SimClock; explicit expiry capped at 21600 s', () => {
    const ws = ws0();
    const c = ws.globals.CacheService.getScriptCache();
    c.put('a', '1');
    c.put('b', '2', 30);
    c.put('c', '3', 100000);
    ws.kernel.clock.advance(29_999);
    expect(c.getAll(['a', 'b', 'c', 'zz'])).toEqual({ a: '1', b: '2', c: '3' });
    ws.kernel.clock.advance(1);
    expect(c.get('b')).toBeNull();
    ws.kernel.clock.advance(570_000);
    expect(c.get('a')).toBeNull();
    ws.kernel.clock.advance(21600_000 - 600_000 - 1);
    expect(c.get('c')).toBe('3');
    ws.kernel.clock.advance(1);
    expect(c.get('c')).toBeNull();
  });

  test('250-character keys and 100 KB values', () => {
    const c = ws0().globals.CacheService.getScriptCache();
    c.put('k'.repeat(250), 'v');
    expect(() => c.put('k'.repeat(251), 'v')).toThrow('Argument too large: key');
    expect(() => c.get('k'.repeat(251))).toThrow('Argument too large: key');
    c.put('v', 'x'.repeat(100 * 1024));
    expect(() => c.put('v2', 'x'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
    expect(() => c.putAll({ a: '1', b: 'x'.repeat(100 * 1024 + 1) })).toThrow('Argument too large: value');
    expect(c.get('a')).toBeNull();
  });

  // Cache.put: "The cap for cached items is 1,000. If more than 1,000 items are written, the cache stores the 900
  // items farthest from expiration."
  test('at most 1,000 items: past the cap the 900 farthest from expiration are kept', () => {
    const c = ws0().globals.CacheService.getScriptCache();
    // 500 long-lived items written first, then 501 short-lived ones: the short-lived, not the oldest, go.
    for (let i = 0; i < 500; i++) c.put('long' + i, String(i), 21600);
    for (let i = 0; i < 501; i++) c.put('short' + i, String(i), 60 + i);
    const all = c.getAll([...Array.from({ length: 500 }, (_, i) => 'long' + i), ...Array.from({ length: 501 }, (_, i) => 'short' + i)]);
    expect(Object.keys(all)).toHaveLength(900);
    expect(c.get('long0')).toBe('0');
    expect(c.get('short0')).toBeNull(); // nearest to expiring
    expect(c.get('short100')).toBeNull();
    expect(c.get('short101')).toBe('101');
    expect(c.get('short500')).toBe('500');
  });

  test('with equal expiries the newest are kept; expired items are dropped before live ones', () => {
    const ws = ws0();
    const c = ws.globals.CacheService.getScriptCache();
    for (let i = 0; i < 1001; i++) c.put('k' + i, String(i));
    expect(c.get('k100')).toBeNull();
    expect(c.get('k101')).toBe('101');
    expect(c.get('k1000')).toBe('1000');
    const d = ws.globals.CacheService.getUserCache();
    for (let i = 0; i < 999; i++) d.put('old' + i, 'x', 1);
    ws.kernel.clock.advance(2000);
    d.put('a', '1');
    d.put('b', '2'); // 1,001 items, 999 of them expired: only those go
    expect(d.getAll(['a', 'b'])).toEqual({ a: '1', b: '2' });
  });

  test('early drop (seeded): reads may find a live item gone, the same way for the same seed', () => {
    const reads = (seed: number) => {
      const ws = ws0();
      ws.caches.setEarlyDrop({ seed, probability: 0.5 });
      const c = ws.globals.CacheService.getScriptCache();
      const out: Array<string | null> = [];
      for (let i = 0; i < 40; i++) {
        c.put('k', String(i));
        out.push(c.get('k'));
      }
      return { out, dropped: ws.caches.droppedEarly };
    };
    const a = reads(7);
    expect(a.out.filter((v) => v === null).length).toBe(a.dropped);
    expect(a.dropped).toBeGreaterThan(5);
    expect(a.dropped).toBeLessThan(35);
    expect(reads(7)).toEqual(a);
    expect(reads(8).out).not.toEqual(a.out);
  });

  test('HANDOFF_LOCAL_CACHE_DROP selects the mode: "seed" or "seed:probability"', () => {
    expect(earlyDropFromEnv(undefined)).toBeNull();
    expect(earlyDropFromEnv('3')).toEqual({ seed: 3 });
    expect(earlyDropFromEnv('3:0.5')).toEqual({ seed: 3, probability: 0.5 });
    expect(() => earlyDropFromEnv('x')).toThrow('HANDOFF_LOCAL_CACHE_DROP must be "seed" or "seed:probability" (0 to 1), got "x"');
  });

  test('user caches are per user; remove/removeAll', () => {
    const ws = ws0();
    const C = ws.globals.CacheService;
    ws.kernel.executions.run({ activeUser: 'bea@acme.test' }, () => C.getUserCache().put('x', 'bea'));
    ws.kernel.executions.run({ activeUser: 'cal@acme.test' }, () => expect(C.getUserCache().get('x')).toBeNull());
    const s = C.getScriptCache();
    s.putAll({ a: '1', b: '2', c: '3' });
    s.remove('a');
    s.removeAll(['b']);
    expect(s.getAll(['a', 'b', 'c'])).toEqual({ c: '3' });
    expect(C.getDocumentCache()).toBeNull();
  });
});

describe('LockService (single thread)', () => {
  test('tryLock/hasLock/releaseLock; the lock is released when the execution ends', () => {
    const ws = ws0();
    const L = ws.globals.LockService;
    ws.kernel.executions.run({ activeUser: 'a@acme.test' }, () => {
      const lock = L.getScriptLock();
      expect(lock.hasLock()).toBe(false);
      expect(lock.tryLock(1000)).toBe(true);
      expect(lock.hasLock()).toBe(true);
      expect(ws.locks.holders.size).toBe(1);
    });
    expect(ws.locks.holders.size).toBe(0);
    ws.kernel.executions.run({ activeUser: 'a@acme.test' }, () => {
      const lock = L.getScriptLock();
      lock.waitLock(1000);
      lock.releaseLock();
      expect(lock.hasLock()).toBe(false);
    });
  });

  test('holdScriptLock makes the lock-timeout path deterministic; user and document locks are separate', () => {
    const ws = ws0();
    const L = ws.globals.LockService;
    const held = ws.locks.holdScriptLock();
    ws.kernel.executions.run({ activeUser: 'a@acme.test' }, () => {
      expect(L.getScriptLock().tryLock(5000)).toBe(false);
      expect(() => L.getScriptLock().waitLock(5000)).toThrow('Lock timeout: another process was holding the lock for too long.');
      expect(L.getUserLock().tryLock(0)).toBe(true);
      expect(L.getDocumentLock()).toBeNull();
    });
    held.release();
    ws.kernel.executions.run({ activeUser: 'a@acme.test' }, () => expect(L.getScriptLock().tryLock(0)).toBe(true));
    const id = ws.sheets.create('Doc', { bind: true });
    const doc = ws.locks.holdDocumentLock(id);
    ws.kernel.executions.run({ activeUser: 'a@acme.test' }, () => expect(L.getDocumentLock()!.tryLock(0)).toBe(false));
    doc.release();
  });

  test('waiting counts against the 6-minute execution limit', () => {
    const ws = ws0();
    ws.locks.holdScriptLock();
    // The execution is stopped at its limit: it fails even though the code caught the errors and returned.
    expect(() =>
      ws.kernel.executions.run({ activeUser: 'a@acme.test' }, () => {
        expect(() => ws.globals.LockService.getScriptLock().waitLock(6 * 60 * 1000 + 1)).toThrow('Lock timeout');
        expect(() => ws.globals.LockService.getScriptLock()).toThrow(MESSAGES.executionTime);
      }),
    ).toThrow(MESSAGES.executionTime);
  });
});

describe('Session', () => {
  test('active and effective users; outsiders and consumer accounts see a blank active user when run as the deployer', () => {
    const ws = ws0();
    const S = ws.globals.Session;
    ws.kernel.executions.run({ activeUser: 'bea@acme.test', effectiveUser: 'owner@acme.test', kind: 'web-app' }, () => {
      expect(S.getActiveUser().getEmail()).toBe('bea@acme.test');
      expect(S.getEffectiveUser().getEmail()).toBe('owner@acme.test');
    });
    ws.kernel.executions.run({ activeUser: 'eve@gmail.com', effectiveUser: 'owner@acme.test', kind: 'web-app' }, () => {
      expect(S.getActiveUser().getEmail()).toBe('');
    });
    ws.kernel.executions.run({ activeUser: '', effectiveUser: 'owner@acme.test', kind: 'web-app' }, () =>
      expect(S.getActiveUser().getEmail()).toBe(''),
    );
    const consumer = createWorkspace({ owner: 'me@gmail.com', accountType: 'consumer' });
    consumer.kernel.executions.run({ activeUser: 'you@gmail.com', effectiveUser: 'me@gmail.com', kind: 'web-app' }, () => {
      expect(consumer.globals.Session.getActiveUser().getEmail()).toBe('');
    });
    expect(S.getScriptTimeZone()).toBe('Europe/Berlin');
  });

  test('getTemporaryActiveUserKey is stable per user and differs between users', () => {
    const ws = ws0();
    const key = (u: string) => ws.kernel.executions.run({ activeUser: u }, () => ws.globals.Session.getTemporaryActiveUserKey());
    expect(key('a@acme.test')).toBe(key('a@acme.test'));
    expect(key('a@acme.test')).not.toBe(key('b@acme.test'));
  });
});

describe('Utilities', () => {
  const U = () => ws0().globals.Utilities;

  test('formatDate with SimpleDateFormat patterns and time zones', () => {
    const d = new Date(Date.UTC(2026, 0, 5, 9, 3, 7, 45));
    expect(U().formatDate(d, 'Europe/Berlin', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe('2026-01-05T10:03:07.045+01:00');
    expect(U().formatDate(d, 'America/New_York', 'EEE, d MMM yyyy hh:mm a Z')).toBe('Mon, 5 Jan 2026 04:03 AM -0500');
    expect(U().formatDate(d, 'GMT', "EEEE MMMM dd, yy 'at' H'h' X")).toBe('Monday January 05, 26 at 9h Z');
    expect(U().formatDate(new Date(Date.UTC(2026, 6, 1, 12)), 'Europe/Berlin', 'HH:mm z')).toBe('14:00 CEST'); // Java's short name
    expect(U().formatDate(d, 'GMT+5:30', 'HH:mm')).toBe('14:33');
    expect(U().formatDate(d, 'UTC', 'D k K')).toBe('5 9 9');
  });

  test('formatString', () => {
    expect(U().formatString('%s has %d items costing %.2f (%05d) %%', 'Ada', 3.9, 2.5, 42)).toBe('Ada has 3 items costing 2.50 (00042) %');
    expect(U().formatString('[%-5s][%5s]', 'ab', 'cd')).toBe('[ab   ][   cd]');
  });

  test('computeHmacSha256Signature returns signed bytes; web-safe base64 of them', () => {
    const u = U();
    const sig = u.computeHmacSha256Signature('message', 'key');
    const expected = Array.from(createHmac('sha256', 'key').update('message').digest(), (b) => (b > 127 ? b - 256 : b));
    expect(sig).toEqual(expected);
    expect(Math.min(...sig)).toBeLessThan(0);
    expect(sig.every((b) => b >= -128 && b <= 127)).toBe(true);
    expect(u.computeHmacSha256Signature(u.newBlob('message').getBytes(), u.newBlob('key').getBytes())).toEqual(expected);
    const b64 = createHmac('sha256', 'key').update('message').digest('base64');
    expect(u.base64Encode(sig)).toBe(b64);
    expect(u.base64EncodeWebSafe(sig)).toBe(b64.replace(/\+/g, '-').replace(/\//g, '_'));
    expect(u.base64DecodeWebSafe(u.base64EncodeWebSafe(sig))).toEqual(sig);
  });

  test('computeDigest, base64 of strings, decode errors', () => {
    const u = U();
    const md5 = u.computeDigest(u.DigestAlgorithm.MD5, 'abc');
    expect(Buffer.from(md5.map((b) => b & 255)).toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
    const sha = u.computeDigest(u.DigestAlgorithm.SHA_256, 'abc');
    expect(Buffer.from(sha.map((b) => b & 255)).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(u.base64Encode('héllo')).toBe('aMOpbGxv');
    expect(u.newBlob(u.base64Decode('aMOpbGxv')).getDataAsString()).toBe('héllo');
    expect(() => u.base64Decode('***')).toThrow('Could not decode string.');
  });

  test('getUuid, sleep advances simulated time, parseCsv, blobs', () => {
    const ws = ws0();
    const u = ws.globals.Utilities;
    expect(u.getUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const t = ws.kernel.clock.now();
    u.sleep(1500);
    expect(ws.kernel.clock.now() - t).toBe(1500);
    expect(u.parseCsv('a,"b,""c"""\n1,"x\ny"\r\n')).toEqual([
      ['a', 'b,"c"'],
      ['1', 'x\ny'],
    ]);
    expect(u.parseCsv('a;b', ';')).toEqual([['a', 'b']]);
    const blob = u.newBlob('hi', 'text/plain', 'a.txt');
    expect([blob.getName(), blob.getContentType(), blob.getBytes()]).toEqual(['a.txt', 'text/plain', [104, 105]]);
  });
});

describe('console and Logger', () => {
  test("recorded per execution; Logger.getLog returns this execution's lines", () => {
    const ws = ws0();
    const { Logger, console: c } = ws.globals;
    const log = ws.kernel.executions.run({ activeUser: 'a@acme.test' }, (e) => {
      c.log('hello', { a: 1 });
      c.error('bad %s', 'thing');
      Logger.log('n=%s', 3);
      Logger.log({ x: [1] });
      return { id: e.id, text: Logger.getLog() };
    });
    expect(log.text).toBe('n=3\n{"x":[1]}\n');
    expect(ws.logs.forExecution(log.id).map((e) => [e.level, e.message])).toEqual([
      ['log', 'hello {"a":1}'],
      ['error', 'bad thing'],
      ['Logger', 'n=3'],
      ['Logger', '{"x":[1]}'],
    ]);
    ws.kernel.executions.run({ activeUser: 'a@acme.test' }, () => expect(Logger.getLog()).toBe(''));
  });
});
