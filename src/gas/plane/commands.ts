/**
 * Create and apply as units of work: under the lock, one batchGet (the request's row by its checked hint, the
 * tails of Requests, Audit and Outbox, and Config/Directory when the script cache has no copy for the stamp), the
 * engine, and one batchUpdate (the request row, its Audit rows, its Outbox rows). createRequestCommand and
 * applyActionCommand (commands/requests.ts) run these.
 */
import { apply, createRequest, nextSlaEvent, parseRequestId, type Definition, type Request } from '../../core';
import { scopedKey, type AppContext } from '../context';
import { ConflictError, NotFoundError, RefusedError } from '../errors';
import { REQUESTS } from '../sheet/tabs';
import { cellText } from '../sheet/values';
import { keyEvents } from '../store/audit';
import { outboxEntries } from '../store/outbox';
import type { ApplyInput, CommandResult, CreateInput } from '../commands/requests';
import type { LoadedRequest } from '../store/requests';
import { fromCache, fromSnapshot, planReference, referenceKeys, storesOf } from './reference';
import { planNextIds } from './index';
import { lowerNextDue } from './next-due';
import { findRequest, planRequest, rowKey, stageAudit, stageOutbox, stageRequestInsert, stageRequestUpdate } from './rows';
import { columnLetters } from './ranges';
import { ReadPlan, type Snapshot } from './snapshot';
import { tableOf } from './tables';
import { planTail, stageTails, tailOf } from './tails';
import { runUnit, type Unit } from './unit';
import type { ConfigStore } from '../store/config';
import type { DirectoryStore } from '../store/directory';

export interface Loaded {
  snap: Snapshot;
  config: ConfigStore;
  directory: DirectoryStore;
}

/**
 * How a unit gets Config/Directory when this execution does not have them yet (reference.ts):
 *   'fill'  from the script cache (in the unit's one getAll), else from its batchGet, then cached for the stamp;
 *   'read'  from the cache when it has them, else from the batchGet, leaving the cache as it was;
 *   'none'  from the batchGet, with no cache call at all.
 * In cost model v3 the tabs' cells add about 5 µs each to a batchGet the unit makes anyway (a fraction of a
 * millisecond), where a getAll costs 20 ms and a putAll 100 ms: a unit that must read anyway gains nothing from the
 * cache. The form-submit trigger reads them ('none'). A create from the sidebar looks in the cache ('read'), so a
 * caller who must be relayed to the web app is known without a batchGet, and leaves filling it to the reads that
 * need nothing else (the panel's caller check, pages), which it saves a whole Sheets call. Neither puts the new
 * request's row in the cache either: the Index has it (checked on read), and approval links carry it.
 */
export type ReferenceCache = 'fill' | 'read' | 'none';

/** The unit's one getAll and one batchGet: Config/Directory (cache or sheet), the tails, and the given plan. */
export function readForUnit(
  u: Unit,
  extra: (plan: ReadPlan, hits: Record<string, string>) => void,
  extraKeys: string[] = [],
  cache: ReferenceCache = 'fill',
): Loaded {
  u.fillsCache = cache === 'fill';
  const keys = [...(cache === 'none' ? [] : referenceKeys(u)), ...extraKeys];
  let hits: Record<string, string> = {};
  if (keys.length) {
    try {
      hits = u.ctx.services.CacheService.getScriptCache().getAll(keys) ?? {};
    } catch {
      hits = {};
    }
  }
  const plan = new ReadPlan();
  let cd = fromCache(u, hits);
  if (!cd) planReference(u, plan);
  extra(plan, hits);
  const snap = u.read(plan);
  if (!cd) cd = fromSnapshot(u, snap, cache === 'fill');
  return { snap, ...storesOf(u, cd) };
}

/** The request id sequence under the unit: the property, never below an id already in the Requests tail. */
function nextSequence(u: Unit, snap: Snapshot, prefix: string): { n: number; key: string } {
  const key = scopedKey(u.ctx, 'seq', prefix);
  let last = Number(u.props.get(key) ?? NaN);
  const table = tableOf(u.schema, REQUESTS);
  const col = table.col('ID');
  if (!Number.isInteger(last) || last < 0) {
    // No property (a new script, a wiped store): the IDs already in the tab, in one read of the column.
    last = 0;
    const letter = columnLetters(col);
    const res = u.ctx.services.Sheets.Spreadsheets.Values.get(u.ctx.spreadsheetId(), `'Requests'!${letter}2:${letter}`, {
      valueRenderOption: 'UNFORMATTED_VALUE',
    }) as unknown as { values?: unknown[][] };
    for (const r of res.values ?? []) {
      const p = parseRequestId(cellText(r[0]));
      if (p && p.prefix === prefix && p.n > last) last = p.n;
    }
  }
  // A create that landed without its property write (the execution stopped between the two) is in the tail.
  for (const r of tailOf(u, snap, REQUESTS.name).rows) {
    const p = parseRequestId(cellText(r[col - 1]));
    if (p && p.prefix === prefix && p.n > last) last = p.n;
  }
  return { n: last + 1, key };
}

