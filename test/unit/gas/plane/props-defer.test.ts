/** PlaneProps.defer: writes made meanwhile are staged and go out with the execution's next flush, in one call. */
import { PlaneProps } from '../../../../src/gas/plane/props';

function fakeStore() {
  const data: Record<string, string> = { keep: '1', gone: 'x' };
  const calls: string[] = [];
  const store = {
    getProperties: () => {
      calls.push('getProperties');
      return { ...data };
    },
    setProperty: (k: string, v: string) => {
      calls.push('setProperty');
      data[k] = v;
      return store;
    },
    setProperties: (vs: Record<string, string>) => {
      calls.push('setProperties');
      Object.assign(data, vs);
      return store;
    },
    deleteProperty: (k: string) => {
      calls.push('deleteProperty');
      delete data[k];
      return store;
    },
  };
  return { data, calls, store: store as unknown as GoogleAppsScript.Properties.Properties };
}

test('writeNow and deleteNow inside defer write nothing until the next flush, which writes them with what else was staged', () => {
  const f = fakeStore();
  const props = new PlaneProps(() => f.store);
  props.read();
  props.defer(() => {
    props.writeNow('sweep:a', 'A');
    props.writeNow('sweep:b', 'B');
    props.deleteNow('gone');
  });
  expect(f.calls).toEqual(['getProperties']);
  expect(props.get('sweep:a')).toBe('A'); // read back at once
  expect(props.get('gone')).toBeNull();
  props.set('last', 'L');
  props.flush();
  expect(f.calls).toEqual(['getProperties', 'setProperties', 'deleteProperty']);
  expect(f.data).toEqual({ keep: '1', 'sweep:a': 'A', 'sweep:b': 'B', last: 'L' });
  // Outside defer, writeNow writes at once again.
  props.writeNow('now', 'N');
  expect(f.calls.at(-1)).toBe('setProperty');
});
