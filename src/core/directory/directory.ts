import type { Directory, Person } from './person';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** An in-memory directory over a list of people (the store reads the People sheet into it). */
export function createDirectory(people: readonly Person[]): Directory {
  const byEmail = new Map<string, Person>();
  const byRole = new Map<string, Person[]>();
  for (const p of people) {
    const email = normalizeEmail(p.email);
    byEmail.set(email, p);
    for (const role of p.roles) {
      const list = byRole.get(role) ?? [];
      list.push(p);
      byRole.set(role, list);
    }
  }
  return {
    get: (email) => byEmail.get(normalizeEmail(email)),
    membersOf: (role) => byRole.get(role) ?? [],
  };
}

/** Is the person out of office at `now`? */
export function isAway(person: Person | undefined, now: number): boolean {
  const w = person?.outOfOffice;
  return !!w && now >= w.from && now <= w.to;
}

/**
 * Who acts for `email` at `now`: their delegate while they are out of office (one hop, the delegate must
 * not be away themself), else nobody.
 */
export function activeDelegate(directory: Directory, email: string, now: number): string | null {
  const p = directory.get(email);
  if (!p || !isAway(p, now) || !p.delegate) return null;
  const d = normalizeEmail(p.delegate);
  if (d === normalizeEmail(email)) return null;
  if (isAway(directory.get(d), now)) return null;
  return d;
}

export function hasRole(directory: Directory, email: string, role: string): boolean {
  return directory.get(email)?.roles.includes(role) ?? false;
}
