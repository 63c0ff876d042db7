/**
 * The workflow editor's controls for a state's approval chain (steps, who approves, any/all/quorum, where approved
 * and rejected requests go) and its SLA (business hours, reminders, escalation): form controls, not raw JSON.
 * What they do not cover (conditions on a step, routing tables) stays in Advanced (JSON) and is kept as it is.
 */
import { h } from '../../shared/dom';
import { list, type EditorKit } from './editor-kit';
import type * as T from './types';

type State = T.Def['states'][number];

export const stateName = (def: T.Def, id: string): string => def.states.find((s) => s.id === id)?.label || id || '?';

/** [id, label] for a state select; an id that names no state is kept, so the problem shows. */
function stateOptions(def: T.Def, current: string): Array<readonly [string, string]> {
  const known = def.states.map((s) => [s.id, `${s.label || s.id}`] as const);
  return known.some(([id]) => id === current) ? known : [...known, [current, `${current || '—'} (no such state)`] as const];
}

const WHO_TYPES = [
  ['role', 'Everyone with a role'],
  ['people', 'These people'],
  ['requester_manager', "The requester's manager"],
  ['field', 'The person named in a field'],
] as const;

/** One approver source (or escalation target) as a type select plus its value. */
function whoEditor(
  kit: EditorKit,
  path: string,
  get: () => T.Who,
  set: (w: T.Who) => void,
  types: ReadonlyArray<readonly [string, string]> = WHO_TYPES,
): HTMLElement[] {
  const w = get();
  const value = (x: T.Who): string =>
    x.type === 'people'
      ? x.emails.join(', ')
      : x.type === 'role'
        ? x.role
        : x.type === 'queue'
          ? x.queue
          : x.type === 'person'
            ? x.email
            : x.type === 'field'
              ? x.field
              : '';
  const make = (type: string, v: string): T.Who =>
    type === 'people'
      ? { type, emails: list(v) }
      : type === 'role'
        ? { type, role: v.trim() }
        : type === 'queue'
          ? { type, queue: v.trim() }
          : type === 'person'
            ? { type, email: v.trim() }
            : type === 'field'
              ? { type, field: v.trim() }
              : { type: 'requester_manager' };
  if (w.type === 'table') return [h('p', { class: 'hint' }, 'A routing table: edit it in Advanced (JSON).')];
  return [
    kit.select(
      'Who',
      `${path}.type`,
      types,
      () => w.type,
      (t) => set(make(t, value(get()))),
      true,
    ),
    w.type === 'requester_manager'
      ? null
      : kit.text(
          w.type === 'people' ? 'Emails (comma-separated)' : w.type === 'field' ? 'Field id' : w.type === 'role' ? 'Role' : 'Value',
          `${path}.${w.type === 'people' ? 'emails' : w.type}`,
          () => value(get()),
          (v) => set(make(get().type, v)),
        ),
  ].filter((x): x is HTMLElement => x !== null);
}

