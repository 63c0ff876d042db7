/**
 * The unit of work: every operation that changes the governed Sheet runs as
 *
 *   lock → read the script properties once → plan → one Values.batchGet → the pure core → one
 *   Spreadsheets.batchUpdate (columns a long value needs, rewritten rows and appended rows of every tab, atomic)
 *   → script properties → unlock.
 *
 * The revision check is the body's: under the lock it compares what the read returned with what the caller saw.
 * A batchUpdate that fails changed nothing (the API applies a batch whole or not at all): the unit throws
 * WriteFailedError (or WriteRefusedError for a protection), which say so. A journal left by an earlier version of
 * Handoff is replayed first (one check of the properties already read; none is written any more).
 * Read-only units (confirm pages, panel views) take no lock.
 */
import type { ZoneOffset } from '../../core';
import type { AppContext } from '../context';
import { HandoffError } from '../errors';
import { withUnitLock } from '../lock';
import { WriteRefusedError } from '../store/journal';
import { ChangeSet, toRequestsWithTabs } from './changeset';
import type { Codec } from './codec';
import type { PlaneProps } from './props';
import { buildSchema, cachedSchema, newStamp, schemaKey, stampKey, withColumns, type PlaneSchema } from './schema';
import { a1Of, type ReadPlan, Snapshot } from './snapshot';
import { answers, GRID_LIMITS, gridRanges } from './grid';

export class WriteFailedError extends HandoffError {
  constructor(reason: string) {
    super('conflict', `The change could not be saved, so nothing was changed (${reason}). Please try again.`);
  }
}

const PROTECTED = /protected (cell|range|sheet)|protected cell or object/i;

export class Unit {
  readonly changes = new ChangeSet();
  readonly codec: Codec;
  /** Calls after a successful write; never before. */
  readonly after: Array<() => void> = [];
  /** Script cache entries to put after the unit (one putAll), with their lifetime. */
  readonly cachePuts: Record<string, string> = {};
  /** Whether this unit fills the script cache (commands.ts ReferenceCache: only 'fill' units do). */
  fillsCache = true;
  /** Calls right after each batchUpdate lands (before the change set is cleared). */
  readonly onWrite: Array<() => void> = [];
  private reads = 0;

  constructor(
    readonly ctx: AppContext,
    readonly props: PlaneProps,
    public schema: PlaneSchema,
    zone: ZoneOffset,
    /** Runs under the script lock (only then may it write). */
    readonly locked: boolean,
  ) {
    this.codec = { tz: schema.tz, zone };
  }

  /** How many batchGet calls this unit made (1 normally; a fallback lookup adds one). */
  get readCount(): number {
    return this.reads;
  }

  /**
   * One Values.batchGet for every range of the plan, with the header rows of the tabs it touches. A header that
   * changed by hand since the stamp (no on-edit trigger told us) rebuilds the schema under a new stamp and reads
   * again, so rows are never decoded or written by stale column positions.
   */
  read(plan: ReadPlan, into = new Snapshot(this.schema)): Snapshot {
    if (plan.empty) return into;
    let cut = false; // rows left the grid since a hint was kept: ranges are cut to it (grid.ts)
    for (let attempt = 0; ; attempt++) {
      this.reads++;
      const specs = plan.withHeaders();
      const asked = cut ? gridRanges(specs, this.schema) : { ranges: specs.map((s) => a1Of(s, this.schema)), answer: null };
      let res: { valueRanges?: Array<{ values?: unknown[][] }> };
      try {
        res = this.ctx.services.Sheets.Spreadsheets.Values.batchGet(this.ctx.spreadsheetId(), {
          ranges: asked.ranges,
          valueRenderOption: 'UNFORMATTED_VALUE',
          dateTimeRenderOption: 'SERIAL_NUMBER',
        }) as unknown as { valueRanges?: Array<{ values?: unknown[][] }> };
      } catch (e) {
        if (cut || !GRID_LIMITS.test(e instanceof Error ? e.message : String(e))) throw e;
        cut = true;
        this.props.set(stampKey(this.ctx), newStamp(this.ctx));
        this.schema = buildSchema(this.ctx, this.props);
        into.schema = this.schema;
        continue;
      }
      const ranges = asked.answer ? answers(res.valueRanges ?? [], asked.answer) : (res.valueRanges ?? []);
      if (attempt === 0 && into.changedHeaders(specs, ranges).length) {
        this.props.set(stampKey(this.ctx), newStamp(this.ctx));
        this.schema = buildSchema(this.ctx, this.props);
        into.schema = this.schema;
        continue;
      }
      into.fill(specs, ranges, this.codec);
      return into;
    }
  }

