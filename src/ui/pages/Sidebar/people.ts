/**
 * Admin > People and roles: the Directory, and adding or changing a person: roles, who acts for them while they are
 * away and on which days.
 */
import { field, formatTime, h } from '../../shared/dom';
import { SETTINGS_SAVED } from './settings';
import { change, load, status } from './status';
import type * as T from './types';

type Person = T.DirectoryList['people'][number];

/** The calendar day of `ms` in the person's zone, as a date input wants it. */
const day = (ms: number | null, zone: string): string => (ms === null ? '' : formatTime(ms, zone).slice(0, 10));

function awayText(p: Person): string {
  if (p.awayFrom === null || p.awayTo === null) return p.delegate ? `delegate ${p.delegate}` : '';
  const span = `away ${day(p.awayFrom, p.timeZone)} to ${day(p.awayTo, p.timeZone)}`;
  return p.delegate ? `${span}, ${p.delegate} decides for them` : `${span}, no delegate`;
}

export function peopleSection(box: HTMLElement): void {
  const listBox = h('div');
  const out = h('div');
  const email = h('input', { type: 'email', required: true });
  const name = h('input');
  const roles = h('input', { placeholder: 'operator, admin, finance' });
  const delivery = h(
    'select',
    {},
    h('option', { value: '' }, 'Default (a daily digest)'),
    h('option', { value: 'digest' }, 'A daily digest'),
    h('option', { value: 'immediate' }, 'Each one at once'),
  ) as HTMLSelectElement;
  const delegate = h('input', { type: 'email', placeholder: 'someone@example.com' });
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const save = h('button', { type: 'submit' }, 'Save person');
  const form = h(
    'form',
    { 'aria-label': 'Add or change a person' },
    h('h3', {}, 'Add or change a person'),
    field('Email', email),
    field('Name', name),
    field('Roles (comma-separated)', roles, 'operator and admin are Handoff roles; others are queues, e.g. finance'),
    field('Approvals and reminders by email', delivery, 'A step due before the next digest is still sent at once.'),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Away'),
      field('Delegate while away', delegate, 'Decides their approvals on the days below, "on behalf of" them.'),
      h('div', { class: 'row' }, field('First day away', from), field('Last day away', to)),
    ),
    save,
    out,
  );
  const edit = (p: Person) => {
    email.value = p.email;
    name.value = p.name;
    roles.value = p.roles.join(', ');
    delegate.value = p.delegate ?? '';
    delivery.value = p.delivery ?? '';
    from.value = day(p.awayFrom, p.timeZone);
    to.value = day(p.awayTo, p.timeZone);
    email.focus();
  };
  const refresh = () =>
    void load(listBox, 'handoffPanelDirectory', {}, (r) => {
      // The default option names what it means today (Admin > Settings).
      const byDefault = r.defaultDelivery === 'immediate' ? 'each one at once' : 'a daily digest';
      const first = delivery.options[0];
      if (first) first.textContent = `Default (${byDefault})`;
      const own = (d: string | null) => d ?? r.defaultDelivery;
      if (r.people.length === 0) {
        listBox.appendChild(status('empty', 'Nobody in the Directory yet.'));
        return;
      }
      listBox.appendChild(
        h(
          'ul',
          { class: 'plain', 'aria-label': 'People' },
          ...r.people.map((p) =>
            h(
              'li',
              { class: 'card' },
              h('button', { type: 'button', class: 'secondary', onclick: () => edit(p), 'aria-label': `Edit ${p.email}` }, p.email),
              h('div', {}, `${p.name} — ${p.roles.join(', ') || 'no roles'}${own(p.delivery) === 'immediate' ? ' — emails at once' : ''}`),
              awayText(p) ? h('div', { class: 'meta' }, awayText(p)) : null,
            ),
          ),
        ),
      );
    });
  form.onsubmit = (e) => {
    e.preventDefault();
    void change(
      out,
      save,
      'handoffPanelSavePerson',
      {
        email: email.value.trim(),
        name: name.value.trim(),
        roles: roles.value
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
        delivery: deliveryOf(delivery.value),
        delegate: delegate.value.trim(),
        awayFrom: from.value,
        awayTo: to.value,
      },
      (r) => `Saved ${r.email}.`,
      refresh,
    );
  };
  box.append(listBox, form);
  refresh();
  // Settings saved: the default delivery the list and the editor name may have changed. A view closed since stops
  // listening (each opening of Admin draws this section anew).
  const onSaved = () => (box.isConnected ? refresh() : document.removeEventListener(SETTINGS_SAVED, onSaved));
  document.addEventListener(SETTINGS_SAVED, onSaved);
}

/** The select's value as the server's delivery choice ('' keeps the default). */
function deliveryOf(v: string): '' | 'digest' | 'immediate' {
  return v === 'digest' || v === 'immediate' ? v : '';
}
