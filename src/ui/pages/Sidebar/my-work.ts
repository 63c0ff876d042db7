/** My work: what waits on the signed-in person, overdue and oldest first, with Approve at hand. */
import { clear, field, h } from '../../shared/dom';
import { stateLabel, when } from './labels';
import { view } from './nav';
import { openRequest } from './request';
import { change, load, status } from './status';
import type * as T from './types';

const WHY: Record<string, string> = {
  approve: 'Waiting for your approval',
  assigned: 'Assigned to you',
  queue: 'In your queue',
  answer: 'Waiting for your answer',
};

export function myWork(): void {
  // Drawn from scratch every time (after an approval too): never a second list under a stale one.
  clear(view);
  const box = h('section', { 'aria-labelledby': 'h-mywork' }, h('h2', { id: 'h-mywork' }, 'My work'));
  const list = h('div');
  box.append(list, openById());
  view.appendChild(box);
  void load(list, 'handoffPanelMyWork', {}, (r) => {
    if (r.items.length === 0) {
      list.appendChild(status('empty', 'Nothing waits on you. New work will appear here.'));
      return;
    }
    list.appendChild(
      h(
        'p',
        { class: 'meta' },
        `${r.total} item${r.total === 1 ? '' : 's'}${r.overdue ? `, ${r.overdue} overdue` : ''}; overdue and oldest first.`,
      ),
    );
    for (const it of r.items) {
      const out = h('div');
      const approve = h('button', { type: 'button' }, 'Approve');
      // The answer stays readable a moment, then My work is drawn again without this request.
      approve.onclick = () =>
        void change(
          out,
          approve,
          'handoffPanelAct',
          { requestId: it.id, expectedRevision: it.revision, action: { type: 'approve' } },
          (x) => approvedText(it, x),
          () => setTimeout(() => box.isConnected && myWork(), 1200),
        );
      list.appendChild(
        h(
          'article',
          { class: `card${it.overdue ? ' overdue' : ''}`, 'aria-label': `${it.id} ${it.summary}` },
          h('div', { class: 'row' }, h('strong', {}, it.id), it.overdue ? h('span', { class: 'badge overdue' }, 'Overdue') : null),
          h('div', {}, it.summary || '(no summary)'),
          h(
            'div',
            { class: 'meta' },
            `${WHY[it.why] ?? it.why}${it.onBehalfOf ? ` (for ${it.onBehalfOf})` : ''} · ${stateLabel(it.workflowId, it.state) || it.stateLabel} · due ${when(it.workflowId, it.slaDue)}`,
          ),
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', onclick: () => openRequest(it.id) }, `Open ${it.id}`),
            it.why === 'approve' ? approve : null,
          ),
          out,
        ),
      );
    }
  });
}

/**
 * Any request the person is part of, by its id: one they requested, or one they decided or worked on whose step has
 * since moved on (it is no longer in My work). The server says the same for an unknown id and one not theirs.
 */
function openById(): HTMLElement {
  const id = h('input', { placeholder: 'PR-000123', autocomplete: 'off', required: true, maxlength: 40 });
  const form = h(
    'form',
    { 'aria-label': 'Open a request', class: 'open-by-id' },
    field('Open a request by its id', id, 'One you asked for, decided or worked on, also after it moved on.'),
    h('button', { type: 'submit', class: 'secondary' }, 'Open'),
  );
  form.onsubmit = (e) => {
    e.preventDefault();
    const v = id.value.trim().toUpperCase();
    if (v) openRequest(v);
  };
  return form;
}

/**
 * What an approval did: the last one moves the request on; an intermediate one only records the decision, and the
 * request waits for the next approver or step (the requester is told only at the end).
 */
export function approvedText(before: { id: string; workflowId: string; state: string }, after: T.ActResult): string {
  if (after.state === before.state) {
    const next = after.pending?.length ? after.pending.join(', ') : 'the next approver';
    return `Your approval of ${after.id} is recorded. It now waits for ${next}.`;
  }
  return `Your approval of ${after.id} is recorded. It moved on to ${stateLabel(before.workflowId, after.state)}.`;
}
