/**
 * One pass for every problem: when the schema refuses a definition, the checks of meaning (unknown states,
 * unreachable states, missing fields, ...) still run on what can be salvaged, so an editor shows both kinds at once
 * instead of in rounds.
 *
 * Salvage: each field, state and transition that parses on its own is kept as it is. One that does not is replaced
 * by a stub that keeps its id (so references to it still resolve) and every problem found on a stub is left out:
 * the schema already reported it. An optional setting that does not parse is left out, a required one gets a
 * placeholder. Problem paths keep the author's indices.
 */
import type { Problem } from '../model/json';
import type { ZoneCheck } from '../sla/zone';
import { checkReferences } from './check-references';
import { DefinitionSchema, FieldSchema, IdSchema, StateSchema, TransitionSchema, STATE_KINDS } from './schema';

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const validId = (v: unknown): v is string => IdSchema.safeParse(v).success;

/** Items of one list: parsed ones as they are, broken ones as stubs (or dropped); the author's index of each kept one. */
function salvageList(
  raw: unknown,
  parse: (v: unknown) => unknown | undefined,
  stub: (v: Raw) => unknown | undefined,
): { items: unknown[]; index: number[]; stubbed: Set<number> } {
  const items: unknown[] = [];
  const index: number[] = [];
  const stubbed = new Set<number>();
  if (!Array.isArray(raw)) return { items, index, stubbed };
  raw.forEach((v, i) => {
    const ok = parse(v);
    const kept = ok !== undefined ? ok : isObj(v) ? stub(v) : undefined;
    if (kept === undefined) return;
    if (ok === undefined) stubbed.add(i);
    items.push(kept);
    index.push(i);
  });
  return { items, index, stubbed };
}

const parsed =
  <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }) =>
  (v: unknown): T | undefined => {
    const r = schema.safeParse(v);
    return r.success ? r.data : undefined;
  };

/** The problems of meaning in a definition the schema refused; [] when too little of it can be salvaged. */
export function semanticProblemsOf(json: unknown, isKnownZone: ZoneCheck): Problem[] {
  if (!isObj(json)) return [];
  const fields = salvageList(json.fields, parsed(FieldSchema), (v) =>
    validId(v.id) ? { id: v.id, label: typeof v.label === 'string' && v.label ? v.label : v.id, type: 'text' } : undefined,
  );
  const states = salvageList(json.states, parsed(StateSchema), (v) =>
    validId(v.id)
      ? {
          id: v.id,
          label: typeof v.label === 'string' && v.label ? v.label : v.id,
          kind: (STATE_KINDS as readonly unknown[]).includes(v.kind) ? v.kind : 'active',
        }
      : undefined,
  );
  const transitions = salvageList(json.transitions, parsed(TransitionSchema), () => undefined);
  const candidate: Raw = {
    id: validId(json.id) ? json.id : 'salvaged',
    name: typeof json.name === 'string' && json.name ? json.name : 'Salvaged',
    prefix: DefinitionSchema.shape.prefix.safeParse(json.prefix).success ? json.prefix : 'X',
    fields: fields.items,
    states: states.items,
    transitions: transitions.items,
  };
  const dropped = new Set<string>();
  for (const key of ['description', 'routing', 'calendar', 'needsInfoState', 'cancelState', 'notifications'] as const) {
    if (json[key] === undefined) continue;
    if (DefinitionSchema.shape[key].safeParse(json[key]).success) candidate[key] = json[key];
    else dropped.add(key);
  }
  const def = DefinitionSchema.safeParse(candidate);
  if (!def.success) return [];
  let found: Problem[];
  try {
    found = checkReferences(def.data, isKnownZone);
  } catch {
    return [];
  }
  const lists = { fields, states, transitions } as const;
  const out: Problem[] = [];
  for (const p of found) {
    const m = /^(fields|states|transitions)\[(\d+)\](.*)$/.exec(p.path);
    if (m) {
      const list = lists[m[1] as keyof typeof lists];
      const original = list.index[Number(m[2])];
      const rest = m[3] ?? '';
      if (original === undefined || list.stubbed.has(original)) continue;
      // A setting left out (routing, calendar) would be reported missing where it is used: the schema said why.
      if (dropped.has('routing') && /\.owner$/.test(rest)) continue;
      if (dropped.has('calendar') && /\.sla$/.test(rest)) continue;
      out.push({ ...p, path: `${m[1]}[${original}]${rest}` });
      continue;
    }
    const top = /^([A-Za-z]+)/.exec(p.path)?.[1] ?? '';
    // A list's or a setting's own problem while part of it was salvaged may be an artefact of the salvage: the
    // schema's problem on it is what the author sees first.
    if (dropped.has(top)) continue;
    if ((top === 'fields' || top === 'states') && lists[top].stubbed.size > 0) continue;
    out.push(p);
  }
  return out;
}
