/** The workflow editor's sections: basics, fields, states and transitions, each a list of controls. */
import { h } from '../../shared/dom';
import { approvalEditor, slaEditor, stateName } from './editor-approval';
import { list, type EditorKit } from './editor-kit';
import type * as T from './types';

type Part = HTMLElement;

/** Basics: the id, the name and the id prefix. */
export function basics(kit: EditorKit, def: T.Def): Part[] {
  return [
    h('h3', {}, 'Basics'),
    kit.text(
      'Id',
      'id',
      () => def.id,
      (v) => (def.id = v),
    ),
    kit.text(
      'Name',
      'name',
      () => def.name,
      (v) => (def.name = v),
    ),
    kit.text(
      'Id prefix',
      'prefix',
      () => def.prefix,
      (v) => (def.prefix = v),
      'Capital letters, e.g. PR gives PR-000123',
    ),
  ];
}

/** The request fields. */
export function fieldsEditor(kit: EditorKit, def: T.Def): Part[] {
  return [
    h('h3', {}, 'Fields'),
    h(
      'div',
      { class: 'editor-list', 'data-path': 'fields' },
      ...def.fields.map((f, i) =>
        kit.item(
          `fields[${i}]`,
          `${f.label || f.id} · ${f.type}${f.required ? ' · required' : ''}`,
          kit.text(
            'Field id',
            `fields[${i}].id`,
            () => f.id,
            (v) => (f.id = v),
          ),
          kit.text(
            'Label',
            `fields[${i}].label`,
            () => f.label,
            (v) => (f.label = v),
          ),
          kit.select(
            'Type',
            `fields[${i}].type`,
            ['text', 'long_text', 'number', 'currency', 'date', 'email', 'choice', 'multi_choice', 'checkbox', 'link'],
            () => f.type,
            (v) => (f.type = v),
          ),
          kit.text(
            'Options (comma-separated)',
            `fields[${i}].options`,
            () => (f.options ?? []).join(', '),
            (v) => {
              const o = list(v);
              if (o.length) f.options = o;
              else delete f.options;
            },
          ),
          kit.select(
            'Required',
            `fields[${i}].required`,
            ['no', 'yes'],
            () => (f.required ? 'yes' : 'no'),
            (v) => {
              if (v === 'yes') f.required = true;
              else delete f.required;
            },
          ),
          kit.remove(def.fields, i),
        ),
      ),
    ),
    kit.add('Add field', () => {
      def.fields.push({ id: `field${def.fields.length + 1}`, label: 'New field', type: 'text' });
    }),
  ];
}

/** The states. */
export function statesEditor(kit: EditorKit, def: T.Def): Part[] {
  return [
    h('h3', {}, 'States'),
    h(
      'div',
      { class: 'editor-list', 'data-path': 'states' },
      ...def.states.map((s, i) =>
        kit.item(
          `states[${i}]`,
          `${s.label || s.id} · ${s.kind.replace(/_/g, ' ')}${s.approval ? ' · approval' : ''}${s.sla ? ' · SLA' : ''}`,
          kit.text(
            'State id',
            `states[${i}].id`,
            () => s.id,
            (v) => (s.id = v),
          ),
          kit.text(
            'Label',
            `states[${i}].label`,
            () => s.label,
            (v) => (s.label = v),
          ),
          kit.select(
            'Kind',
            `states[${i}].kind`,
            ['start', 'active', 'waiting_on_requester', 'terminal'],
            () => s.kind,
            (v) => (s.kind = v),
          ),
          kit.select(
            'Outcome (terminal)',
            `states[${i}].outcome`,
            ['', 'completed', 'approved', 'rejected', 'cancelled'],
            () => s.outcome ?? '',
            (v) => {
              if (v) s.outcome = v;
              else delete s.outcome;
            },
          ),
          ...approvalEditor(kit, def, s, i),
          ...slaEditor(kit, s, i),
          kit.remove(def.states, i),
        ),
      ),
    ),
    kit.add('Add state', () => {
      def.states.push({ id: `state${def.states.length + 1}`, label: 'New state', kind: 'active' });
    }),
  ];
}

/** The transitions between states. */
export function transitionsEditor(kit: EditorKit, def: T.Def): Part[] {
  return [
    h('h3', {}, 'Transitions'),
    h(
      'div',
      { class: 'editor-list', 'data-path': 'transitions' },
      ...def.transitions.map((t, i) =>
        kit.item(
          `transitions[${i}]`,
          `${t.label || t.action}: ${t.from.map((f) => stateName(def, f)).join(', ')} → ${stateName(def, t.to)}`,
          kit.text(
            'Action',
            `transitions[${i}].action`,
            () => t.action,
            (v) => (t.action = v),
          ),
          kit.text(
            'Label',
            `transitions[${i}].label`,
            () => t.label ?? '',
            (v) => {
              if (v) t.label = v;
              else delete t.label;
            },
          ),
          kit.text(
            'From states (comma-separated)',
            `transitions[${i}].from`,
            () => t.from.join(', '),
            (v) => (t.from = list(v)),
          ),
          kit.text(
            'To state',
            `transitions[${i}].to`,
            () => t.to,
            (v) => (t.to = v.trim()),
          ),
          kit.text(
            'Who (requester, assignee, approver)',
            `transitions[${i}].by`,
            () => t.by.map((b) => (typeof b === 'string' ? b : `role:${b.role}`)).join(', '),
            (v) => (t.by = list(v).map((x) => (x.startsWith('role:') ? { role: x.slice(5) } : x))),
          ),
          kit.remove(def.transitions, i),
        ),
      ),
    ),
    kit.add('Add transition', () => {
      def.transitions.push({
        action: `action${def.transitions.length + 1}`,
        from: [def.states[0]?.id ?? ''],
        to: def.states[0]?.id ?? '',
        by: ['assignee'],
      });
    }),
  ];
}
