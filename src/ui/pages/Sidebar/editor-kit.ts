/**
 * The workflow editor's controls. Each carries data-path = the definition path the engine reports problems on;
 * a change redraws the diagram, and adding or removing an item draws the editor again.
 */
import { field, h } from '../../shared/dom';

export interface EditorKit {
  text(label: string, path: string, get: () => string, set: (v: string) => void, hint?: string): HTMLElement;
  select(label: string, path: string, options: readonly string[], get: () => string, set: (v: string) => void): HTMLElement;
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
    select(label, path, options, get, set) {
      const i = h('select', { 'data-path': path }, ...options.map((o) => h('option', { value: o }, o || '—')));
      i.value = get();
      i.onchange = () => {
        set(i.value);
        redraw();
      };
      return field(label, i);
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
