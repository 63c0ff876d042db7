/**
 * What google.script.run may carry, on the server side of the bridge: primitives, null, and plain objects and
 * arrays made of them. A Date, a function, a class instance or a circular reference makes the call fail
 * (Apps Script reference, "google.script.run": "Requests fail if you attempt to pass a Date, Function, DOM
 * element besides a form, or other prohibited type, including prohibited types inside objects or arrays").
 */

/** Null when the value is legal, else where the first illegal part is and what it is ("args[0].when: a Date"). */
export function illegalValue(value: unknown, path = 'value', seen: Set<object> = new Set()): string | null {
  if (value === null || value === undefined) return null;
  const t = typeof value;
  if (t === 'string' || t === 'boolean') return null;
  if (t === 'number') return null; // NaN and Infinity travel as null, as JSON does
  if (t === 'function') return `${path}: a function`;
  if (t === 'bigint' || t === 'symbol') return `${path}: a ${t}`;
  const o = value as object;
  if (Object.prototype.toString.call(o) === '[object Date]') return `${path}: a Date (send an ISO string or epoch milliseconds instead)`;
  if (seen.has(o)) return `${path}: a circular reference`;
  seen.add(o);
  try {
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const bad = illegalValue(o[i], `${path}[${i}]`, seen);
        if (bad) return bad;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(o) as object | null;
    // Objects from another realm (the script's vm context) have another Object.prototype: accept any plain one.
    const plain = proto === null || Object.getPrototypeOf(proto) === null;
    if (!plain) return `${path}: an object of class ${(o.constructor as { name?: string } | undefined)?.name ?? 'unknown'}`;
    for (const [k, v] of Object.entries(o)) {
      const bad = illegalValue(v, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, seen);
      if (bad) return bad;
    }
    return null;
  } finally {
    seen.delete(o);
  }
}
