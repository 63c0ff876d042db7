/** Admin > Workflows: the form-based editor, the JSON for what the form does not cover, validating and publishing. */
import { clear, field, h } from '../../shared/dom';
import { diagram } from '../../shared/diagram';
import { editorKit } from './editor-kit';
import { showProblems } from './editor-problems';
import { basics, fieldsEditor, statesEditor, transitionsEditor } from './editor-sections';
import { change, markError, status } from './status';
import { tryDraftButton } from './test-run';
import type * as T from './types';

/** The form-based editor. Each control has data-path = the definition path the engine reports problems on. */
export function editWorkflow(box: HTMLElement, def: T.Def): void {
  clear(box);
  const problemsBox = h('div', { 'aria-live': 'polite' });
  const out = h('div');
  const form = h('form', { 'aria-label': `Edit ${def.name}`, novalidate: true });
  const pic = h('div');
  const redraw = () => {
    clear(pic);
    pic.appendChild(diagram(def));
  };
  const kit = editorKit(redraw, () => editWorkflow(box, def));
  form.append(...basics(kit, def), ...fieldsEditor(kit, def), ...statesEditor(kit, def), ...transitionsEditor(kit, def));
  const json = h('textarea', { 'data-path': '(definition)', rows: 8, spellcheck: false });
  json.value = JSON.stringify(def, null, 2);
  const applyJson = h('button', { type: 'button', class: 'secondary' }, 'Use this JSON');
  applyJson.onclick = () => {
    try {
      editWorkflow(box, JSON.parse(json.value) as T.Def);
    } catch (e) {
      clear(out);
      out.appendChild(status('error', `The JSON is not valid: ${(e as Error).message}`));
    }
  };
  form.append(
    h('details', {}, h('summary', {}, 'Advanced (JSON: conditions, routing, notifications)'), field('Definition JSON', json), applyJson),
  );

  const validate = h('button', { type: 'button', class: 'secondary' }, 'Validate');
  const publish = h('button', { type: 'submit' }, 'Publish as a new version');
  const trial = h('div');
  form.append(
    h('h3', {}, 'Diagram'),
    pic,
    problemsBox,
    h('div', { class: 'actions' }, validate, publish, tryDraftButton(def, form, problemsBox, trial)),
    out,
    trial,
  );
  redraw();
  validate.onclick = () =>
    void change(
      out,
      validate,
      'handoffPanelValidateWorkflow',
      { definition: def },
      (r) => (r.ok ? 'The workflow is valid.' : 'The workflow has problems (shown next to the fields).'),
      (r) => {
        showProblems(form, problemsBox, r.problems);
        if (!r.ok) markError(out);
      },
    );
  const send = (updateForms: boolean) =>
    void change(
      out,
      publish,
      'handoffPanelPublishWorkflow',
      { definition: def, ...(updateForms ? { updateForms } : {}) },
      (r) =>
        r.ok
          ? `${r.created ? `Published ${r.workflowId} version ${r.version}.` : `Nothing changed: version ${r.version} already has this content.`}${(r.formsAdded ?? []).map((x) => ` ${x}`).join('')}`
          : r.formGaps
            ? `Not published. ${r.formGaps}`
            : 'Not published: fix the problems shown next to the fields.',
      (r) => {
        showProblems(form, problemsBox, r.problems);
        if (r.ok) return;
        markError(out);
        if (r.formGaps) {
          // The admin confirms the change to the form; until then nothing is published.
          const yes = h('button', { type: 'button' }, 'Add the questions to the form and publish');
          yes.onclick = () => send(true);
          out.appendChild(yes);
        }
      },
    );
  form.onsubmit = (e) => {
    e.preventDefault();
    send(false);
  };
  box.appendChild(form);
}
