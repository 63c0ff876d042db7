/** Saving soon: changes close together are written once; a slow write makes the next wait longer, within a bound. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SAVE_DELAY_MS, SAVE_DELAY_MS, Saver } from '../../../src/local/server/saver';

describe('Saver', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'handoff-saver-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a burst of changes once, after the delay', async () => {
    let reads = 0;
    const saver = new Saver(dir, () => {
      reads++;
      return { seedLog: ['x'], workspace: { n: reads } };
    });
    for (let i = 0; i < 10; i++) saver.soon();
    expect(reads).toBe(0);
    await new Promise((r) => setTimeout(r, SAVE_DELAY_MS + 100));
    expect(reads).toBe(1);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toContain('"n":1');
  });

  it('waits ten times as long as the last write took, between SAVE_DELAY_MS and MAX_SAVE_DELAY_MS', () => {
    const saver = new Saver(dir, () => ({ seedLog: [], workspace: {} }));
    expect(saver.delay()).toBe(SAVE_DELAY_MS);
    saver.lastWriteMs = 400;
    expect(saver.delay()).toBe(4_000);
    saver.lastWriteMs = 5_000;
    expect(saver.delay()).toBe(MAX_SAVE_DELAY_MS);
    saver.flush();
    expect(saver.lastWriteMs).toBeLessThan(400);
    expect(saver.delay()).toBe(SAVE_DELAY_MS);
  });

  it('holds a save while the server is busy (the clock moving), and writes it once it is not', async () => {
    let busy = true;
    let reads = 0;
    const saver = new Saver(
      dir,
      () => {
        reads++;
        return { seedLog: [], workspace: { n: reads } };
      },
      undefined,
      () => busy,
    );
    saver.soon();
    await new Promise((r) => setTimeout(r, SAVE_DELAY_MS * 3));
    expect(reads).toBe(0);
    busy = false;
    await new Promise((r) => setTimeout(r, SAVE_DELAY_MS * 2));
    await saver.settled();
    expect(reads).toBe(1);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toContain('"n":1');
  });

  it('a flush after a pending write leaves the newer state in the file', async () => {
    let n = 0;
    const saver = new Saver(dir, () => ({ seedLog: [], workspace: { n: ++n } }));
    saver.soon();
    await new Promise((r) => setTimeout(r, SAVE_DELAY_MS + 20));
    saver.flush();
    await saver.settled();
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).workspace.n).toBe(n);
  });
});
