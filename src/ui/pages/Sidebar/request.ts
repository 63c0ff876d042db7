/** One request: its state, fields, what the person may do on it now, and its timeline. */
import { clear, formatTime, h } from '../../shared/dom';
import { LABELS, session, show, view } from './nav';
import { actionForm, resendForm } from './request-actions';
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
  body.appendChild(h('h2', {}, `${r.id} · ${r.workflowName}`));
  body.appendChild(
    h(
      'dl',
      {},
      h('dt', {}, 'State'),
      h('dd', {}, r.stateLabel),
      h('dt', {}, 'Requester'),
      h('dd', {}, r.requester),
      h('dt', {}, 'Assignee'),
      h('dd', {}, r.assignee ?? '—'),
      h('dt', {}, 'SLA due'),
      h('dd', {}, r.sla ? `${formatTime(r.sla.dueAt)}${r.sla.overdue ? ' (overdue)' : ''}${r.sla.paused ? ' (paused)' : ''}` : '—'),
      h('dt', {}, 'Channel'),
      h('dd', {}, r.channel),
      h('dt', {}, 'Revision'),
      h('dd', {}, r.revision),
    ),
  );
  if (r.step)
    body.appendChild(
      h(
        'p',
        {},
        h('strong', {}, `Step: ${r.step.label}. `),
        `Waiting for ${r.step.pending.join(', ') || 'nobody (an operator must reassign)'}.`,
      ),
    );
  body.appendChild(h('h3', {}, 'Fields'));
  body.appendChild(h('dl', {}, ...r.fields.flatMap((f) => [h('dt', {}, f.label), h('dd', {}, show1(f.value))])));
  if (r.intakeProblems.length) body.appendChild(h('ul', { class: 'problem' }, ...r.intakeProblems.map((p) => h('li', {}, p.message))));
  body.appendChild(h('h3', {}, 'Actions'));
  if (r.actions.length === 0 && !r.operator) body.appendChild(status('empty', 'There is nothing you can do on this request now.'));
  for (const a of r.actions) body.appendChild(actionForm(r, a, () => openRequest(r.id)));
  if (r.operator) body.appendChild(resendForm(r));
  body.appendChild(h('h3', {}, 'Timeline'));
  body.appendChild(
    r.timeline.length === 0
      ? status('empty', 'No audit events.')
      : h(
          'ol',
          { class: 'timeline' },
          ...r.timeline.map((e) =>
            h(
              'li',
              {},
              h('strong', {}, e.action.replace(/_/g, ' ')),
              ` by ${e.actor}${e.onBehalfOf ? ` for ${e.onBehalfOf}` : ''} · ${formatTime(e.at)}`,
              e.to && e.from !== e.to ? ` · ${e.from ?? '∅'} → ${e.to}` : '',
              e.comment ? h('div', {}, `“${e.comment}”`) : null,
              e.reason ? h('div', { class: 'meta' }, `Reason: ${e.reason}`) : null,
              e.changes.length
                ? h('div', { class: 'meta' }, e.changes.map((c) => `${c.field}: ${show1(c.before)} → ${show1(c.after)}`).join('; '))
                : null,
            ),
          ),
        ),
  );
}

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
