import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';

/**
 * One CardService builder: records what the script set, renders it as JSON (close to the Google Workspace
 * add-on card JSON) for tests and the playground. Builders are generated from a table of setters below.
 */
export class CardNode {
  readonly props: Record<string, unknown> = {};
  constructor(
    readonly kernel: Kernel,
    readonly kind: string,
  ) {}

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.props)) out[k] = render(v);
    return out;
  }

  printJson(): string {
    return JSON.stringify({ [this.kind]: this.toJSON() }, null, 2);
  }
}

function render(v: unknown): unknown {
  if (v instanceof CardNode) return v.toJSON();
  if (Array.isArray(v)) return v.map(render);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, render(x)]));
  }
  return v;
}

type Setter = { prop: string; list?: boolean; check?: (v: unknown) => void; map?: (...args: unknown[]) => unknown };

/** Builds a builder class: each method sets (or appends to) a property and returns the builder. */
export function builder(
  kind: string,
  setters: Record<string, Setter>,
  build?: (node: CardNode) => unknown,
): new (
  kernel: Kernel,
) => CardNode {
  class B extends CardNode {
    constructor(kernel: Kernel) {
      super(kernel, kind);
    }
  }
  for (const [method, s] of Object.entries(setters)) {
    Object.defineProperty(B.prototype, method, {
      value: function (this: CardNode, ...args: unknown[]) {
        this.kernel.call('CardService', `${kind}.${method}`);
        const v = s.map ? s.map(...args) : args[0];
        s.check?.(v);
        if (s.list) ((this.props[s.prop] ??= []) as unknown[]).push(v);
        else this.props[s.prop] = v;
        return this;
      },
    });
  }
  if (build) {
    Object.defineProperty(B.prototype, 'build', {
      value: function (this: CardNode) {
        this.kernel.call('CardService', `${kind}.build`);
        return build(this);
      },
    });
  }
  return B;
}

export const str = (v: unknown) => String(v);
export const nonEmpty = (what: string) => (v: unknown) => {
  if (typeof v !== 'string' || !v) throw gasError(`Invalid argument: ${what}`);
};
export const isNode = (what: string) => (v: unknown) => {
  if (!(v instanceof CardNode)) throw gasError(`Invalid argument: ${what}`);
};
