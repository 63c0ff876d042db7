/**
 * Notices at the top of the panel for admins: emails Handoff gave up sending (handoffPanelWhoAmI's `undelivered`,
 * a count the Outbox's writers keep), with a button to Admin > Undelivered emails.
 */
import { clear, h } from '../../shared/dom';
import { show } from './nav';

const box = document.getElementById('notices') as HTMLElement | null;

export function showNotices(undelivered: number): void {
  if (!box) return;
  clear(box);
  if (undelivered <= 0) return;
  const open = h('button', { type: 'button', class: 'secondary' }, 'See undelivered emails');
  open.onclick = () => {
    show('admin');
    const block = Array.from(document.querySelectorAll('details')).find(
      (d) => d.querySelector('summary')?.textContent === 'Undelivered emails',
    );
    if (block) block.open = true; // its toggle draws it
    block?.scrollIntoView();
  };
  box.appendChild(
    h(
      'div',
      { class: 'banner notice', role: 'status', 'data-notice': 'undelivered' },
      h(
        'p',
        {},
        `${undelivered} email${undelivered === 1 ? '' : 's'} could not be delivered. Fix the cause, then send ${undelivered === 1 ? 'it' : 'them'} again.`,
      ),
      open,
    ),
  );
}
