/**
 * Digests as text, compact enough that tens of thousands fit in a few dozen cells: one line per digest, numbers in
 * base 36, times and Seqs as offsets from the digest's first event, workflows, states and channels as indexes into
 * tables kept beside the text. encodeDigests/decodeDigests round-trip exactly (test/unit/core/metrics-digest.test.ts).
 *
 *   line  = id , workflow# , q , s-q , n , f.at , f.rev , f.seq-q , [c.at-f.at , c.rev , c.seq-q , channel#] , h , x , i , o , b | moves
 *   moves = at-f.at , rev , seq-q , how , state#  (";" between moves)
 */
import type { Move, RequestDigest } from './digest';

export interface DigestTables {
  workflows: string[];
  states: string[];
  channels: string[];
}

const b36 = (n: number): string => n.toString(36);
const n36 = (s: string | undefined): number => {
  const v = parseInt(s ?? '', 36);
  if (!Number.isFinite(v)) throw new Error('damaged metrics summary: a number cannot be read');
  return v;
};

function indexer(table: string[]): (v: string) => number {
  const at = new Map(table.map((v, i) => [v, i]));
  return (v) => {
    let i = at.get(v);
    if (i === undefined) {
      i = table.length;
      table.push(v);
      at.set(v, i);
    }
    return i;
  };
}

/** The digests as lines; the tables grow with any workflow, state or channel they did not hold yet. */
export function encodeDigests(digests: Iterable<RequestDigest>, tables: DigestTables): string {
  const wf = indexer(tables.workflows);
  const st = indexer(tables.states);
  const ch = indexer(tables.channels);
  const lines: string[] = [];
  for (const d of digests) {
    const [fAt, fRev, fSeq] = d.f;
    const c = d.c ? [b36(d.c[0] - fAt), b36(d.c[1]), b36(d.c[2] - d.q), b36(ch(d.c[3]))] : ['', '', '', ''];
    const head = [
      encodeURIComponent(d.r),
      b36(wf(d.w)),
      b36(d.q),
      b36(d.s - d.q),
      b36(d.n),
      b36(fAt),
      b36(fRev),
      b36(fSeq - d.q),
      ...c,
      b36(d.h),
      b36(d.x),
      b36(d.i),
      b36(d.o),
      b36(d.b),
    ].join(',');
    const moves = d.m.map((m) => [b36(m[0] - fAt), b36(m[1]), b36(m[2] - d.q), b36(m[3]), b36(st(m[4]))].join(',')).join(';');
    lines.push(`${head}|${moves}`);
  }
  return lines.join('\n');
}

export function decodeDigests(text: string, tables: DigestTables): RequestDigest[] {
  if (text === '') return [];
  const pick = (table: string[], i: number): string => {
    const v = table[i];
    if (v === undefined) throw new Error('damaged metrics summary: an index points past its table');
    return v;
  };
  return text.split('\n').map((line) => {
    const bar = line.indexOf('|');
    const h = (bar < 0 ? line : line.slice(0, bar)).split(',');
    if (h.length !== 17) throw new Error('damaged metrics summary: a line has the wrong number of fields');
    const q = n36(h[2]);
    const fAt = n36(h[5]);
    const moves: Move[] =
      bar < 0 || bar === line.length - 1
        ? []
        : line
            .slice(bar + 1)
            .split(';')
            .map((m) => {
              const p = m.split(',');
              return [n36(p[0]) + fAt, n36(p[1]), n36(p[2]) + q, n36(p[3]), pick(tables.states, n36(p[4]))];
            });
    return {
      r: decodeURIComponent(h[0] ?? ''),
      w: pick(tables.workflows, n36(h[1])),
      q,
      s: n36(h[3]) + q,
      n: n36(h[4]),
      f: [fAt, n36(h[6]), n36(h[7]) + q],
      c: h[8] === '' ? null : [n36(h[8]) + fAt, n36(h[9]), n36(h[10]) + q, pick(tables.channels, n36(h[11]))],
      h: n36(h[12]),
      x: n36(h[13]),
      i: n36(h[14]),
      o: n36(h[15]),
      b: n36(h[16]),
      m: moves,
    };
  });
}
