/**
 * The host side of the membrane: keeps the service objects a script has been handed (by handle id) and
 * answers the script's requests. Plain data, arrays and Dates travel by value; anything else (an instance
 * of a class, an object with methods, a function) travels as a handle.
 */
import { isAttemptable, NOT_HANDLED, RETRY, RPC_ATTEMPT } from './rpc-hooks';

export type Enc = unknown;

export type Request =
  | { op: 'get'; h: number; p: string }
  | { op: 'has'; h: number; p: string }
  | { op: 'set'; h: number; p: string; v: Enc }
  | { op: 'call'; h: number; m: string | null; a: Enc[]; first: boolean; elapsedMs: number };

export interface Response {
  ok?: Enc;
  method?: boolean;
  retry?: boolean;
  err?: { name: string; message: string; stack?: string; details?: Enc };
  /** SimClock time after the call (the worker's Date reads it). */
  now?: number;
  /**
   * Worker mode only: the answer comes later (a nested execution the call waits for, a dialog answered in a
   * page). The calling worker stays blocked until it is posted; the main thread goes on serving others.
   */
  later?: Promise<Response>;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k of Object.keys(v)) if (typeof (v as Record<string, unknown>)[k] === 'function') return false;
  return true;
}

/** True when every element is a string, a finite or non-finite number, a boolean, null or undefined. */
function allScalar(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const t = typeof x;
    if (x !== null && x !== undefined && t !== 'string' && t !== 'number' && t !== 'boolean') return false;
  }
  return true;
}

/** Told when a script reads a member a service object does not have (the runner reports what the Workspace lacks). */
let missingListener: ((className: string, member: string) => void) | null = null;
export function onMissingMember(listener: ((className: string, member: string) => void) | null): void {
  missingListener = listener;
}

/** Apps Script's class name of a local object (LocalRange -> Range). */
export function appsScriptClassName(o: object): string {
  if (typeof o === 'function') return 'Function';
  const ctor = (Object.getPrototypeOf(o) as { constructor?: { name?: string } } | null)?.constructor;
  return (ctor?.name || 'Object').replace(/^Local(?=[A-Z])/, '');
}

