/**
 * Saving the playground's state: at once (`flush`), or soon (`soon`): changes close together are written once,
 * a moment later, so a burst of requests or a long clock advance does not write the whole state each time. A large
 * state (hundreds of requests: a write of a few hundred ms) waits longer, up to MAX_SAVE_DELAY_MS, so that writing
 * stays about a tenth of the time. A save that comes due while the server is busy (the clock moving: `busy`) waits
 * for it to finish, up to MAX_HOLD_MS after the last save. `soon`'s writes go to the disk asynchronously: the
 * server's thread only takes the snapshot; a write that ends after a newer one is dropped.
 */
import { rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { stateText, stateTmp, writeState } from './state-file';

/** How long changes wait to be saved together, at least. */
export const SAVE_DELAY_MS = 250;
/** Writing may take at most about this share of the time: after a write of W ms, the next waits at least W / share. */
export const SAVE_SHARE = 0.1;
/** …but never longer than this (what a crash can lose). */
export const MAX_SAVE_DELAY_MS = 10_000;
/** A save held while the server is busy waits at most this long after the last save. */
export const MAX_HOLD_MS = 30_000;

export class Saver {
  private timer: NodeJS.Timeout | null = null;
  /** How long the last write took on this thread (ms): a large state is written less often. */
  lastWriteMs = 0;
  private lastSavedAt = Date.now();
  /** Bumps at every write started; a write renames its file only if no later write finished first. */
  private started = 0;
  private finished = 0;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly dataDir: string | null,
    private readonly state: () => { seedLog: string[]; workspace: Record<string, unknown> },
    private readonly log?: (line: string) => void,
    /** True while a save would slow something down (the clock moving): it waits, within MAX_HOLD_MS. */
    private readonly busy: () => boolean = () => false,
  ) {}

  /** Saves within SAVE_DELAY_MS (once for every change made meanwhile). */
  soon(): void {
    if (!this.dataDir || this.timer) return;
    this.arm(this.delay());
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.busy() && Date.now() - this.lastSavedAt < MAX_HOLD_MS) return this.arm(SAVE_DELAY_MS);
      this.inFlight = this.writeSoon().finally(() => (this.inFlight = null));
    }, ms);
    this.timer.unref?.();
  }

  /** Saves now, synchronously (and cancels a pending save). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dataDir) return;
    const n = ++this.started;
    try {
      const t0 = performance.now();
      const s = this.state();
      writeState(this.dataDir, s.seedLog, s.workspace);
      this.lastWriteMs = performance.now() - t0;
      this.finished = n;
      this.lastSavedAt = Date.now();
    } catch (e) {
      this.log?.(`could not save the state: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Resolves when no asynchronous write is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** SAVE_DELAY_MS, or longer when writes are slow, so that saving stays a small share of the time. */
  delay(): number {
    return Math.round(Math.min(MAX_SAVE_DELAY_MS, Math.max(SAVE_DELAY_MS, this.lastWriteMs / SAVE_SHARE)));
  }

  private async writeSoon(): Promise<void> {
    if (!this.dataDir) return;
    const n = ++this.started;
    const { tmp, file } = stateTmp(this.dataDir);
    try {
      const t0 = performance.now();
      const s = this.state();
      const text = stateText(s.seedLog, s.workspace);
      this.lastWriteMs = performance.now() - t0;
      await writeFile(tmp, text);
      if (this.finished > n) {
        await rm(tmp, { force: true });
        return;
      }
      await rename(tmp, file);
      this.finished = n;
      this.lastSavedAt = Date.now();
    } catch (e) {
      rmSync(tmp, { force: true });
      this.log?.(`could not save the state: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
