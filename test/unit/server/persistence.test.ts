/** Stopping and starting again loses nothing; --reset starts fresh; a damaged state file is a clear error. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Playground } from '../../../src/local/server/playground';
import { STATE_FILE } from '../../../src/local/server/state-file';
import { fakePlayground } from './helpers';

describe('playground state in the data folder', () => {
  it('a restart restores the spreadsheet, properties, triggers, mail, clock and web app URL', async () => {
    const fx = await fakePlayground();
    try {
      await fx.p.run('handoffPanelCount', [], 'rita@acme.test');
      await fx.p.run('handoffPanelCount', [], 'rita@acme.test');
      await fx.p.run('handoffPanelInstallTick', [], 'ada@acme.test');
      await fx.p.advance({ ms: '2h' });
      const url = fx.p.webAppUrl();
      const now = fx.p.now();

      await fx.p.close();
      const again = await Playground.open({ distDir: fx.dist, dataDir: fx.data, seed: false });
      expect(again.restored).toBe(true);
      expect(again.now()).toBe(now);
      expect(again.webAppUrl()).toBe(url);
      expect(again.people().map((p) => p.email)).toEqual(['ada@acme.test', 'rita@acme.test', 'max@acme.test']);
      expect(await again.run('handoffPanelCount', [], 'max@acme.test')).toBe(3);
      // The hourly trigger survived: one more hour, one more tick.
      expect((await again.advance({ ms: '1h' })).runs.map((r) => r.handler)).toEqual(['tick']);
      expect(again.ws.properties.toJSON().script?.ticks).toBe('3');
      await again.close();
    } finally {
      await fx.cleanup();
    }
  });

  it('reset deletes the saved state and starts fresh', async () => {
    const fx = await fakePlayground();
    try {
      await fx.p.run('handoffPanelCount', [], 'rita@acme.test');
      await fx.p.close();
      const fresh = await Playground.open({ distDir: fx.dist, dataDir: fx.data, seed: false, reset: true });
      expect(fresh.restored).toBe(false);
      expect(fresh.ws.properties.toJSON().script?.count).toBeUndefined();
      expect(fresh.tabs()).toEqual(['Sheet1']);
      await fresh.close();
    } finally {
      await fx.cleanup();
    }
  });

  it('a damaged state file stops the start with a message that says how to start fresh', async () => {
    const fx = await fakePlayground();
    try {
      writeFileSync(join(fx.data, STATE_FILE), '{"format":1,');
      await expect(Playground.open({ distDir: fx.dist, dataDir: fx.data })).rejects.toThrow(/not readable JSON.*--reset/);
      writeFileSync(join(fx.data, STATE_FILE), JSON.stringify({ format: 99, workspace: {} }));
      await expect(Playground.open({ distDir: fx.dist, dataDir: fx.data })).rejects.toThrow(/another version.*--reset/);
    } finally {
      await fx.cleanup();
    }
  });

  it('a missing dist/Code.js says to build first', async () => {
    await expect(Playground.open({ distDir: '/nonexistent-dist', dataDir: null })).rejects.toThrow(
      /Code\.js is missing: run `npm run build`/,
    );
  });
});
