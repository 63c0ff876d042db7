/**
 * Saving the playground's state: at once (`flush`), or soon (`soon`): changes close together are written once,
 * a moment later, so a burst of requests or a long clock advance does not write the whole state each time.
 */
import { writeState } from './state-file';

/** How long changes wait to be saved together. */
export const SAVE_DELAY_MS = 250;

export class Saver {
  private timer: NodeJS.Timeout | null = null;

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
    }, SAVE_DELAY_MS);
  }

  /** Saves now (and cancels a pending save). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.write();
  }

  private write(): void {
    if (!this.dataDir) return;
    try {
      const s = this.state();
      writeState(this.dataDir, s.seedLog, s.workspace);
    } catch (e) {
      this.log?.(`could not save the state: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
