/** The people of the playground: everyone in the Directory tab, and the owner. */
import type { Workspace } from '../workspace';
import { DEMO_OWNER } from './demo';
import { BadRequest } from './errors';

export interface Person {
  email: string;
  name: string;
  roles: string[];
  manager: string;
}

/** Everyone in the Directory tab of the bound spreadsheet, and the owner. */
export function readPeople(ws: Workspace, spreadsheetId: string): Person[] {
  const out: Person[] = [];
  const seen = new Set<string>();
  const add = (p: Person) => {
    const key = p.email.toLowerCase();
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  const ss = ws.sheets.get(spreadsheetId);
  if (ss.sheetNames().includes('Directory')) {
    const rows = ss.values('Directory');
    const head = (rows[0] ?? []).map(String);
    const col = (name: string) => head.indexOf(name);
    for (const r of rows.slice(1)) {
      const email = String(r[col('Email')] ?? '').trim();
      if (!email.includes('@')) continue;
      add({
        email,
        name: String(r[col('Name')] ?? '') || email,
        roles: String(r[col('Roles')] ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        manager: String(r[col('Manager')] ?? ''),
      });
    }
  }
  add({ email: DEMO_OWNER, name: 'Ada Admin (owner)', roles: ['admin'], manager: '' });
  return out;
}

/** The person named, or a 400 naming who exists. */
export function findPerson(people: readonly Person[], as: unknown): Person {
  const everyone = () => people.map((p) => p.email).join(', ');
  if (typeof as !== 'string' || as.trim() === '')
    throw new BadRequest(`"as" is required: the email of the person to act as (one of ${everyone()})`);
  const p = people.find((x) => x.email.toLowerCase() === as.trim().toLowerCase());
  if (!p) throw new BadRequest(`Unknown person "${as}": the people in this playground are ${everyone()}`);
  return p;
}
