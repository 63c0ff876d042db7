/**
 * A unit that fails: what it staged in the script properties goes with it when nothing reached the sheet (a tail
 * hint or a sequence that counts rows never written), and is written when its body had already written (the
 * properties then describe rows that exist).
 */
import { runUnit } from '../../../../src/gas/plane/unit';
import { governedSheet } from '../fixtures';
import { OWNER } from '../workspace';

describe('a failed unit and the properties it staged', () => {
  const KEY = 'handoff:test:staged';
  const stored = (t: ReturnType<typeof governedSheet>) =>
    t.ws.kernel.meter.unmetered(() => t.services.PropertiesService.getScriptProperties().getProperty(KEY));

  it('before its write: dropped, and what was staged before the unit stays staged', () => {
    const t = governedSheet();
    t.as(OWNER, () => {
      const ctx = t.ctx();
      ctx.props().set('handoff:test:earlier', 'kept');
      expect(() =>
        runUnit(ctx, { lock: true }, (u) => {
          u.props.set(KEY, 'never');
          throw new Error('the body refused');
        }),
      ).toThrow('the body refused');
      expect(ctx.props().get(KEY)).toBeNull();
      expect(ctx.props().get('handoff:test:earlier')).toBe('kept');
      ctx.props().flush();
    });
    expect(stored(t)).toBeNull();
  });

  it('after its write: written with it', () => {
    const t = governedSheet();
    t.as(OWNER, () => {
      const ctx = t.ctx();
      expect(() =>
        runUnit(ctx, { lock: true }, (u) => {
          u.changes.update('Directory', 20, ['late@acme.test', 'Late Person']);
          u.props.set(KEY, 'describes-the-write');
          u.write();
          throw new Error('after the write');
        }),
      ).toThrow('after the write');
    });
    expect(stored(t)).toBe('describes-the-write');
    expect(t.sheet.values('Directory')[19]?.[0]).toBe('late@acme.test');
  });
});
