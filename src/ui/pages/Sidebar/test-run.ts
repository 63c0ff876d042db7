/**
 * Test runs from the workflow editor: the draft runs on TEST requests on the real sheet (every email goes to the
 * admin, metrics leave them out), and Admin > Test runs clears them all in one action.
 */
import { clear, h } from '../../shared/dom';
import { fieldInputs } from './field-inputs';
import { showProblems } from './editor-problems';
import { openRequest } from './request';
import { change, markError } from './status';
import type * as T from './types';

/** The editor's "Try this draft" button; the test request form appears in `box`. */
export function tryDraftButton(def: T.Def, form: HTMLElement, problemsBox: HTMLElement, box: HTMLElement): HTMLElement {
  const go = h('button', { type: 'button', class: 'secondary' }, 'Try this draft (test run)');
  go.onclick = () => {
    clear(box);
    const out = h('div');
    box.appendChild(out);
    void change(
      out,
      go,
      'handoffPanelStartTestRun',
      { definition: def },
      (r) =>
        r.ok
          ? 'Test run ready: create TEST requests below. Every email they cause goes to you; metrics leave them out.'
          : 'Not started: fix the problems shown next to the fields.',
      (r) => {
        showProblems(form, problemsBox, r.ok ? [] : r.problems);
        if (!r.ok) {
          markError(out);
          return;
        }
        box.appendChild(testRequestForm(r));
      },
    );
  };
  return go;
}

function testRequestForm(run: Extract<T.TestRunStart, { ok: true }>): HTMLElement {
  // The draft's fields, as the request view describes them (the server checks their types).
  const fields = run.fields.map((f) => ({ ...f, value: null })) as T.RequestView['fields'];
  const inputs = fieldInputs(
    fields,
    fields.map((f) => f.id),
  );
  const out = h('div');
  const go = h('button', { type: 'submit' }, 'Create a TEST request');
  const form = h(
    'form',
    { class: 'card test-run', 'aria-label': 'Create a TEST request' },
    h('h3', {}, 'Test request'),
    ...inputs.elements,
    go,
    out,
  );
  form.onsubmit = (e) => {
    e.preventDefault();
    void change(
      out,
      go,
      'handoffPanelCreateTestRequest',
      { workflowId: run.workflowId, version: run.version, fields: inputs.changed() },
      (r) => `Created ${r.id}.`,
      (r) => out.appendChild(h('button', { type: 'button', class: 'secondary', onclick: () => openRequest(r.id) }, `Open ${r.id}`)),
    );
  };
  return form;
}

/** Admin > Test runs: clear every TEST request (asks first). */
export function testRunsSection(box: HTMLElement): void {
  const out = h('div');
  const go = h('button', { type: 'button', class: 'danger' }, 'Clear all TEST requests');
  go.onclick = () => {
    clear(out);
    const yes = h('button', { type: 'button', class: 'danger' }, 'Yes, clear them');
    const keep = h('button', { type: 'button', class: 'secondary', onclick: () => clear(out) }, 'Keep them');
    yes.onclick = () =>
      void change(out, yes, 'handoffPanelClearTestRequests', {}, (r) =>
        r.cleared ? `Cleared ${r.cleared} TEST request${r.cleared === 1 ? '' : 's'}.` : 'There were no TEST requests.',
      );
    out.appendChild(
      h(
        'div',
        { class: 'confirm', role: 'alertdialog', 'aria-label': 'Confirm clearing' },
        h('p', {}, 'Remove every TEST request from the Requests tab? Their history stays in the audit log.'),
        h('div', { class: 'actions' }, yes, keep),
      ),
    );
  };
  box.append(
    h(
      'p',
      { class: 'hint' },
      'A draft is tried from the workflow editor ("Try this draft"): its requests are numbered TEST-…, every email goes to you, and metrics leave them out.',
    ),
    go,
    out,
  );
}
