/** The pending list: responses that found the lock busy or failed, waiting for the timers (retry.ts). */
import { scopedKey, type AppContext } from '../context';
import type { RawResponse } from './stores';
import { lowerNextDueNow } from '../plane/next-due';

const PENDING = 'intake:pending';
export const pendingKey = (ctx: AppContext, responseId: string) => scopedKey(ctx, PENDING, responseId);

export interface PendingEntry {
  formId: string;
  responseId: string;
  since: number;
  attempts: number;
  lastError: string;
}

/** One property per response (a property write is atomic; no lock needed, so it works when the lock is busy). */
export function markPending(ctx: AppContext, raw: RawResponse, error: string): void {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const key = pendingKey(ctx, raw.responseId);
  let prior: PendingEntry | null = null;
  try {
    prior = JSON.parse(props.getProperty(key) ?? 'null') as PendingEntry | null;
  } catch {
    prior = null;
  }
  const entry: PendingEntry = {
    formId: raw.formId,
    responseId: raw.responseId,
    since: prior?.since ?? ctx.now(),
    attempts: (prior?.attempts ?? 0) + (error ? 1 : 0),
    lastError: error.slice(0, 500),
  };
  props.setProperty(key, JSON.stringify(entry));
  lowerNextDueNow(ctx, ctx.now()); // the timer must not sleep through it
}

/** Clears a response's pending entry; the execution's property snapshot, when it has one, saves the read. */
export function clearPending(ctx: AppContext, responseId: string): void {
  const props = ctx.services.PropertiesService.getScriptProperties();
  const key = pendingKey(ctx, responseId);
  const snapshot = ctx.propertiesIfRead();
  if (!(snapshot ? key in snapshot : props.getProperty(key) !== null)) return;
  props.deleteProperty(key);
  if (snapshot) delete snapshot[key];
}

/** The pending list, from the execution's property snapshot (a timer run's one read; markPending keeps it in step). */
export function pendingIntake(ctx: AppContext): PendingEntry[] {
  const prefix = scopedKey(ctx, PENDING, '');
  const out: PendingEntry[] = [];
  for (const [k, v] of Object.entries(ctx.properties())) {
    if (!k.startsWith(prefix)) continue;
    try {
      out.push(JSON.parse(v) as PendingEntry);
    } catch {
      /* skip */
    }
  }
  return out.sort((a, b) => a.since - b.since);
}
