/**
 * A request's fields as form controls (an action that needs them: a transition's required fields, resubmit, an
 * operator's edit), prefilled with the current values; reading them back gives only what the person changed.
 */
import { field, h } from '../../shared/dom';
import type * as T from './types';

type FieldView = T.RequestView['fields'][number];
type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FieldInputs {
  /** The controls, one labelled block each, in the definition's order. */
  elements: HTMLElement[];
  /** The values that differ from the request's (text as typed; the server coerces it to the field's type). */
  changed(): Record<string, FieldView['value']>;
}

const asText = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

function control(f: FieldView, mustFill: boolean): Control {
  const common = { name: f.id, 'data-field': f.id, required: mustFill };
  if (f.type === 'choice')
    return h('select', common, h('option', { value: '' }, '—'), ...f.options.map((o) => h('option', { value: o }, o)));
  if (f.type === 'checkbox') return h('input', { ...common, type: 'checkbox', required: false, checked: f.value === true });
  if (f.type === 'long_text') return h('textarea', { ...common, rows: 3 });
  if (f.type === 'date') return h('input', { ...common, type: 'date' });
  if (f.type === 'email') return h('input', { ...common, type: 'email' });
  if (f.type === 'number' || f.type === 'currency') return h('input', { ...common, inputmode: 'decimal' });
  return h('input', common);
}

/**
 * `ids`: the fields to show; `required`: those the action cannot go without (marked, and the browser will not submit
 * them empty); `problems`: messages to show under a field (what the requester was asked to fix).
 */
export function fieldInputs(
  all: FieldView[],
  ids: string[],
  opts: { required?: string[]; problems?: Array<{ path: string; message: string }> } = {},
): FieldInputs {
  const required = new Set(opts.required ?? []);
  const shown = all.filter((f) => ids.includes(f.id));
  const controls = shown.map((f) => {
    const must = required.has(f.id) || (f.required && f.type !== 'checkbox');
    const c = control(f, must);
    if (!(c instanceof HTMLInputElement && c.type === 'checkbox')) c.value = asText(f.value);
    const problem = opts.problems?.filter((p) => p.path === f.id || p.path.startsWith(`${f.id}.`)).map((p) => p.message);
    const block = field(
      `${f.label}${must ? ' (required)' : ''}`,
      c,
      f.type === 'multi_choice' ? `Comma-separated: ${f.options.join(', ')}` : undefined,
    );
    if (problem?.length) {
      c.setAttribute('aria-invalid', 'true');
      block.appendChild(h('p', { class: 'problem' }, problem.join(' ')));
    }
    return { f, c, block };
  });
  return {
    elements: controls.map((x) => x.block),
    changed() {
      const out: Record<string, FieldView['value']> = {};
      for (const { f, c } of controls) {
        if (c instanceof HTMLInputElement && c.type === 'checkbox') {
          if (c.checked !== (f.value === true)) out[f.id] = c.checked;
          continue;
        }
        if (c.value === asText(f.value)) continue;
        out[f.id] =
          f.type === 'multi_choice'
            ? c.value
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean)
            : c.value;
      }
      return out;
    },
  };
}
