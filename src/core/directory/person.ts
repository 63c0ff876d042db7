/** A person in the directory. Emails are compared lower-cased. */
export interface Person {
  email: string;
  name: string;
  /** Directory roles, e.g. 'operator', 'admin', 'finance'. A queue `q` is worked by holders of role `q`. */
  roles: string[];
  manager?: string | null;
  /** Who acts for this person while they are out of office. */
  delegate?: string | null;
  /** Out of office during [from, to] (epoch ms, inclusive). */
  outOfOffice?: { from: number; to: number } | null;
  /** IANA time zone, for display and digests. */
  timeZone?: string | null;
  /** How what waits on them reaches them: at once, or in their digest ('daily' is the older word for 'digest'). */
  digest?: 'immediate' | 'digest' | 'daily' | null;
}

/** Read-only directory lookups the engine needs. */
export interface Directory {
  get(email: string): Person | undefined;
  /** Members holding a role, in a stable order. */
  membersOf(role: string): Person[];
}
