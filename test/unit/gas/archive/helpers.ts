/** Requests driven through the purchase-approval lifecycle on the local Workspace, for the archive tests. */
import { applyActionCommand, createRequestCommand } from '../../../../src/gas/commands/requests';
import { flushOutbox } from '../../../../src/gas/mail/outbox-sender';
import { OWNER } from '../workspace';
import { governedSheet, laptop, MAX, PAT, RITA } from '../fixtures';
import type { TestWorkspace } from '../workspace';

export const DAY = 86_400_000;
const actor = (email: string) => ({ email, method: 'session' as const });

/** Create → manager approves → procurement marks it ordered (closed). Returns the request id. */
export function orderedRequest(t: TestWorkspace): string {
  const c = t.as(RITA, () =>
    createRequestCommand(t.ctx(), {
      workflowId: 'purchase-approval',
      requester: RITA,
      fields: laptop,
      channel: 'form',
      actor: actor(RITA),
    }),
  );
  const id = c.request.id;
  t.as(MAX, () =>
    applyActionCommand(t.ctx(), { requestId: id, action: { type: 'approve', comment: 'ok' }, actor: actor(MAX), expectedRevision: 1 }),
  );
  t.as(PAT, () =>
    applyActionCommand(t.ctx(), {
      requestId: id,
      action: { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-1' } },
      actor: actor(PAT),
      expectedRevision: 2,
    }),
  );
  return id;
}

/**
 * `n` requests taken through the lifecycle side by side, so their Audit rows interleave as on a busy sheet, with an
 * open request created after each of them (its rows sit between theirs). Returns the closed ones.
 */
export function interleavedOrders(t: TestWorkspace, n: number): string[] {
  const ids = Array.from({ length: n }, () => {
    const id = openRequest(t);
    openRequest(t);
    return id;
  });
  for (const id of ids)
    t.as(MAX, () =>
      applyActionCommand(t.ctx(), { requestId: id, action: { type: 'approve', comment: 'ok' }, actor: actor(MAX), expectedRevision: 1 }),
    );
  for (const id of ids)
    t.as(PAT, () =>
      applyActionCommand(t.ctx(), {
        requestId: id,
        action: { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-1' } },
        actor: actor(PAT),
        expectedRevision: 2,
      }),
    );
  return ids;
}

/** An open request (waiting for the manager). */
export function openRequest(t: TestWorkspace): string {
  return t.as(RITA, () =>
    createRequestCommand(t.ctx(), {
      workflowId: 'purchase-approval',
      requester: RITA,
      fields: laptop,
      channel: 'form',
      actor: actor(RITA),
    }),
  ).request.id;
}

export function sheetWithRequests(closed: number, open: number): { t: TestWorkspace; closed: string[]; open: string[] } {
  const t = governedSheet();
  t.ws.webapp.deploy(); // approval emails carry links: without a web app they wait in the Outbox
  const c = Array.from({ length: closed }, () => orderedRequest(t));
  const o = Array.from({ length: open }, () => openRequest(t));
  return { t, closed: c, open: o };
}

/** Column `name` of a tab's rows (header row excluded), from the unmetered view. */
export function column(values: unknown[][], name: string): unknown[] {
  const i = (values[0] ?? []).indexOf(name);
  return values.slice(1).map((r) => r[i]);
}

/** The timers' Outbox flush, as the owner: requests with mail waiting do not move until it is sent. */
export function sendMail(t: TestWorkspace): void {
  t.as(OWNER, () => flushOutbox(t.ctx(), { max: 1000 }));
}
