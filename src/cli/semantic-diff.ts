/**
 * What publishing a workflow file would change, in the workflow's own terms: fields, states, approval steps,
 * transitions, routing, calendar, notifications and the workflow's settings. Items are matched by their id
 * (fields, states, steps), their action and from-states (transitions) or their position (routing rules), so
 * moving a field in the file is a move, not a removal and an addition. Pure: no I/O.
 */
import { canonicalJson, type Definition } from '../core';

export type Section = 'workflow' | 'fields' | 'states' | 'steps' | 'transitions' | 'routing' | 'calendar' | 'notifications';

export interface Change {
  section: Section;
  kind: 'added' | 'removed' | 'changed' | 'moved';
  /** What changed, e.g. `amount`, `manager_review/finance`, `approve from [review]`. */
  item: string;
  /** For 'changed': one line per property (`label: "Amount" → "Amount (EUR)"`). */
  details: string[];
}

export interface WorkflowDiff {
  workflowId: string;
  /** The published version compared with, or null for a workflow never published. */
  from: number | null;
  changes: Change[];
}

const show = (v: unknown): string => (v === undefined ? '(none)' : JSON.stringify(v));

/** Property-level differences between two JSON values, as `path: before → after` lines. */
export function propertyChanges(before: unknown, after: unknown, path = ''): string[] {
  if (canonicalJson(before ?? null) === canonicalJson(after ?? null)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => propertyChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return [`${path || '(value)'}: ${show(before)} → ${show(after)}`];
}

interface Keyed {
  key: string;
  value: unknown;
}

function diffList(section: Section, before: readonly Keyed[], after: readonly Keyed[], out: Change[]): void {
  const old = new Map(before.map((b, i) => [b.key, { ...b, index: i }]));
  const now = new Map(after.map((a, i) => [a.key, { ...a, index: i }]));
  for (const b of before) if (!now.has(b.key)) out.push({ section, kind: 'removed', item: b.key, details: [] });
  const keptOld = before.filter((b) => now.has(b.key)).map((b) => b.key);
  const keptNew = after.filter((a) => old.has(a.key)).map((a) => a.key);
  after.forEach((a, i) => {
    const prev = old.get(a.key);
    if (!prev) {
      out.push({ section, kind: 'added', item: a.key, details: [`at position ${i + 1}`] });
      return;
    }
    const details = propertyChanges(prev.value, a.value);
    if (details.length) out.push({ section, kind: 'changed', item: a.key, details });
    const was = keptOld.indexOf(a.key);
    const is = keptNew.indexOf(a.key);
    if (was !== is) out.push({ section, kind: 'moved', item: a.key, details: [`position ${was + 1} → ${is + 1}`] });
  });
}

const steps = (d: Definition | null): Keyed[] =>
  (d?.states ?? []).flatMap((s) => (s.approval?.steps ?? []).map((st) => ({ key: `${s.id}/${st.id}`, value: st })));

const withoutSteps = (d: Definition | null): Keyed[] =>
  (d?.states ?? []).map((s) => {
    if (!s.approval) return { key: s.id, value: s };
    const { steps: _steps, ...approval } = s.approval;
    return { key: s.id, value: { ...s, approval: { ...approval, steps: s.approval.steps.map((x) => x.id) } } };
  });

const settings = (d: Definition | null): Record<string, unknown> => {
  if (!d) return {};
  const { fields: _f, states: _s, transitions: _t, routing: _r, calendar: _c, notifications: _n, ...rest } = d;
  return rest;
};

export function diffDefinitions(before: Definition | null, after: Definition): Change[] {
  const out: Change[] = [];
  const top = propertyChanges(settings(before), settings(after));
  if (top.length) out.push({ section: 'workflow', kind: before ? 'changed' : 'added', item: after.id, details: top });
  diffList(
    'fields',
    (before?.fields ?? []).map((f) => ({ key: f.id, value: f })),
    after.fields.map((f) => ({ key: f.id, value: f })),
    out,
  );
  diffList('states', withoutSteps(before), withoutSteps(after), out);
  diffList('steps', steps(before), steps(after), out);
  const tkey = (t: Definition['transitions'][number]) => `${t.action} from [${t.from.join(', ')}]`;
  diffList(
    'transitions',
    (before?.transitions ?? []).map((t) => ({ key: tkey(t), value: t })),
    after.transitions.map((t) => ({ key: tkey(t), value: t })),
    out,
  );
  const rules = (d: Definition | null): Keyed[] => [
    ...(d?.routing?.rules ?? []).map((r, i) => ({ key: `rule ${i + 1}`, value: r })),
    ...(d?.routing ? [{ key: 'default', value: d.routing.default }] : []),
  ];
  diffList('routing', rules(before), rules(after), out);
  const cal = propertyChanges(before?.calendar, after.calendar);
  if (cal.length) out.push({ section: 'calendar', kind: 'changed', item: 'calendar', details: cal });
  const kinds = (d: Definition | null): Keyed[] =>
    Object.entries(d?.notifications ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => ({ key: k, value: v }));
  diffList('notifications', kinds(before), kinds(after), out);
  // Routing rules and notification kinds have no order that matters to people beyond the rules' own order.
  return out.filter((c) => !(c.kind === 'moved' && (c.section === 'notifications' || c.section === 'routing')));
}

const SECTION_TITLES: Record<Section, string> = {
  workflow: 'Workflow',
  fields: 'Fields',
  states: 'States',
  steps: 'Approval steps',
  transitions: 'Transitions',
  routing: 'Routing',
  calendar: 'Calendar',
  notifications: 'Notifications',
};

const MARK: Record<Change['kind'], string> = { added: '+', removed: '-', changed: '~', moved: '↕' };

/** The diff as people read it: a heading per workflow, then each section's changes. */
export function formatDiff(d: WorkflowDiff, next: number | null): string[] {
  const head =
    d.from === null
      ? `${d.workflowId}: new workflow (publishing creates version 1)`
      : d.changes.length === 0
        ? `${d.workflowId}: no change (version ${d.from} is the same; publishing changes nothing)`
        : `${d.workflowId}: version ${d.from} → ${next ?? d.from + 1}`;
  const lines = [head];
  let section: Section | null = null;
  for (const c of d.changes) {
    if (c.section !== section) {
      section = c.section;
      lines.push(`  ${SECTION_TITLES[section]}`);
    }
    lines.push(`    ${MARK[c.kind]} ${c.item}${c.kind === 'moved' ? `: ${c.details[0]}` : ''}`);
    if (c.kind === 'changed') for (const line of c.details) lines.push(`        ${line}`);
  }
  return lines;
}
