/** My work: what waits on the signed-in person, overdue and oldest first, with Approve at hand. */
import { formatTime, h } from '../../shared/dom';
import { view } from './nav';
import { openRequest } from './request';
import { change, load, status } from './status';

const WHY: Record<string, string> = {
  approve: 'Waiting for your approval',
  assigned: 'Assigned to you',
  queue: 'In your queue',
  answer: 'Waiting for your answer',
};

export function myWork(): void {
  const box = h('section', { 'aria-labelledby': 'h-mywork' }, h('h2', { id: 'h-mywork' }, 'My work'));
  const list = h('div');
  box.appendChild(list);
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
      approve.onclick = () =>
        void change(
          out,
          approve,
          'handoffPanelAct',
          { requestId: it.id, expectedRevision: it.revision, action: { type: 'approve' } },
          (x) => `${x.id} approved (now ${x.state}).`,
          () => myWork(),
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
            `${WHY[it.why] ?? it.why}${it.onBehalfOf ? ` (for ${it.onBehalfOf})` : ''} · ${it.stateLabel} · due ${formatTime(it.slaDue)}`,
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
