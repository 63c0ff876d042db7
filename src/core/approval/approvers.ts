/** Who approves a step: fixed people, a field's value, the requester's manager, a role's members, a routing table. */
import type { ApprovalStep, ApproverSource } from '../definition/schema';
import { normalizeEmail } from '../directory/directory';
import type { Directory } from '../directory/person';
import type { RoutingSubject } from '../routing/resolve';

export function resolveSource(source: ApproverSource, subject: RoutingSubject, directory: Directory): string[] {
  switch (source.type) {
    case 'people':
      return source.emails;
    case 'field': {
      const v = subject.fields[source.field];
      return typeof v === 'string' && v.trim() ? [v] : [];
    }
    case 'requester_manager': {
      const m = directory.get(subject.requester)?.manager;
      return m ? [m] : [];
    }
    case 'role':
      return directory.membersOf(source.role).map((p) => p.email);
    case 'table': {
      const key = subject.fields[source.field];
      const hit = typeof key === 'string' || typeof key === 'number' ? source.table[String(key)] : undefined;
      return hit ?? source.default ?? [];
    }
  }
}

/**
 * The approvers of a step, de-duplicated and lower-cased, in source order. The requester is left out
 * unless the step allows self-approval (segregation of duties).
 */
export function resolveApprovers(step: ApprovalStep, subject: RoutingSubject, directory: Directory): string[] {
  const requester = normalizeEmail(subject.requester);
  const out: string[] = [];
  for (const source of step.approvers) {
    for (const raw of resolveSource(source, subject, directory)) {
      const e = normalizeEmail(raw);
      if (!out.includes(e) && (step.allowRequester || e !== requester)) out.push(e);
    }
  }
  return out;
}
