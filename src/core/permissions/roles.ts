/**
 * Roles. 'operator' and 'admin' are directory roles (admins are operators too). 'requester' and
 * 'approver' are relations to a request: the person who asked, the pending approvers of the current
 * step (or their delegates while they are away). The assignee relation covers queue members.
 */
import { activeDelegate, normalizeEmail } from '../directory/directory';
import type { Directory } from '../directory/person';
import type { Request } from '../model/request';
import { queueName } from '../model/request';

export type Role = 'requester' | 'approver' | 'operator' | 'admin';

export function isAdmin(directory: Directory, email: string): boolean {
  return directory.get(email)?.roles.includes('admin') ?? false;
}

export function isOperator(directory: Directory, email: string): boolean {
  const roles = directory.get(email)?.roles;
  return !!roles && (roles.includes('operator') || roles.includes('admin'));
}

export function isRequester(request: Request, email: string): boolean {
  return normalizeEmail(request.requester) === normalizeEmail(email);
}

/** The actor is the assignee, or a member of the assignee queue. */
export function isAssignee(request: Request, email: string, directory: Directory): boolean {
  if (!request.assignee) return false;
  const e = normalizeEmail(email);
  const q = queueName(request.assignee);
  if (q === null) return normalizeEmail(request.assignee) === e;
  return directory.get(e)?.roles.includes(q) ?? false;
}

/**
 * Which pending approver the actor may decide for right now: themself, or an approver who is out of
 * office and delegated to them. Null when neither.
 */
export function approverFor(
  request: Request,
  email: string,
  directory: Directory,
  now: number,
): { approver: string; onBehalfOf: string | null } | null {
  const pending = request.approval?.pending ?? [];
  const e = normalizeEmail(email);
  if (pending.includes(e)) return { approver: e, onBehalfOf: null };
  for (const p of pending) if (activeDelegate(directory, p, now) === e) return { approver: p, onBehalfOf: p };
  return null;
}

/** The roles the actor holds on this request. */
export function rolesOn(request: Request, email: string, directory: Directory, now: number): Role[] {
  const roles: Role[] = [];
  if (isRequester(request, email)) roles.push('requester');
  if (approverFor(request, email, directory, now)) roles.push('approver');
  if (isOperator(directory, email)) roles.push('operator');
  if (isAdmin(directory, email)) roles.push('admin');
  return roles;
}
