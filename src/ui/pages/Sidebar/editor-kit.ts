/**
 * The workflow editor's controls. Each carries data-path = the definition path the engine reports problems on;
 * a change redraws the diagram, and adding or removing an item draws the editor again.
 */
import { field, h, nextId } from '../../shared/dom';

export interface EditorKit {
  text(label: string, path: string, get: () => string, set: (v: string) => void, hint?: string): HTMLElement;
  /** Options are values, or [value, label] pairs (a state by its label, sent as its id). */
  select(
    label: string,
    path: string,
    options: ReadonlyArray<string | readonly [string, string]>,
    get: () => string,
    set: (v: string) => void,
    /** Draw the editor again after a change (the choice changes which controls show). */
    redrawAll?: boolean,
  ): HTMLElement;
  number(label: string, path: string, get: () => number | undefined, set: (v: number | undefined) => void, hint?: string): HTMLElement;
  check(label: string, path: string, get: () => boolean, set: (v: boolean) => void): HTMLElement;
  /** A collapsed block for one item: its summary line, opened when a problem is placed inside it. */
  item(path: string, summary: string, ...children: Array<HTMLElement | null>): HTMLElement;
  /** A button that removes item `i` of `arr`. */
  remove(arr: unknown[], i: number): HTMLElement;
  /** A button that adds an item (`push` adds it). */
  add(label: string, push: () => void): HTMLElement;
}

/** "a, b,, c" → ['a', 'b', 'c'] */
export const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function editorKit(redraw: () => void, rerender: () => void): EditorKit {
  return {
    text(label, path, get, set, hint) {
      const i = h('input', { 'data-path': path, value: get() });
      i.oninput = () => {
        set(i.value);
        redraw();
      };
      return field(label, i, hint);
    },
    select(label, path, options, get, set, redrawAll) {
      const i = h(
        'select',
        { 'data-path': path },
        ...options.map((o) => (typeof o === 'string' ? h('option', { value: o }, o || '—') : h('option', { value: o[0] }, o[1]))),
      );
      i.value = get();
      i.onchange = () => {
        set(i.value);
        if (redrawAll) rerender();
        else redraw();
      };
      return field(label, i);
    },
    number(label, path, get, set, hint) {
      const v = get();
      const i = h('input', { 'data-path': path, inputmode: 'decimal', value: v === undefined ? '' : v });
      i.oninput = () => {
        const t = i.value.trim();
        set(t === '' ? undefined : Number(t));
        redraw();
      };
      return field(label, i, hint);
    },
    check(label, path, get, set) {
      const i = h('input', { type: 'checkbox', 'data-path': path, checked: get() });
      i.onchange = () => {
        set(i.checked);
        redraw();
      };
      const id = nextId('c');
      i.id = id;
      return h('div', { class: 'field check' }, i, h('label', { for: id }, label));
    },
    item(path, summary, ...children) {
      return h('details', { class: 'editor-item', 'data-path': path }, h('summary', {}, summary), ...children);
    },
    remove(arr, i) {
      return h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            arr.splice(i, 1);
            rerender();
          },
        },
        'Remove',
      );
    },
    add(label, push) {
      return h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            push();
            rerender();
          },
        },
        label,
      );
    },
  };
}
