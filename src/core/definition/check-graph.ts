/** The state graph: every state reachable from the start, and every state able to reach an end. */
import type { Problem } from '../model/json';
import type { Definition } from './schema';

/** Every state reachable from the start; every reachable non-terminal state has a path to a terminal state. */
export function checkGraph(def: Definition, out: Problem[]): void {
  const start = def.states.find((s) => s.kind === 'start')!;
  const edges = new Map<string, Set<string>>(def.states.map((s) => [s.id, new Set<string>()]));
  const add = (a: string, b: string): void => {
    edges.get(a)?.add(b);
  };
  const needsInfo = def.needsInfoState ?? def.states.find((s) => s.kind === 'waiting_on_requester')!.id;
  add(start.id, needsInfo); // intake problems
  add(needsInfo, start.id); // ...and the resubmit back
  for (const t of def.transitions) for (const f of t.from) add(f, t.to);
  for (const s of def.states) {
    if (!s.approval) continue;
    add(s.id, s.approval.onApproved);
    add(s.id, s.approval.onRejected);
    const back = s.approval.onChangesRequested ?? needsInfo;
    add(s.id, back);
    add(back, s.id); // resubmit returns
  }
  for (const s of def.states) {
    const into = edges.get(s.id)!;
    if (s.kind === 'waiting_on_requester') continue;
    for (const b of into) if (def.states.find((x) => x.id === b)?.kind === 'waiting_on_requester') add(b, s.id);
  }
  const seen = new Set<string>([start.id]);
  const queue = [start.id];
  while (queue.length)
    for (const b of edges.get(queue.shift()!) ?? [])
      if (!seen.has(b)) {
        seen.add(b);
        queue.push(b);
      }
  const cancel = def.cancelState ?? def.states.find((s) => s.kind === 'terminal' && s.outcome === 'cancelled')?.id;
  def.states.forEach((s, i) => {
    if (!seen.has(s.id) && s.id !== cancel)
      out.push({ path: `states[${i}]`, message: `State "${s.label}" cannot be reached from the start state "${start.label}".` });
  });
  // Reverse reachability from terminal states.
  const done = new Set(def.states.filter((s) => s.kind === 'terminal').map((s) => s.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [a, bs] of edges)
      if (!done.has(a) && [...bs].some((b) => done.has(b))) {
        done.add(a);
        grew = true;
      }
  }
  def.states.forEach((s, i) => {
    if (seen.has(s.id) && !done.has(s.id))
      out.push({
        path: `states[${i}]`,
        message: `From state "${s.label}" no path leads to a terminal state: requests there could never finish.`,
      });
  });
}
