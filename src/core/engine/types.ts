import type { AuditEvent } from '../audit/event';
import type { PublishedVersion } from '../definition/version';
import type { Directory } from '../directory/person';
import type { ZoneOffset } from '../sla/zone';
import type { Actor } from '../model/actor';
import type { Fields } from '../model/json';
import type { Channel, Request, RequestOrigin } from '../model/request';
import type { NotificationIntent } from '../notifications/intent';
import type { Action } from './action';
import type { Refusal } from './refusal';

/** Everything apply() depends on. Pure: same context, same result. */
export interface ApplyContext {
  version: PublishedVersion;
  request: Request;
  action: Action;
  actor: Actor;
  /** Epoch ms. */
  now: number;
  directory: Directory;
  /** The revision the actor saw; apply refuses with stale_revision when it differs. */
  expectedRevision: number;
  /** Time-zone port for SLA calculations; default uses Intl.DateTimeFormat. */
  zoneOffset?: ZoneOffset;
}

export interface CreateRequestInput {
  version: PublishedVersion;
  /** Sequence number from the store; formatted with the workflow prefix. */
  sequence: number;
  requester: string;
  fields: Fields;
  channel: Channel;
  /** Who created it (the requester, or an operator entering it for them). */
  actor: Actor;
  /** Kept on the request and in its create event's details (the timer's sweep of missed form responses). */
  origin?: RequestOrigin;
  now: number;
  directory: Directory;
  zoneOffset?: ZoneOffset;
}

export interface Success {
  ok: true;
  request: Request;
  events: AuditEvent[];
  notifications: NotificationIntent[];
}

export type ApplyResult = Success | { ok: false; refusal: Refusal };