export function approvalEditor(kit: EditorKit, def: T.Def, s: State, i: number): HTMLElement[] {
  const p = `states[${i}].approval`;
  if (!s.approval) {
    if (s.kind === 'terminal' || s.kind === 'waiting_on_requester') return [];
    return [
      kit.add('Add an approval chain', () => {
        const other = def.states.find((x) => x.kind === 'terminal')?.id ?? '';
        s.approval = {
          steps: [{ id: 'step1', label: 'Approval', approvers: [{ type: 'requester_manager' }], policy: { type: 'any' } }],
          onApproved: other,
          onRejected: other,
        };
      }),
    ];
  }
  const a = s.approval;
  return [
    h(
      'fieldset',
      { 'data-path': p },
      h('legend', {}, 'Approval chain'),
      kit.select(
        'When approved, go to',
        `${p}.onApproved`,
        stateOptions(def, a.onApproved),
        () => a.onApproved,
        (v) => (a.onApproved = v),
      ),
      kit.select(
        'When rejected, go to',
        `${p}.onRejected`,
        stateOptions(def, a.onRejected),
        () => a.onRejected,
        (v) => (a.onRejected = v),
      ),
      ...a.steps.map((st, j) =>
        kit.item(
          `${p}.steps[${j}]`,
          `Step ${j + 1}: ${st.label} · ${st.policy.type === 'quorum' ? `${st.policy.n} of them` : st.policy.type}`,
          kit.text(
            'Step label',
            `${p}.steps[${j}].label`,
            () => st.label,
            (v) => (st.label = v),
          ),
          kit.select(
            'Who must approve',
            `${p}.steps[${j}].policy`,
            [
              ['any', 'Any one of them'],
              ['all', 'All of them'],
              ['quorum', 'A number of them'],
            ],
            () => st.policy.type,
            (v) => (st.policy = v === 'quorum' ? { type: 'quorum', n: 2 } : { type: v as 'any' | 'all' }),
            true,
          ),
          st.policy.type === 'quorum'
            ? kit.number(
                'How many',
                `${p}.steps[${j}].policy.n`,
                () => (st.policy as { n: number }).n,
                (v) => ((st.policy as { n: number }).n = v ?? 0),
              )
            : null,
          ...st.approvers.flatMap((_, k) =>
            whoEditor(
              kit,
              `${p}.steps[${j}].approvers[${k}]`,
              () => st.approvers[k] as T.Who,
              (w) => (st.approvers[k] = w),
            ),
          ),
          st.when ? h('p', { class: 'hint' }, 'Runs only when its condition holds (edit in Advanced).') : null,
          a.steps.length > 1 ? kit.remove(a.steps, j) : null,
        ),
      ),
      kit.add('Add a step', () =>
        a.steps.push({
          id: `step${a.steps.length + 1}`,
          label: `Step ${a.steps.length + 1}`,
          approvers: [{ type: 'role', role: 'manager' }],
          policy: { type: 'any' },
        }),
      ),
      kit.add('Remove the approval chain', () => delete s.approval),
    ),
  ];
}

export function slaEditor(kit: EditorKit, s: State, i: number): HTMLElement[] {
  const p = `states[${i}].sla`;
  if (s.kind === 'terminal' || s.kind === 'waiting_on_requester') return [];
  if (!s.sla) return [kit.add('Add a time limit (SLA)', () => (s.sla = { businessHours: 16 }))];
  const sla = s.sla;
  const escalate = sla.escalateTo;
  return [
    h(
      'fieldset',
      { 'data-path': p },
      h('legend', {}, 'Time limit (SLA)'),
      kit.number(
        'Business hours allowed',
        `${p}.businessHours`,
        () => sla.businessHours,
        (v) => (sla.businessHours = v ?? 0),
        "Counted on the workflow's business calendar",
      ),
      kit.text(
        'Remind after (business hours, comma-separated)',
        `${p}.remindAfterHours`,
        () => (sla.remindAfterHours ?? []).join(', '),
        (v) => {
          const hours = list(v).map(Number);
          if (hours.length) sla.remindAfterHours = hours;
          else delete sla.remindAfterHours;
        },
      ),
      escalate
        ? h(
            'div',
            { 'data-path': `${p}.escalateTo` },
            h('p', { class: 'hint' }, 'When the time is up, also tell:'),
            ...whoEditor(
              kit,
              `${p}.escalateTo`,
              () => sla.escalateTo as T.Who,
              (w) => (sla.escalateTo = w),
              [
                ['person', 'A person'],
                ['queue', 'A team (queue)'],
                ['requester_manager', "The requester's manager"],
                ['field', 'The person named in a field'],
              ],
            ),
            kit.check(
              'Hand the request to them too',
              `${p}.reassignOnBreach`,
              () => sla.reassignOnBreach === true,
              (v) => {
                if (v) sla.reassignOnBreach = true;
                else delete sla.reassignOnBreach;
              },
            ),
          )
        : kit.add('Escalate when the time is up', () => (sla.escalateTo = { type: 'requester_manager' })),
      kit.add('Remove the time limit', () => delete s.sla),
    ),
  ];
}