/** A create inside a unit whose tails (Requests, Audit, Outbox) are in `l.snap`. */
export function createIn(u: Unit, l: Loaded, input: CreateInput): CommandResult {
  const { snap, config, directory } = l;
  const ctx = u.ctx;
  const version = input.version === undefined ? config.latest(input.workflowId) : config.get(input.workflowId, input.version);
  const prefix = version.definition.prefix;
  const seq = nextSequence(u, snap, prefix);
  const now = ctx.now();
  const result = createRequest({
    version,
    sequence: seq.n,
    requester: input.requester,
    fields: input.fields,
    channel: input.channel,
    actor: input.actor,
    ...(input.origin ? { origin: input.origin } : {}),
    now,
    directory: directory.directory(),
    zoneOffset: ctx.zoneOffset,
  });
  if (!result.ok) throw new RefusedError(result.refusal);
  const row = stageRequestInsert(u, snap, result.request);
  stageAudit(u, snap, keyEvents(result.events));
  stageOutbox(
    u,
    outboxEntries(result.notifications, now, () => ctx.services.Utilities.getUuid()),
  );
  // The number is claimed with the write: a create that writes nothing leaves no gap.
  u.props.set(seq.key, String(seq.n));
  lowerFor(u, version.definition, result.request, now, result.notifications.length > 0);
  stageTails(u, snap);
  return { request: result.request, events: result.events, notifications: result.notifications, row };
}

/**
 * The timers' next-due time, lowered for what this write makes due: its Outbox rows now, and the request's next
 * SLA event (a reminder, the deadline), which a state with a shorter SLA may bring before the stored time.
 */
function lowerFor(u: Unit, def: Definition, request: Request, now: number, queued: boolean): void {
  if (queued) lowerNextDue(u, now);
  const at = request.sla ? nextSlaEvent(def, request.sla, now, u.ctx.zoneOffset) : null;
  if (at !== null) lowerNextDue(u, at);
}

/** An action on a loaded request inside a unit (the revision checked against what the unit read). */
export function applyIn(u: Unit, l: Loaded, loaded: LoadedRequest, input: ApplyInput): CommandResult {
  const { snap, config, directory } = l;
  const ctx = u.ctx;
  const current = loaded.request;
  if (current.revision !== input.expectedRevision) throw new ConflictError(current.id, input.expectedRevision, current.revision);
  const version = config.get(current.workflowId, current.version);
  const now = ctx.now();
  const result = apply({
    version,
    request: current,
    action: input.action,
    actor: input.actor,
    now,
    directory: directory.directory(),
    expectedRevision: input.expectedRevision,
    zoneOffset: ctx.zoneOffset,
  });
  if (!result.ok) {
    if (result.refusal.code === 'stale_revision') throw new ConflictError(current.id, input.expectedRevision, current.revision);
    throw new RefusedError(result.refusal);
  }
  if (result.request.revision !== current.revision + 1) throw new ConflictError(current.id, current.revision + 1, result.request.revision);
  stageRequestUpdate(u, loaded, result.request);
  stageAudit(u, snap, keyEvents(result.events));
  stageOutbox(
    u,
    outboxEntries(result.notifications, now, () => ctx.services.Utilities.getUuid()),
  );
  lowerFor(u, version.definition, result.request, now, result.notifications.length > 0);
  stageTails(u, snap);
  return { request: result.request, events: result.events, notifications: result.notifications, row: loaded.row };
}

const TAILS = ['Requests', 'Audit', 'Outbox'];

export function planeCreate(ctx: AppContext, input: CreateInput): CommandResult {
  return runUnit(ctx, { lock: true }, (u) => {
    const l = readForUnit(u, (plan) => {
      for (const tab of TAILS) planTail(u, plan, tab);
      planNextIds(u, plan);
    });
    return createIn(u, l, input);
  });
}

/**
 * A create whose caller is checked inside the unit, against the Directory the unit reads anyway (the cache's copy
 * for the stamp, else the batchGet's): `mayWrite` answers before anything is staged, and when it says no the unit
 * writes nothing and returns null (the caller relays the create to the web app). A caller known from the cache is
 * answered before the batchGet.
 */
export function planeCreateChecked(
  ctx: AppContext,
  input: CreateInput,
  mayWrite: (directory: DirectoryStore) => boolean,
): CommandResult | null {
  return runUnit(ctx, { lock: true }, (u) => {
    let allowed: boolean | null = null;
    const l = readForUnit(
      u,
      (plan, hits) => {
        const cached = fromCache(u, hits);
        if (cached) allowed = mayWrite(storesOf(u, cached).directory);
        if (allowed === false) return; // nothing to read: the create goes to the web app
        for (const tab of TAILS) planTail(u, plan, tab);
        planNextIds(u, plan);
      },
      [],
      'read',
    );
    allowed ??= mayWrite(l.directory);
    return allowed ? createIn(u, l, input) : null;
  });
}

export interface PlaneApplyInput extends ApplyInput {
  /** The request's row as the caller last saw it (checked on read). */
  rowHint?: number | null;
}

/** The unit's read for one request: its hinted row (the caller's, else the cache's) and the tails. */
export function readRequestUnit(
  u: Unit,
  requestId: string,
  callerHint: number | null | undefined,
  tails: boolean,
): Loaded & { hint: number | null } {
  let hint: number | null = callerHint ?? null;
  const l = readForUnit(
    u,
    (plan, hits) => {
      hint ??= Number(hits[rowKey(u, requestId)] ?? Number.NaN) || null;
      planRequest(u, plan, requestId, hint);
      if (tails) {
        for (const tab of TAILS) planTail(u, plan, tab);
        planNextIds(u, plan);
      }
    },
    [rowKey(u, requestId)],
  );
  return { ...l, hint };
}

export function planeApply(ctx: AppContext, input: PlaneApplyInput): CommandResult {
  return runUnit(ctx, { lock: true }, (u) => {
    const l = readRequestUnit(u, input.requestId, input.rowHint, true);
    const loaded = findRequest(u, l.snap, input.requestId, l.hint);
    if (!loaded) throw new NotFoundError(`Request ${input.requestId}`);
    return applyIn(u, l, loaded, input);
  });
}
