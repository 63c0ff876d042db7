/**
 * Saving the playground's state: at once (`flush`), or soon (`soon`): changes close together are written once,
 * a moment later, so a burst of requests or a long clock advance does not write the whole state each time. A large
 * state (hundreds of requests: a write of a few hundred ms) waits longer, up to MAX_SAVE_DELAY_MS, so that writing
 * stays about a tenth of the time.
 */
import { writeState } from './state-file';

/** How long changes wait to be saved together, at least. */
export const SAVE_DELAY_MS = 250;
/** Writing may take at most about this share of the time: after a write of W ms, the next waits at least W / share. */
export const SAVE_SHARE = 0.1;
/** …but never longer than this (what a crash can lose). */
export const MAX_SAVE_DELAY_MS = 10_000;

export class Saver {
  private timer: NodeJS.Timeout | null = null;
  /** How long the last write took (ms): a large state is written less often. */
  lastWriteMs = 0;

  constructor(
    private readonly dataDir: string | null,
    private readonly state: () => { seedLog: string[]; workspace: Record<string, unknown> },
    private readonly log?: (line: string) => void,
  ) {}

  /** Saves within SAVE_DELAY_MS (once for every change made meanwhile). */
  soon(): void {
    if (!this.dataDir || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.write();
    }, this.delay());
  }

  /** Saves now (and cancels a pending save). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.write();
  }

  /** SAVE_DELAY_MS, or longer when writes are slow, so that saving stays a small share of the time. */
  delay(): number {
    return Math.round(Math.min(MAX_SAVE_DELAY_MS, Math.max(SAVE_DELAY_MS, this.lastWriteMs / SAVE_SHARE)));
  }

  private write(): void {
    if (!this.dataDir) return;
    try {
      const t0 = performance.now();
      const s = this.state();
      writeState(this.dataDir, s.seedLog, s.workspace);
      this.lastWriteMs = performance.now() - t0;
    } catch (e) {
      this.log?.(`could not save the state: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
