/** The browser tests skip outside CI when no Chromium is installed, and fail in CI; the browser is found, not hard-coded. */
import { delimiter } from 'node:path';
import { browserGate, findChromium, inCi } from '../support/browser-gate';

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('the browser tests gate', () => {
  it('reads CI as CI services set it', () => {
    expect([inCi({ CI: 'true' }), inCi({ CI: '1' }), inCi({ CI: 'woodpecker' })]).toEqual([true, true, true]);
    expect([inCi({}), inCi({ CI: '' }), inCi({ CI: 'false' }), inCi({ CI: '0' })]).toEqual([false, false, false, false]);
  });

  it('finds the browser: HANDOFF_CHROMIUM, then PATH, then the usual install paths', () => {
    const PATH = ['/opt/bin', '/usr/local/bin'].join(delimiter);
    expect(findChromium({ PATH }, only('/usr/local/bin/chromium', '/usr/bin/chromium'))).toBe('/usr/local/bin/chromium');
    expect(findChromium({ PATH }, only('/usr/bin/chromium-browser'))).toBe('/usr/bin/chromium-browser');
    expect(findChromium({ PATH, HANDOFF_CHROMIUM: '/x/chrome' }, only('/x/chrome', '/usr/bin/chromium'))).toBe('/x/chrome');
    expect(findChromium({ PATH, HANDOFF_CHROMIUM: '/x/chrome' }, only('/usr/bin/chromium'))).toBeNull();
    expect(findChromium({ PATH }, only())).toBeNull();
  });

  it('runs with a browser and a build; without a browser, skips outside CI and fails in CI', () => {
    expect(browserGate({ PATH: '' }, true, only('/usr/bin/chromium'))).toEqual({ run: true, chromium: '/usr/bin/chromium' });
    expect(browserGate({ PATH: '' }, true, only())).toMatchObject({ run: false, fail: false, why: expect.stringMatching(/no Chromium/) });
    expect(browserGate({ PATH: '', CI: 'true' }, true, only())).toMatchObject({ run: false, fail: true });
    expect(browserGate({ PATH: '', CI: '1' }, false, only('/usr/bin/chromium'))).toMatchObject({
      run: false,
      fail: true,
      why: expect.stringMatching(/npm run build/),
    });
    expect(browserGate({ PATH: '' }, false, only('/usr/bin/chromium'))).toMatchObject({ run: false, fail: false });
  });
});
