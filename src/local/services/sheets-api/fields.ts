/**
 * The standard `fields` parameter (a field mask): 'spreadsheetId,properties(title,timeZone),sheets.properties.title'.
 * Keeps only the named members of a response; a member naming an object keeps it whole; '*' keeps everything.
 */
import { badRequest } from './errors';

type Tree = Map<string, Tree | true>;

function parse(mask: string): Tree {
  let i = 0;
  const s = mask.replace(/\s+/g, '');
  function list(): Tree {
    const tree: Tree = new Map();
    for (;;) {
      path(tree);
      if (s[i] === ',') {
        i++;
        continue;
      }
      return tree;
    }
  }
  function path(into: Tree): void {
    let name = '';
    while (i < s.length && /[A-Za-z0-9_*]/.test(s[i]!)) name += s[i++];
    if (!name) throw badRequest(`Invalid field selection ${mask}`);
    if (s[i] === '.') {
      i++;
      const sub = into.get(name);
      const child: Tree = sub instanceof Map ? sub : new Map();
      if (sub !== true) into.set(name, child);
      path(child);
      return;
    }
    if (s[i] === '(') {
      i++;
      const sub = list();
      if (s[i] !== ')') throw badRequest(`Invalid field selection ${mask}`);
      i++;
      const prev = into.get(name);
      if (prev === true) return;
      if (prev instanceof Map) for (const [k, v] of sub) prev.set(k, v);
      else into.set(name, sub);
      return;
    }
    into.set(name, true);
  }
  const t = list();
  if (i !== s.length) throw badRequest(`Invalid field selection ${mask}`);
  return t;
}

function apply(v: unknown, tree: Tree): unknown {
  if (Array.isArray(v)) return v.map((x) => apply(x, tree));
  if (v === null || typeof v !== 'object') return v;
  if (tree.has('*')) return v;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of tree) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    out[k] = sub === true ? x : apply(x, sub);
  }
  return out;
}

/** Whether a mask asks for a path (used to decide whether grid data must be computed). */
export function maskMentions(mask: string, word: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${word}([^A-Za-z0-9_]|$)`).test(mask);
}

export function applyFieldMask<T>(response: T, mask: unknown): T {
  if (typeof mask !== 'string' || mask.trim() === '' || mask.trim() === '*') return response;
  return apply(response, parse(mask)) as T;
}