  /** The one batchUpdate of the unit (nothing when the change set is empty). */
  write(): void {
    if (this.changes.empty) return;
    if (!this.locked) throw new Error('internal: a unit without the lock cannot write');
    const batch = toRequestsWithTabs(this.changes, this.schema, this.codec);
    this.ctx.hooks.beforeWrite?.();
    try {
      this.ctx.services.Sheets.Spreadsheets.batchUpdate({ requests: batch.map((b) => b.request) }, this.ctx.spreadsheetId());
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (PROTECTED.test(message)) {
        const i = Number(/requests\[(\d+)\]/.exec(message)?.[1] ?? 0);
        const tab = batch[i]?.tab ?? batch[0]?.tab ?? '';
        let user = '';
        try {
          user = this.ctx.services.Session.getEffectiveUser().getEmail() ?? '';
        } catch {
          user = '';
        }
        throw new WriteRefusedError(
          tab,
          user,
          message.replace(/^API call to \S+ failed with error: (Invalid requests\[\d+\]\.\w+: )?/, ''),
        );
      }
      throw new WriteFailedError(message.replace(/^API call to \S+ failed with error: /, '').slice(0, 300));
    }
    this.written = true;
    if (this.changes.columns.size) {
      // Columns added: later units (this execution's and others') use the schema with them, and the Sheet-backed
      // tables this execution opened are opened again (they would write rows without the new columns).
      this.schema = withColumns(this.schema, this.changes.columns);
      this.props.set(schemaKey(this.ctx), JSON.stringify(this.schema));
      this.ctx.resetTables();
    }
    for (const f of this.onWrite.splice(0)) f();
    for (const [tab, rows] of this.changes.appends) this.appendedRows.set(tab, (this.appendedRows.get(tab) ?? 0) + rows.length);
    this.changes.clear();
  }

  /** Whether the unit wrote (the write is early when the body calls it, e.g. to report a failure itself). */
  written = false;
  /**
   * Leave the staged properties to the execution's next write (the timers' last setProperties carries them): only
   * for values checked on read, such as tail hints, whose loss costs a read and never a change.
   */
  deferProps = false;
  private readonly appendedRows = new Map<string, number>();

  /** Rows this unit already appended to `tab` (in an earlier write), plus those staged now. */
  appended(tab: string): number {
    return (this.appendedRows.get(tab) ?? 0) + (this.changes.appends.get(tab)?.length ?? 0);
  }
}

export interface UnitOptions {
  /** Take the script lock (every change); read-only units do not. */
  lock: boolean;
  /** How long to wait for the lock (default: the context's lockWaitMs); LockTimeoutError after it. */
  waitMs?: number;
  /**
   * Read the properties afresh under the lock (default). False only for a unit that reads nothing there but hints
   * checked on read, in an execution that already read them (the timers' Outbox record, after the run's first unit).
   */
  fresh?: boolean;
}

/** Runs one unit of work. The body plans, reads, decides and stages changes; the unit writes them once. */
export function runUnit<T>(ctx: AppContext, opts: UnitOptions, body: (u: Unit) => T): T {
  const props = ctx.props();
  if (!opts.lock) {
    const u = open(ctx, props, false);
    const result = body(u);
    finish(u);
    if (props.pending) props.flush(); // a schema rebuilt for a new stamp
    return result;
  }
  return withUnitLock(ctx, () => runHeld(ctx, props, body), opts.waitMs, opts.fresh !== false);
}

/** The unit's body, read, write and after-steps, with the lock held. */
function runHeld<T>(ctx: AppContext, props: PlaneProps, body: (u: Unit) => T): T {
  // A unit that fails before its write changed nothing in the sheet: what it staged in the properties (tail hints, a
  // sequence) goes too. One that fails after a write (the body wrote early) keeps and writes them: they describe it.
  const before = props.mark();
  let u: Unit | null = null;
  let result: T;
  try {
    u = open(ctx, props, true);
    result = body(u);
    u.write();
  } catch (e) {
    if (u?.written) {
      try {
        if (!u.deferProps) props.flush();
      } catch {
        /* the next unit's write carries them */
      }
    } else props.restore(before);
    throw e;
  }
  ctx.hooks.afterWrite?.();
  if (props.pending && !u.deferProps) props.flush();
  finish(u);
  return result;
}

/** After the unit: its follow-ups, then every cache entry in one putAll (a failed put costs a read next time). */
function finish(u: Unit): void {
  for (const f of u.after) {
    try {
      f();
    } catch {
      /* best effort */
    }
  }
  if (Object.keys(u.cachePuts).length) {
    try {
      u.ctx.services.CacheService.getScriptCache().putAll(u.cachePuts, CACHE_SECONDS);
    } catch {
      /* best effort */
    }
  }
}

/** CacheService's maximum: 6 hours. */
const CACHE_SECONDS = 21_600;

function open(ctx: AppContext, props: PlaneProps, locked: boolean): Unit {
  const schema = cachedSchema(ctx, props) ?? buildSchema(ctx, props);
  return new Unit(ctx, props, schema, ctx.zoneOffset, locked);
}
