/**
 * Admin > Undelivered emails: what Handoff gave up sending (handoffPanelUndelivered), with the error of its last
 * attempt, and sending one or all of them again once the cause is fixed (handoffPanelRetryUndelivered).
 */
import { formatTime, h } from '../../shared/dom';
import { session } from './nav';
import { change, load, status } from './status';

export function undeliveredSection(box: HTMLElement): void {
  const draw = () =>
    void load(box, 'handoffPanelUndelivered', {}, (r) => {
      const zone = session.me?.timeZone;
      const out = h('div');
      const again = () => setTimeout(draw, 1500);
      if (r.emails.length === 0) {
        box.append(status('empty', `No undelivered email. Emails Handoff gives up on are kept here ${r.keepDays} days.`));
        return;
      }
      // One email: its own button is enough.
      const all = r.emails.length > 1 ? h('button', { type: 'button' }, `Send all ${r.emails.length} again`) : null;
      if (all) all.onclick = () => void change(out, all, 'handoffPanelRetryUndelivered', {}, (x) => x.message, again);
      box.append(
        h(
          'p',
          { class: 'meta' },
          `Emails Handoff gave up sending, kept ${r.keepDays} days after they were queued. Fix the cause first (an address in People and roles, the daily quota), then send them again: the next timer run sends them.`,
        ),
        h(
          'ul',
          { class: 'plain', 'aria-label': 'Undelivered emails' },
          ...r.emails.map((m) => {
            const one = h('button', { type: 'button', class: 'secondary' }, 'Send again');
            one.onclick = () => void change(out, one, 'handoffPanelRetryUndelivered', { ids: [m.id] }, (x) => x.message, again);
            return h(
              'li',
              { class: 'card', 'data-outbox': m.id },
              h('strong', {}, m.subject || m.kind),
              h(
                'p',
                { class: 'meta' },
                `To ${m.to}${m.requestId ? ` · ${m.requestId}` : ''} · queued ${formatTime(m.queuedAt, zone)} · ${m.attempts} attempt(s)`,
              ),
              h('p', { class: 'status error' }, m.error || 'No error was recorded.'),
              one,
            );
          }),
        ),
        ...(all ? [all] : []),
        out,
      );
    });
  draw();
}
