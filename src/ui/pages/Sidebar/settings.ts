/** Admin > Settings: approval links, approver identity, the digest hour, the dispatcher's period, the default delivery. */
import { field, h } from '../../shared/dom';
import { change, load } from './status';
import type * as T from './types';

/** Dispatched on the document after the settings were saved. */
export const SETTINGS_SAVED = 'handoff:settings-saved';

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
    const delivery = h(
      'select',
      {},
      h('option', { value: 'digest' }, 'A daily digest'),
      h('option', { value: 'immediate' }, 'Each one at once'),
    ) as HTMLSelectElement;
    delivery.value = s.defaultDelivery;
    const out = h('div');
    const save = h('button', { type: 'submit' }, 'Save settings');
    const form = h(
      'form',
      { 'aria-label': 'Settings' },
      field('Approval links expire after (days)', ttl),
      field('Approver identity', mode),
      field('Daily digest hour (0–23)', hour),
      field('Dispatcher runs every', period, 'An add-on may run timers at most hourly'),
      field(
        'People without a choice get approvals, assignments and reminders as',
        delivery,
        'A digest costs one email a day per person; a person can choose otherwise in People and roles',
      ),
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
          defaultDelivery: delivery.value === 'immediate' ? 'immediate' : 'digest',
        },
        () => 'Settings saved.',
        // Sections that show a setting (People and roles names the default delivery) read it again.
        () => document.dispatchEvent(new CustomEvent(SETTINGS_SAVED)),
      );
    };
    box.appendChild(form);
  });
}
