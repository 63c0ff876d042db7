/** Admin > Health: handoffPanelHealth — the timer, each linked form's trigger, the on-edit trigger, the incidents. */
import { formatTime, h } from '../../shared/dom';
import { showBanners } from './banners';
import { load, status } from './status';

const yes = (ok: boolean, installed = true) =>
  h('span', { class: ok && installed ? 'badge ok' : 'badge bad' }, !installed ? 'Not installed' : ok ? 'OK' : 'Not running');
const found = (f: boolean | null) => (f === null ? 'installed by someone else' : f ? 'in your triggers' : 'missing from your triggers');

export function healthSection(box: HTMLElement): void {
  void load(box, 'handoffPanelHealth', {}, (r) => {
    showBanners(r.banners);
    const t = r.timer;
    box.appendChild(
      h(
        'div',
        { class: 'card', 'data-health': 'timer' },
        h('strong', {}, 'Timer '),
        yes(t.ok, t.installed),
        h(
          'p',
          { class: 'meta' },
          t.installed
            ? `Every ${t.periodMinutes} min, installed by ${t.installedBy ?? 'unknown'} (${found(t.found)}). Last run: ${formatTime(t.lastRun)}.`
            : 'Not installed: use Handoff > Triggers > Install.',
        ),
      ),
    );
    for (const f of r.forms)
      box.appendChild(
        h(
          'div',
          { class: 'card', 'data-health': `form:${f.formId}` },
          h('strong', {}, `Form "${f.title || f.formId}" `),
          yes(f.ok),
          h(
            'p',
            { class: 'meta' },
            `Trigger of ${f.trigger.owner ?? 'nobody'} (${found(f.trigger.found)}), last ran ${formatTime(f.trigger.lastRun)}. Last response ${formatTime(f.lastSubmission)}, last handled ${formatTime(f.lastProcessed)}.`,
          ),
        ),
      );
    const e = r.onEdit;
    box.appendChild(
      h(
        'div',
        { class: 'card', 'data-health': 'on-edit' },
        h('strong', {}, 'On-edit protection '),
        yes(e.ok, e.installed),
        h(
          'p',
          { class: 'meta' },
          e.installed
            ? `Installed by ${e.installedBy ?? 'unknown'} (${found(e.found)}). Last ran ${formatTime(e.lastRun)}.`
            : 'Not installed: hand edits to Requests and Audit are not undone. Use Handoff > Triggers > Install.',
        ),
      ),
    );
    box.appendChild(h('h3', {}, 'Incidents'));
    if (r.incidents.length === 0) box.appendChild(status('empty', 'No incident so far.'));
    else
      box.appendChild(
        h(
          'ul',
          { class: 'plain' },
          ...r.incidents.map((i) =>
            h(
              'li',
              { class: 'card' },
              h('span', { class: i.status === 'open' ? 'badge bad' : 'badge ok' }, i.status === 'open' ? 'Open' : 'Ended'),
              ` ${i.title}`,
              h(
                'p',
                { class: 'meta' },
                `Noticed ${formatTime(i.openedAt)} (${i.detectedBy})${i.endedAt ? `; ended ${formatTime(i.endedAt)}: ${i.ended ?? ''}` : ''}.`,
              ),
            ),
          ),
        ),
      );
  });
}
