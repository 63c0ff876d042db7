/** Everything the schema cannot express: ids used once, references that exist, people and zones that make sense. */
import type { Problem } from '../model/json';
import type { ZoneCheck } from '../sla/zone';
import { checkCondition } from './check-condition';
import { compileRegex } from './conditions';
import { checkGraph } from './check-graph';
import type { Definition, FieldDef, StateDef } from './schema';
import { BUILTIN_PLACEHOLDERS, hasMalformedPlaceholder, parsePlaceholders } from './templates';

/** A checker that throws counts as "not known" (validation names the zone instead of failing). */
function zoneKnown(check: ZoneCheck, tz: string): boolean {
  try {
    return check(tz) === true;
  } catch {
    return false;
  }
}

export function checkReferences(def: Definition, isKnownZone: ZoneCheck): Problem[] {
  const out: Problem[] = [];
  const fields = new Map<string, FieldDef>();
  const states = new Map<string, StateDef>();

  def.fields.forEach((f, i) => {
    const p = `fields[${i}]`;
    if (fields.has(f.id)) out.push({ path: `${p}.id`, message: `Field id "${f.id}" is used twice.` });
    fields.set(f.id, f);
    if ((f.type === 'choice' || f.type === 'multi_choice') && !f.options?.length)
      out.push({ path: `${p}.options`, message: `${f.label} is a ${f.type} field and needs a list of options.` });
    if (f.options && new Set(f.options).size !== f.options.length)
      out.push({ path: `${p}.options`, message: `${f.label} lists the same option twice.` });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      out.push({ path: `${p}.min`, message: `${f.label}: min (${f.min}) is greater than max (${f.max}).` });
    if (f.pattern !== undefined && !compileRegex(f.pattern))
      out.push({ path: `${p}.pattern`, message: `${f.label}: the pattern is not a valid regular expression.` });
    if (f.currency && f.type !== 'currency')
      out.push({ path: `${p}.currency`, message: `${f.label}: only currency fields take a currency code.` });
  });
  const emailField = (id: string, path: string, what: string): void => {
    const f = fields.get(id);
    if (!f) out.push({ path, message: `${what} names field "${id}", which this workflow does not have.` });
    else if (f.type !== 'email')
      out.push({ path, message: `${what} names field "${f.label}", which is a ${f.type} field, not an email field.` });
  };

  def.states.forEach((s, i) => {
    if (states.has(s.id)) out.push({ path: `states[${i}].id`, message: `State id "${s.id}" is used twice.` });
    states.set(s.id, s);
  });
  const stateRef = (id: string, path: string, what: string): StateDef | undefined => {
    const s = states.get(id);
    if (!s) out.push({ path, message: `${what} names state "${id}", which this workflow does not have.` });
    return s;
  };

  const starts = def.states.filter((s) => s.kind === 'start');
  if (starts.length !== 1)
    out.push({
      path: 'states',
      message: starts.length
        ? `Exactly one state may be the start; found ${starts.length}: ${starts.map((s) => s.id).join(', ')}.`
        : 'One state must have kind "start".',
    });
  if (!def.states.some((s) => s.kind === 'terminal'))
    out.push({ path: 'states', message: 'At least one state must be terminal (kind "terminal"), or requests never finish.' });
  if (!def.states.some((s) => s.kind === 'waiting_on_requester'))
    out.push({
      path: 'states',
      message: 'At least one state must wait on the requester (kind "waiting_on_requester"), for intake problems and requested changes.',
    });

  def.states.forEach((s, i) => {
    const p = `states[${i}]`;
    (s.requiredFields ?? []).forEach((f, j) => {
      if (!fields.has(f))
        out.push({
          path: `${p}.requiredFields[${j}]`,
          message: `State "${s.label}" requires field "${f}", which this workflow does not have.`,
        });
    });
    if (s.owner?.type === 'routing' && !def.routing)
      out.push({ path: `${p}.owner`, message: `State "${s.label}" is owned by routing, but the workflow has no routing rules.` });
    if (s.outcome && s.kind !== 'terminal')
      out.push({ path: `${p}.outcome`, message: `Only terminal states have an outcome; "${s.label}" is ${s.kind}.` });
    if (s.sla) {
      if (!def.calendar)
        out.push({ path: `${p}.sla`, message: `State "${s.label}" has an SLA but the workflow has no business calendar.` });
      if (s.kind === 'terminal' || s.kind === 'waiting_on_requester')
        out.push({ path: `${p}.sla`, message: `State "${s.label}" is ${s.kind.replace(/_/g, ' ')}: SLA clocks do not run there.` });
      (s.sla.remindAfterHours ?? []).forEach((h, j) => {
        if (h >= s.sla!.businessHours)
          out.push({
            path: `${p}.sla.remindAfterHours[${j}]`,
            message: `A reminder after ${h} business hours comes at or after the ${s.sla!.businessHours}-hour deadline.`,
          });
      });
      if (s.sla.escalateTo?.type === 'field') emailField(s.sla.escalateTo.field, `${p}.sla.escalateTo.field`, 'The escalation target');
    }
    const a = s.approval;
    if (!a) return;
    if (s.kind === 'terminal' || s.kind === 'waiting_on_requester')
      out.push({ path: `${p}.approval`, message: `State "${s.label}" is ${s.kind.replace(/_/g, ' ')} and cannot hold an approval chain.` });
    stateRef(a.onApproved, `${p}.approval.onApproved`, 'onApproved');
    stateRef(a.onRejected, `${p}.approval.onRejected`, 'onRejected');
    if (a.onApproved === s.id || a.onRejected === s.id)
      out.push({ path: `${p}.approval`, message: `The approval chain of "${s.label}" cannot lead back into the same state.` });
    if (a.onChangesRequested) {
      const t = stateRef(a.onChangesRequested, `${p}.approval.onChangesRequested`, 'onChangesRequested');
      if (t && t.kind !== 'waiting_on_requester')
        out.push({
          path: `${p}.approval.onChangesRequested`,
          message: `Requested changes go back to the requester, so "${t.label}" must be a waiting_on_requester state.`,
        });
    }
    const stepIds = new Set<string>();
    a.steps.forEach((st, j) => {
      const sp = `${p}.approval.steps[${j}]`;
      if (stepIds.has(st.id)) out.push({ path: `${sp}.id`, message: `Step id "${st.id}" is used twice in "${s.label}".` });
      stepIds.add(st.id);
      if (st.when) checkCondition(st.when, `${sp}.when`, fields, out);
      st.approvers.forEach((src, k) => {
        const ap = `${sp}.approvers[${k}]`;
        if (src.type === 'field') emailField(src.field, `${ap}.field`, `Step "${st.label}"'s approver`);
        if (src.type === 'table' && !fields.has(src.field))
          out.push({
            path: `${ap}.field`,
            message: `Step "${st.label}"'s routing table is keyed on field "${src.field}", which this workflow does not have.`,
          });
        if (src.type === 'table') {
          const f = fields.get(src.field);
          if (f?.options)
            for (const key of Object.keys(src.table))
              if (!f.options.includes(key))
                out.push({ path: `${ap}.table.${key}`, message: `"${key}" is not one of ${f.label}'s options (${f.options.join(', ')}).` });
        }
      });
      if (st.policy.type === 'quorum' && st.approvers.every((x) => x.type === 'people')) {
        const n = new Set(st.approvers.flatMap((x) => (x.type === 'people' ? x.emails.map((e) => e.toLowerCase()) : []))).size;
        if (st.policy.n > n)
          out.push({
            path: `${sp}.policy.n`,
            message: `Step "${st.label}" needs ${st.policy.n} approvals but names only ${n} approver${n === 1 ? '' : 's'}.`,
          });
      }
    });
  });

  const pairs = new Set<string>();
  def.transitions.forEach((t, i) => {
    const p = `transitions[${i}]`;
    t.from.forEach((f, j) => {
      const s = stateRef(f, `${p}.from[${j}]`, `Transition "${t.action}"`);
      if (s?.kind === 'terminal')
        out.push({
          path: `${p}.from[${j}]`,
          message: `Transition "${t.action}" leaves "${s.label}", a terminal state: terminal requests never change.`,
        });
      const key = `${f}\u0000${t.action}`;
      if (pairs.has(key)) out.push({ path: `${p}.action`, message: `Action "${t.action}" is defined twice from state "${f}".` });
      pairs.add(key);
    });
    stateRef(t.to, `${p}.to`, `Transition "${t.action}"`);
    if (t.when) checkCondition(t.when, `${p}.when`, fields, out);
    if (
      [
        'approve',
        'reject',
        'request_changes',
        'resubmit',
        'requester_edit',
        'reassign',
        'override_state',
        'edit_fields',
        'cancel',
      ].includes(t.action)
    ) {
      out.push({ path: `${p}.action`, message: `"${t.action}" is a built-in action; name the transition something else.` });
    }
  });

  if (def.routing) {
    def.routing.rules.forEach((r, i) => {
      checkCondition(r.when, `routing.rules[${i}].when`, fields, out);
      if (r.assignTo.type === 'field') emailField(r.assignTo.field, `routing.rules[${i}].assignTo.field`, 'The routing rule');
    });
    if (def.routing.default.type === 'field') emailField(def.routing.default.field, 'routing.default.field', 'The default route');
  }

  if (def.calendar) {
    const c = def.calendar;
    if (!zoneKnown(isKnownZone, c.timeZone)) {
      out.push({ path: 'calendar.timeZone', message: `"${c.timeZone}" is not a known IANA time zone (e.g. Europe/Paris).` });
    }
    if (c.end <= c.start)
      out.push({ path: 'calendar.end', message: `Working hours end (${c.end}) must be after they start (${c.start}).` });
  }

  if (def.needsInfoState) {
    const s = stateRef(def.needsInfoState, 'needsInfoState', 'needsInfoState');
    if (s && s.kind !== 'waiting_on_requester')
      out.push({ path: 'needsInfoState', message: `"${s.label}" must be a waiting_on_requester state to hold requests that need info.` });
  }
  if (def.cancelState) {
    const s = stateRef(def.cancelState, 'cancelState', 'cancelState');
    if (s && s.kind !== 'terminal')
      out.push({ path: 'cancelState', message: `"${s.label}" must be a terminal state to hold cancelled requests.` });
  }

  for (const [kind, t] of Object.entries(def.notifications ?? {})) {
    if (!t) continue;
    for (const part of ['subject', 'body'] as const) {
      const path = `notifications.${kind}.${part}`;
      if (hasMalformedPlaceholder(t[part])) out.push({ path, message: 'A "{{" does not open a well-formed placeholder like {{amount}}.' });
      for (const name of parsePlaceholders(t[part])) {
        if (!fields.has(name) && !(BUILTIN_PLACEHOLDERS as readonly string[]).includes(name)) {
          out.push({
            path,
            message: `Placeholder {{${name}}} names no field of this workflow (fields: ${[...fields.keys()].join(', ')}; built-ins: ${BUILTIN_PLACEHOLDERS.join(', ')}).`,
          });
        }
      }
    }
  }

  if (out.length === 0) checkGraph(def, out);
  return out;
}
