/** A progress bar on stderr: redrawn in place on a terminal, one line per step otherwise (CI logs). */
import type { Io } from './context';

export function progressBar(io: Io, label: string, width = 30): { update(done: number, total: number): void; done(): void } {
  let drawn = false;
  const fmt = (n: number) => n.toLocaleString('en-US');
  return {
    update(done, total) {
      const t = Math.max(total, done, 1);
      const filled = Math.round((done / t) * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${fmt(done)} / ${fmt(t)} rows`;
      if (io.tty) {
        io.raw(`\r${line}\u001b[K`);
        drawn = true;
      } else io.err(line);
    },
    done() {
      if (drawn) io.raw('\n');
    },
  };
}
