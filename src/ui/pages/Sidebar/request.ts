/** One request: its state, fields, what the person may do on it now, and its timeline. */
import { clear, formatTime, h } from '../../shared/dom';
import { LABELS, session, show, view } from './nav';
import { who, eventText } from './labels';
import { actionChooser } from './request-actions';
import { load, status } from './status';
import type * as T from './types';

export function openRequest(id: string): void {
  clear(view);
  const back = h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => show(session.current) },
    `← Back to ${LABELS[session.current]}`,
  );
  const body = h('div');
  view.append(back, body);
  view.focus();
  void load(body, 'handoffPanelGetRequest', { requestId: id }, (r) => renderRequest(body, r));
}

function renderRequest(body: HTMLElement, r: T.RequestView): void {
  const at = (ms: number | null | undefined) => formatTime(ms, r.timeZone);
  body.appendChild(h('h2', {}, `${r.id} · ${r.workflowName}`));
  if (r.archived)
    body.appendChild(
      h(
        'p',
        { class: 'archived-note' },
        h('span', { class: 'badge archived', 'data-testid': 'archived-mark' }, 'Archived'),
        ` Closed and moved to “${r.archived.name}”: shown read-only.`,
      ),
    );
  if (r.id.startsWith('TEST-'))
    body.appendChild(status('empty', 'A TEST request of a test run: every email it causes goes to the admin who started the run.'));
  body.appendChild(
    h(
      'dl',
      {},
      h('dt', {}, 'State'),
      h('dd', {}, r.stateLabel),
      h('dt', {}, 'Requester'),
      h('dd', {}, r.requester),
      h('dt', {}, r.step?.pending.length ? 'Waiting for' : 'With'),
      h('dd', {}, r.stateKind === 'terminal' ? '—' : r.step?.pending.length ? r.step.pending.join(', ') : who(r.assignee)),
      h('dt', {}, 'Due'),
      h('dd', {}, r.sla ? `${at(r.sla.dueAt)}${r.sla.overdue ? ' (overdue)' : ''}${r.sla.paused ? ' (paused)' : ''}` : '—'),
      ...(r.operator ? [h('dt', {}, 'Channel'), h('dd', {}, r.channel), h('dt', {}, 'Revision'), h('dd', {}, r.revision)] : []),
    ),
  );
  if (r.step) body.appendChild(h('p', {}, h('strong', {}, `Step: ${r.step.label}. `), stepText(r)));
  body.appendChild(h('h3', {}, 'Fields'));
  body.appendChild(h('dl', {}, ...r.fields.flatMap((f) => [h('dt', {}, f.label), h('dd', {}, show1(f.value))])));
  if (r.intakeProblems.length) body.appendChild(h('ul', { class: 'problem' }, ...r.intakeProblems.map((p) => h('li', {}, p.message))));
  body.appendChild(h('h3', {}, 'Actions'));
  if (r.archived) body.appendChild(status('empty', 'An archived request is read-only: nothing can be done on it.'));
  else if (r.actions.length === 0 && !r.operator) body.appendChild(status('empty', 'There is nothing you can do on this request now.'));
  else body.appendChild(actionChooser(r, () => openRequest(r.id)));
  body.appendChild(h('h3', {}, 'History'));
  body.appendChild(
    r.timeline.length === 0
      ? status('empty', 'Nothing recorded yet.')
      : h(
          'ol',
          { class: 'timeline' },
          ...r.timeline.map((e) =>
            h(
              'li',
              {},
              h(
                'strong',
                {},
                eventText(
                  e,
                  (id) => r.states.find((x) => x.id === id)?.label ?? id,
                  e.action === 'transition' ? transitionLabel(r, e.name) : undefined,
                ),
              ),
              h('div', { class: 'meta' }, at(e.at)),
              e.comment ? h('div', {}, `“${e.comment}”`) : null,
              e.reason ? h('div', { class: 'meta' }, `Reason: ${e.reason}`) : null,
              e.changes.length
                ? h(
                    'div',
                    { class: 'meta' },
                    e.changes.map((c) => `${fieldLabel(r, c.field)}: ${show1(c.before)} → ${show1(c.after)}`).join('; '),
                  )
                : null,
            ),
          ),
        ),
  );
}

/** Who the approval step waits on, in words for the person reading: operators are told what to do about nobody. */
function stepText(r: T.RequestView): string {
  const pending = r.step?.pending ?? [];
  if (pending.length) return `Waiting for ${pending.join(', ')}.`;
  return r.operator ? 'No approver is pending: reassign it to someone who can approve.' : 'Waiting for Handoff to find an approver.';
}

const transitionLabel = (r: T.RequestView, name: string | null | undefined): string | undefined =>
  name
    ? (r.transitionLabels?.[name] ??
      r.actions.find((a) => a.name === name)?.label ??
      name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()))
    : undefined;

const fieldLabel = (r: T.RequestView, id: string): string => r.fields.find((f) => f.id === id)?.label ?? id;

export const show1 = (v: unknown): string =>
  v === null || v === undefined || v === ''
    ? '—'
    : Array.isArray(v)
      ? v.join(', ')
      : typeof v === 'boolean'
        ? v
          ? 'yes'
          : 'no'
        : String(v);
