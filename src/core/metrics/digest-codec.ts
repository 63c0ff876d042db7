/**
 * Digests as text, compact enough that tens of thousands fit in a few dozen cells, and quick to read back: one JSON
 * array (JSON.parse is the fastest reader there is), one small array per digest, times and Seqs as offsets from the
 * digest's first event, workflows, states and channels as indexes into tables kept beside the text.
 * encodeDigests/decodeDigests round-trip exactly (test/unit/core/metrics-digest.test.ts).
 *
 *   digest = [id, workflow#, q, s-q, n, f.at, f.rev, f.seq-q, create, h, x, i, o, b, moves]
 *   create = 0, or [c.at-f.at, c.rev, c.seq-q, channel#]
 *   moves  = [at-f.at, rev, seq-q, how, state#, at-f.at, ...] (five numbers a move)
 */
import type { Move, RequestDigest } from './digest';

export interface DigestTables {
  workflows: string[];
  states: string[];
  channels: string[];
}

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

type Packed = [
  string,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  0 | number[],
  number,
  number,
  number,
  number,
  number,
  number[],
];

/** The digests as text; the tables grow with any workflow, state or channel they did not hold yet. */
export function encodeDigests(digests: Iterable<RequestDigest>, tables: DigestTables): string {
  const wf = indexer(tables.workflows);
  const st = indexer(tables.states);
  const ch = indexer(tables.channels);
  const out: Packed[] = [];
  for (const d of digests) {
    const [fAt, fRev, fSeq] = d.f;
    const moves: number[] = [];
    for (const m of d.m) moves.push(m[0] - fAt, m[1], m[2] - d.q, m[3], st(m[4]));
    out.push([
      d.r,
      wf(d.w),
      d.q,
      d.s - d.q,
      d.n,
      fAt,
      fRev,
      fSeq - d.q,
      d.c ? [d.c[0] - fAt, d.c[1], d.c[2] - d.q, ch(d.c[3])] : 0,
      d.h,
      d.x,
      d.i,
      d.o,
      d.b,
      moves,
    ]);
  }
  return JSON.stringify(out);
}

const damaged = (what: string): Error => new Error(`damaged metrics summary: ${what}`);

export function decodeDigests(text: string, tables: DigestTables): RequestDigest[] {
  if (text === '') return [];
  let all: unknown;
  try {
    all = JSON.parse(text);
  } catch {
    throw damaged('its text is not valid JSON');
  }
  if (!Array.isArray(all)) throw damaged('its text is not a list');
  const pick = (table: string[], i: unknown): string => {
    const v = typeof i === 'number' ? table[i] : undefined;
    if (v === undefined) throw damaged('an index points past its table');
    return v;
  };
  return all.map((p: Packed) => {
    if (!Array.isArray(p) || p.length !== 15 || typeof p[0] !== 'string' || !Array.isArray(p[14]) || p[14].length % 5 !== 0)
      throw damaged('a digest has the wrong shape');
    const [r, w, q, sq, n, fAt, fRev, fSeq, c, h, x, i, o, b, mv] = p;
    const m: Move[] = [];
    for (let k = 0; k < mv.length; k += 5) m.push([mv[k]! + fAt, mv[k + 1]!, mv[k + 2]! + q, mv[k + 3]!, pick(tables.states, mv[k + 4])]);
    return {
      r,
      w: pick(tables.workflows, w),
      q,
      s: sq + q,
      n,
      f: [fAt, fRev, fSeq + q],
      c: Array.isArray(c) ? [c[0]! + fAt, c[1]!, c[2]! + q, pick(tables.channels, c[3])] : null,
      h,
      x,
      i,
      o,
      b,
      m,
    };
  });
}

/**
 * One request's digests read out of the text without decoding the rest: its digests start with `["<id>",` (nothing
 * else in the text is a string). `several`: every occurrence (a request whose events carry two workflows), else the
 * last one, found from the end, where recent requests are.
 */
export function findDigests(text: string, requestId: string, tables: DigestTables, several: boolean): RequestDigest[] {
  const head = `[${JSON.stringify(requestId)},`;
  const starts: number[] = [];
  if (several) for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) starts.push(at);
  else {
    const at = text.lastIndexOf(head);
    if (at >= 0) starts.push(at);
  }
  const elements = starts.map((start) => {
    let depth = 0;
    for (let k = start + head.length - 1; k < text.length; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 91)
        depth++; // [
      else if (ch === 93) {
        // ]
        if (depth === 0) return text.slice(start, k + 1);
        depth--;
      }
    }
    throw damaged('a digest is cut short');
  });
  return elements.length ? decodeDigests(`[${elements.join(',')}]`, tables) : [];
}
