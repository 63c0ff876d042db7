/** Admin > Settings: approval links, approver identity, the digest hour, the dispatcher's period. */
import { field, h } from '../../shared/dom';
import { change, load } from './status';
import type * as T from './types';

export function settingsSection(box: HTMLElement): void {
  void load(box, 'handoffPanelSettings', {}, (r) => {
    const s = r.settings;
    // required: an empty number input would reach the server as Number('') = 0.
    const ttl = h('input', { type: 'number', min: 1, max: 90, step: 1, required: true, value: s.tokenExpiryDays });
    const mode = h(
      'select',
      {},
      h('option', { value: 'link' }, 'Signed link + confirm button'),
      h('option', { value: 'sign_in' }, 'Approvers must be signed in'),
    );
    mode.value = s.identityMode;
    const hour = h('input', { type: 'number', min: 0, max: 23, step: 1, required: true, value: s.digestHour });
    const period = h('select', {}, ...r.dispatcherPeriods.map((p) => h('option', { value: p }, `${p} min`)));
    period.value = String(s.dispatcherMinutes);
    const out = h('div');
    const save = h('button', { type: 'submit' }, 'Save settings');
    const form = h(
      'form',
      { 'aria-label': 'Settings' },
      field('Approval links expire after (days)', ttl),
      field('Approver identity', mode),
      field('Daily digest hour (0–23)', hour),
      field('Dispatcher runs every', period, 'An add-on may run timers at most hourly'),
      save,
      out,
    );
    form.onsubmit = (e) => {
      e.preventDefault();
      void change(
        out,
        save,
        'handoffPanelSaveSettings',
        {
          tokenExpiryDays: Number(ttl.value),
          identityMode: mode.value as T.SettingsArgs['identityMode'],
          digestHour: Number(hour.value),
          dispatcherMinutes: Number(period.value) as T.SettingsArgs['dispatcherMinutes'],
        },
        () => 'Settings saved.',
      );
    };
    box.appendChild(form);
  });
}