export function isDateValue(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/**
 * Class ids are process-wide, so a class keeps its id (and the script side its cache of which properties are
 * methods) across the executions a reused context serves.
 */
const classIds = new Map<unknown, number>();

export class ObjectServer {
  private readonly objects = new Map<number, object>();
  private readonly ids = new WeakMap<object, number>();
  private next = 1;

  constructor(private readonly canWait: boolean) {}

  private handleFor(o: object): { $t: 'h'; id: number; c: string } {
    let id = this.ids.get(o);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(o, id);
      this.objects.set(id, o);
    }
    const ctor =
      typeof o === 'function' ? Function : ((Object.getPrototypeOf(o) as { constructor?: unknown } | null)?.constructor ?? Object);
    let cid = classIds.get(ctor);
    if (cid === undefined) classIds.set(ctor, (cid = classIds.size + 1));
    // Local classes are named Local<AppsScriptName>; the script sees Apps Script's name (String(sheet) === 'Sheet').
    const name = typeof o === 'function' ? 'Function' : ((ctor as { name?: string }).name || 'Object').replace(/^Local(?=[A-Z])/, '');
    // Objects with their own methods (object literals) are shaped individually.
    const shape = typeof o !== 'function' && Object.getPrototypeOf(o) === Object.prototype ? `o${id}` : String(cid);
    return { $t: 'h', id, c: `${name}#${shape}` };
  }

  /** Host value -> wire. */
  encode(v: unknown, seen: object[] = []): Enc {
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'symbol') return undefined;
    if (typeof v === 'function') return this.handleFor(v);
    if (isDateValue(v)) return { $t: 'd', v: v.getTime() };
    if (v instanceof Error) return { $t: 'e', name: v.name, message: v.message, stack: v.stack };
    if (seen.includes(v as object)) throw new TypeError('Converting circular structure to an Apps Script value');
    if (Array.isArray(v)) {
      // A row of plain values (the common case: getValues) travels as it is; the script side copies it into its realm.
      if (allScalar(v)) return v;
      seen.push(v);
      try {
        return v.map((x) => this.encode(x, seen));
      } finally {
        seen.pop();
      }
    }
    if (v instanceof Uint8Array) return Array.from(v);
    const o = v as object;
    if (!isPlain(o)) return this.handleFor(o);
    seen.push(o);
    try {
      const out: Record<string, Enc> = {};
      for (const [k, x] of Object.entries(o)) out[k] = this.encode(x, seen);
      return { $t: 'o', v: out };
    } finally {
      seen.pop();
    }
  }

  /** Wire -> host value (handles become the real objects again). */
  decode(v: Enc): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.decode(x));
    const t = v as { $t?: string; v?: unknown; id?: number; name?: string; message?: string; stack?: string };
    switch (t.$t) {
      case 'd':
        return new Date(t.v as number);
      case 'o': {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(t.v as Record<string, Enc>)) out[k] = this.decode(x);
        return out;
      }
      case 'h': {
        const o = this.objects.get(t.id!);
        if (!o) throw new Error(`Unknown object handle ${t.id}`);
        return o;
      }
      case 'e': {
        const e = new Error(t.message);
        e.name = t.name ?? 'Error';
        if (t.stack) e.stack = t.stack;
        return e;
      }
    }
    return undefined;
  }

  private target(h: number): Record<string | symbol, unknown> {
    const o = this.objects.get(h);
    if (!o) throw new Error(`Unknown object handle ${h}`);
    return o as Record<string | symbol, unknown>;
  }

  handle(req: Request): Response {
    try {
      switch (req.op) {
        case 'get': {
          const o = this.target(req.h);
          const v = o[req.p];
          if (typeof v === 'function') return { method: true };
          if (v === undefined && missingListener && !(req.p in o)) missingListener(appsScriptClassName(o), req.p);
          return { ok: this.encode(v) };
        }
        case 'has':
          return { ok: req.p in this.target(req.h) };
        case 'set': {
          // Scripts set properties on some Apps Script objects (HtmlTemplate variables: t.name = value).
          this.target(req.h)[req.p] = this.decode(req.v);
          return { ok: true };
        }
        case 'call': {
          const o = this.target(req.h);
          const args = req.a.map((x) => this.decode(x));
          if (req.m === null) return { ok: this.encode((o as unknown as (...a: unknown[]) => unknown)(...args)) };
          if (isAttemptable(o)) {
            const r = o[RPC_ATTEMPT](req.m, args, { first: req.first, elapsedMs: req.elapsedMs, canWait: this.canWait });
            if (r === RETRY) return { retry: true };
            if (this.canWait && isWaitable(r))
              return {
                later: Promise.resolve(r).then(
                  (v) => this.answer(() => v),
                  (e: unknown) =>
                    this.answer(() => {
                      throw e;
                    }),
                ),
              };
            if (r !== NOT_HANDLED) return { ok: this.encode(r) };
          }
          const fn = o[req.m];
          if (typeof fn !== 'function') throw new TypeError(`${req.m} is not a function`);
          return { ok: this.encode((fn as (...a: unknown[]) => unknown).apply(o, args)) };
        }
      }
    } catch (e) {
      return this.failure(e);
    }
  }

  private answer(value: () => unknown): Response {
    try {
      return { ok: this.encode(value()) };
    } catch (e) {
      return this.failure(e);
    }
  }

  private failure(e: unknown): Response {
    const err = e as Error & { details?: unknown };
    const out: Response['err'] = { name: err?.name ?? 'Error', message: err?.message ?? String(e), stack: err?.stack };
    // An advanced service's GoogleJsonResponseException carries `details` ({ code, message, errors }).
    if (err && typeof err === 'object' && err.details !== undefined) out.details = this.encode(err.details);
    return { err: out };
  }
}

function isWaitable(v: unknown): v is PromiseLike<unknown> {
  return !!v && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}
