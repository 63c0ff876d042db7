/** Admin > People and roles: the Directory, and adding or changing a person. */
import { field, h } from '../../shared/dom';
import { change, load, status } from './status';

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
  const save = h('button', { type: 'submit' }, 'Save person');
  const form = h(
    'form',
    { 'aria-label': 'Add or change a person' },
    h('h3', {}, 'Add or change a person'),
    field('Email', email),
    field('Name', name),
    field('Roles (comma-separated)', roles, 'operator and admin are Handoff roles; others are queues, e.g. finance'),
    field('Approvals and reminders by email', delivery, 'A step due before the next digest is still sent at once.'),
    save,
    out,
  );
  const refresh = () =>
    void load(listBox, 'handoffPanelDirectory', {}, (r) => {
      if (r.people.length === 0) {
        listBox.appendChild(status('empty', 'Nobody in the Directory yet.'));
        return;
      }
      listBox.appendChild(
        h(
          'ul',
          {},
          ...r.people.map((p) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  onclick: () => {
                    email.value = p.email;
                    name.value = p.name;
                    roles.value = p.roles.join(', ');
                    delivery.value = p.delivery ?? '';
                    email.focus();
                  },
                },
                p.email,
              ),
              ` ${p.name} — ${p.roles.join(', ') || 'no roles'}${p.delivery === 'immediate' ? ' — emails at once' : ''}`,
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
      },
      (r) => `Saved ${r.email}.`,
      refresh,
    );
  };
  box.append(listBox, form);
  refresh();
}

/** The select's value as the server's delivery choice ('' keeps the default). */
function deliveryOf(v: string): '' | 'digest' | 'immediate' {
  return v === 'digest' || v === 'immediate' ? v : '';
}
