/** Publishing workflow versions and queueing notifications outside a request change. Under the lock. */
import type { NotificationIntent, PublishedVersion } from '../../core';
import type { AppContext } from '../context';
import { withLock } from '../lock';
import { ConfigStore } from '../store/config';
import { outboxEntries, OutboxStore } from '../store/outbox';

/** Validates and publishes a definition as the next version (idempotent on content). */
export function publishWorkflow(ctx: AppContext, definition: unknown, by: string): { version: PublishedVersion; created: boolean } {
  return withLock(ctx, () => new ConfigStore(ctx).publish(definition, by, ctx.now()));
}

/** Queues notifications in the Outbox (idempotent on dedupeKey against the tab's tail). Returns how many were added. */
export function queueNotifications(ctx: AppContext, intents: readonly NotificationIntent[]): number {
  return withLock(ctx, () => new OutboxStore(ctx).appendOnce(outboxEntries(intents, ctx.now(), () => ctx.services.Utilities.getUuid())));
}
