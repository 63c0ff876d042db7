/** Admin > Settings > Automation: paused or running, and the one button that changes it (the menu's toggle). */
import { formatTime, h } from '../../shared/dom';
import { session } from './nav';
import { change, load } from './status';

export function automationSection(box: HTMLElement): void {
  const draw = () =>
    void load(box, 'handoffPanelAutomation', {}, (s) => {
      const out = h('div');
      const say = s.paused
        ? `Automation is paused${s.by ? ` (by ${s.by}, ${formatTime(s.at, session.me?.timeZone)})` : ''}: no reminders, escalations, digests or emails go out. Requests are still recorded.`
        : 'Automation is running: reminders, escalations, digests and emails go out on schedule.';
      const go = h('button', { type: 'button', class: s.paused ? null : 'danger' }, s.paused ? 'Resume automation' : 'Pause automation');
      go.onclick = () =>
        void change(
          out,
          go,
          'handoffPanelSetAutomation',
          { paused: !s.paused },
          (r) => r.message,
          () => setTimeout(draw, 1500),
        );
      box.append(h('p', { class: s.paused ? 'status error' : 'status ok', role: 'status' }, say), go, out);
    });
  draw();
}
