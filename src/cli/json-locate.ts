/**
 * A JSON parser that remembers where each value starts, so a problem at a path (`states[2].kind`) can be shown
 * at its line and column in the file. Strict JSON (RFC 8259): no comments, no trailing commas. Duplicate keys are
 * an error (JSON.parse would silently keep the last one, and the file would not say what publishing sends).
 */

export interface Position {
  line: number;
  column: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export interface Located {
  value: unknown;
  /** Where the value at each path starts: '' is the whole document, then `a.b[2].c` (core's formatPath). */
  positions: Map<string, Position>;
}

/** Joins a path the way core's formatPath does: `states[2].kind`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

export function parseLocated(text: string): Located {
  const positions = new Map<string, Position>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const position = (at: number): Position => {
    let line = 1;
    let start = 0;
    for (let k = 0; k < at && k < text.length; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        start = k + 1;
      }
    }
    return { line, column: at - start + 1 };
  };
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, position(at));
  };
  const describe = (at: number): string => (at >= text.length ? 'the end of the file' : `"${text[at]}"`);
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };

  const value = (path: string): unknown => {
    ws();
    positions.set(path, position(i));
    const c = text[i];
    if (c === '{') return object(path);
    if (c === '[') return array(path);
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail(`Expected a value but found ${describe(i)}`);
  };

  const object = (path: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"')
        fail(text[i] === '}' ? 'A comma before "}" is not allowed in JSON' : `Expected a "quoted" key but found ${describe(i)}`);
      const keyAt = i;
      const key = string();
      if (Object.hasOwn(out, key)) fail(`The key "${key}" appears twice in the same object`, keyAt);
      ws();
      if (text[i] !== ':') fail(`Expected ":" after the key "${key}" but found ${describe(i)}`);
      i++;
      out[key] = value(joinPath(path, key));
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      fail(`Expected "," or "}" but found ${describe(i)}`);
    }
  };

  const array = (path: string): unknown[] => {
    const out: unknown[] = [];
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fail('A comma before "]" is not allowed in JSON');
      out.push(value(joinPath(path, out.length)));
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      fail(`Expected "," or "]" but found ${describe(i)}`);
    }
  };

  const string = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('This string is not closed (a " is missing)', start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        fail(`Unknown escape "\\${e ?? ''}" in a string`);
      }
      if (c.charCodeAt(0) < 0x20) fail('A string cannot hold a raw line break or control character (write \\n)');
      out += c;
      i++;
    }
  };

  const number = (): number => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) return fail(`Not a valid number at ${describe(i)}`);
    i += m[0].length;
    return Number(m[0]);
  };

  const v = value('');
  ws();
  if (i < text.length) fail(`Unexpected ${describe(i)} after the end of the JSON value`);
  return { value: v, positions };
}

/** The position of `path`, or of its nearest parent that has one (a missing key is reported where its object starts). */
export function positionOf(located: Located, path: string): Position {
  let p = path === '(definition)' ? '' : path;
  for (;;) {
    const hit = located.positions.get(p);
    if (hit) return hit;
    if (p === '') return { line: 1, column: 1 };
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut <= 0 ? '' : p.slice(0, cut);
  }
}
