/** Fast lookups on a (validated) definition, cached per definition object. */
import type { Definition, FieldDef, StateDef, Transition } from './schema';

interface Index {
  states: Map<string, StateDef>;
  fields: Map<string, FieldDef>;
  transitionsByAction: Map<string, Transition[]>;
  start: StateDef | undefined;
}
const cache = new WeakMap<Definition, Index>();

function index(def: Definition): Index {
  let i = cache.get(def);
  if (!i) {
    const transitionsByAction = new Map<string, Transition[]>();
    for (const t of def.transitions) {
      const list = transitionsByAction.get(t.action) ?? [];
      list.push(t);
      transitionsByAction.set(t.action, list);
    }
    i = {
      states: new Map(def.states.map((s) => [s.id, s])),
      fields: new Map(def.fields.map((f) => [f.id, f])),
      transitionsByAction,
      start: def.states.find((s) => s.kind === 'start'),
    };
    cache.set(def, i);
  }
  return i;
}

export const stateById = (def: Definition, id: string): StateDef | undefined => index(def).states.get(id);
export const fieldById = (def: Definition, id: string): FieldDef | undefined => index(def).fields.get(id);
export const transitionsNamed = (def: Definition, action: string): Transition[] => index(def).transitionsByAction.get(action) ?? [];

export function startState(def: Definition): StateDef {
  const s = index(def).start;
  if (!s) throw new Error(`workflow ${def.id} has no start state`);
  return s;
}

/** Where intake problems send a request: needsInfoState, else the first waiting-on-requester state. */
export function needsInfoState(def: Definition): StateDef | undefined {
  if (def.needsInfoState) return stateById(def, def.needsInfoState);
  return def.states.find((s) => s.kind === 'waiting_on_requester');
}

/** Where cancel sends a request: cancelState, else the first terminal state with outcome 'cancelled'. */
export function cancelState(def: Definition): StateDef | undefined {
  if (def.cancelState) return stateById(def, def.cancelState);
  return def.states.find((s) => s.kind === 'terminal' && s.outcome === 'cancelled');
}

export const stateLabel = (def: Definition, id: string): string => stateById(def, id)?.label ?? id;
