/** Admin > Chat spaces: the Google Chat spaces Handoff posts to. A webhook URL is write-only: listed masked. */
import { field, h } from '../../shared/dom';
import { change, load, status } from './status';

export function chatSpacesSection(box: HTMLElement): void {
  const listBox = h('div');
  const out = h('div');
  const name = h('input', { required: true, maxlength: 80, placeholder: 'Procurement' });
  const url = h('input', { type: 'url', placeholder: 'https://chat.googleapis.com/v1/spaces/…' });
  const queues = h('input', { placeholder: 'procurement' });
  const save = h('button', { type: 'submit' }, 'Save space');
  const form = h(
    'form',
    { 'aria-label': 'Add or change a Chat space' },
    field('Space name', name),
    field('Webhook URL', url, 'In Chat: the space › Apps & integrations › Webhooks. Leave empty to keep the saved one.'),
    field('Queues told in this space (comma-separated)', queues),
    save,
    out,
  );
  const refresh = () =>
    void load(listBox, 'handoffPanelChatSpaces', {}, (r) => {
      if (r.spaces.length === 0) {
        listBox.appendChild(status('empty', 'No Chat space yet.'));
        return;
      }
      listBox.appendChild(
        h(
          'ul',
          {},
          ...r.spaces.map((s) => {
            const remove = h('button', { type: 'button', class: 'secondary' }, 'Remove');
            remove.onclick = () =>
              void change(out, remove, 'handoffPanelDeleteChatSpace', { name: s.name }, (x) => `Removed ${x.removed}.`, refresh);
            return h('li', {}, `${s.name} — ${s.webhook} — ${s.queues.join(', ') || 'no queue'} `, remove);
          }),
        ),
      );
    });
  form.onsubmit = (e) => {
    e.preventDefault();
    void change(
      out,
      save,
      'handoffPanelSaveChatSpace',
      {
        name: name.value.trim(),
        webhookUrl: url.value.trim(),
        queues: queues.value
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      },
      (r) => `Saved ${r.space.name}.`,
      () => {
        url.value = '';
        refresh();
      },
    );
  };
  box.append(listBox, form);
  refresh();
}
