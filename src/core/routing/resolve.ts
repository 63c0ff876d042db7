/** Resolving assignee targets and routing rules to a person's email or `queue:<name>`. */
import { evaluateCondition } from '../definition/conditions';
import type { AssigneeTarget, Routing } from '../definition/schema';
import { normalizeEmail } from '../directory/directory';
import type { Directory } from '../directory/person';
import type { Fields } from '../model/json';
import { queueAssignee } from '../model/request';

export interface RoutingSubject {
  fields: Fields;
  requester: string;
}

/** A target → an assignee, or null when it names nobody (empty field, no manager). */
export function resolveTarget(target: AssigneeTarget, subject: RoutingSubject, directory: Directory): string | null {
  switch (target.type) {
    case 'person':
      return normalizeEmail(target.email);
    case 'queue':
      return queueAssignee(target.queue);
    case 'field': {
      const v = subject.fields[target.field];
      return typeof v === 'string' && v.trim() ? normalizeEmail(v) : null;
    }
    case 'requester_manager': {
      const m = directory.get(subject.requester)?.manager;
      return m ? normalizeEmail(m) : null;
    }
  }
}

/** Ordered rules, first match wins; a match naming nobody falls through to the default. */
export function route(routing: Routing, subject: RoutingSubject, directory: Directory): { assignee: string | null; rule: number | null } {
  for (let i = 0; i < routing.rules.length; i++) {
    const rule = routing.rules[i]!;
    if (evaluateCondition(rule.when, subject.fields)) {
      const a = resolveTarget(rule.assignTo, subject, directory);
      if (a) return { assignee: a, rule: i };
      break;
    }
  }
  return { assignee: resolveTarget(routing.default, subject, directory), rule: null };
}
