import {
  apply,
  createDirectory,
  createRequest,
  publishVersion,
  SYSTEM_ACTOR,
  type Action,
  type ApplyResult,
  type Definition,
  type Person,
  type PublishedVersion,
  type Request,
  type Success,
  type Fields,
  type Channel,
} from '../../../src/core';

/** Tuesday 2025-03-04 10:00 in New York (EST, UTC-5). */
export const T0 = Date.UTC(2025, 2, 4, 15, 0);
export const HOUR = 3_600_000;

export const people: Person[] = [
  { email: 'rita@example.com', name: 'Rita Requester', roles: [], manager: 'max@example.com' },
  { email: 'max@example.com', name: 'Max Manager', roles: ['procurement'], manager: 'vp@example.com', delegate: 'dana@example.com' },
  { email: 'dana@example.com', name: 'Dana Deputy', roles: [] },
  { email: 'fay@example.com', name: 'Fay Finance', roles: ['finance'] },
  { email: 'fred@example.com', name: 'Fred Finance', roles: ['finance'] },
  { email: 'olga@example.com', name: 'Olga Operator', roles: ['operator'] },
  { email: 'adam@example.com', name: 'Adam Admin', roles: ['admin'] },
  { email: 'pat@example.com', name: 'Pat Procurement', roles: ['procurement'] },
  { email: 'vp@example.com', name: 'Vera VP', roles: [] },
  { email: 'olly@example.com', name: 'Olly Outsider', roles: [] },
];
export const directory = createDirectory(people);

export function publish(def: Definition | unknown, version = 1): PublishedVersion {
  const r = publishVersion(def, [], { publishedAt: T0, publishedBy: 'adam@example.com' });
  if (!r.ok) throw new Error('definition invalid: ' + JSON.stringify(r.problems));
  return { ...r.version, version };
}

export function ok(r: ApplyResult): Success {
  if (!r.ok) throw new Error(`refused: ${r.refusal.code}: ${r.refusal.message}`);
  return r;
}

export function create(
  version: PublishedVersion,
  fields: Fields,
  opts: { requester?: string; seq?: number; now?: number; channel?: Channel; dir?: typeof directory } = {},
): Success {
  const requester = opts.requester ?? 'rita@example.com';
  return ok(
    createRequest({
      version,
      sequence: opts.seq ?? 1,
      requester,
      fields,
      channel: opts.channel ?? 'form',
      actor: { email: requester, method: 'form_response' },
      now: opts.now ?? T0,
      directory: opts.dir ?? directory,
    }),
  );
}

export function act(
  version: PublishedVersion,
  request: Request,
  email: string,
  action: Action,
  opts: { now?: number; expectedRevision?: number; dir?: typeof directory } = {},
): ApplyResult {
  return apply({
    version,
    request,
    action,
    actor: email === 'system' ? SYSTEM_ACTOR : { email, method: 'session' },
    now: opts.now ?? request.updatedAt + HOUR,
    directory: opts.dir ?? directory,
    expectedRevision: opts.expectedRevision ?? request.revision,
  });
}

/** Act and expect success; returns the new request. */
export function step(
  version: PublishedVersion,
  request: Request,
  email: string,
  action: Action,
  opts: { now?: number; dir?: typeof directory } = {},
): Request {
  return ok(act(version, request, email, action, opts)).request;
}

export function refusalOf(r: ApplyResult) {
  if (r.ok) throw new Error('expected a refusal, got success in state ' + r.request.state);
  return r.refusal;
}
