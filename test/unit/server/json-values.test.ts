import { illegalValue } from '../../../src/local/server/json-values';

describe('what google.script.run may carry', () => {
  it('primitives, null and plain objects and arrays of them are legal', () => {
    expect(illegalValue([1, 'a', true, null, { x: [{ y: null }] }], 'args')).toBeNull();
    expect(illegalValue(Object.create(null))).toBeNull();
  });

  it('a Date, a function, a class instance or a cycle, at any depth, is named with its path', () => {
    expect(illegalValue([{ when: new Date(0) }], 'args')).toBe('args[0].when: a Date (send an ISO string or epoch milliseconds instead)');
    expect(illegalValue({ f: () => 1 }, 'result')).toBe('result.f: a function');
    expect(illegalValue({ m: new Map() }, 'result')).toBe('result.m: an object of class Map');
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(illegalValue(cyc, 'args')).toBe('args.self: a circular reference');
    expect(illegalValue({ 'a b': 1n }, 'x')).toBe('x["a b"]: a bigint');
  });

  it('the same object twice (not a cycle) is legal', () => {
    const shared = { a: 1 };
    expect(illegalValue([shared, shared])).toBeNull();
  });
});
