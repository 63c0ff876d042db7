/** The engine's problems shown in the editor: next to the control whose data-path they name, else in one list. */
import { clear, h, nextId } from '../../shared/dom';
import { placeProblem } from '../../shared/problems';
import { status } from './status';
import type * as T from './types';

export function showProblems(form: HTMLElement, problemsBox: HTMLElement, problems: T.Problem[]): void {
  form.querySelectorAll('.problem').forEach((p) => p.remove());
  form.querySelectorAll('[aria-invalid]').forEach((p) => {
    p.removeAttribute('aria-invalid');
  });
  form.querySelectorAll('.editor-item.invalid').forEach((p) => p.classList.remove('invalid'));
  clear(problemsBox);
  const known = new Set(Array.from(form.querySelectorAll('[data-path]')).map((el) => el.getAttribute('data-path') ?? ''));
  const general: T.Problem[] = [];
  for (const p of problems) {
    const at = placeProblem(p.path, known);
    const el = at ? form.querySelector(`[data-path="${CSS.escape(at)}"]`) : null;
    if (!el || at === '(definition)') {
      general.push(p);
      continue;
    }
    // A problem inside a collapsed item opens it (and every item around it).
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) (d as HTMLDetailsElement).open = true;
    const id = nextId('problem');
    const msg = h('p', { class: 'problem', id, role: 'alert' }, at === p.path ? p.message : `${p.path}: ${p.message}`);
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
      el.setAttribute('aria-invalid', 'true');
      el.setAttribute('aria-describedby', id);
      el.insertAdjacentElement('afterend', msg);
    } else {
      el.classList.add('invalid');
      el.insertBefore(msg, el.firstChild);
    }
  }
  if (general.length)
    problemsBox.appendChild(h('ul', { class: 'problem', role: 'alert' }, ...general.map((p) => h('li', {}, `${p.path}: ${p.message}`))));
  if (problems.length)
    problemsBox.appendChild(status('error', `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before publishing.`));
}
