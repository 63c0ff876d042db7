import { applyActionCommand, createRequestCommand } from '../../../src/gas/commands/requests';
import { getRequest, readAudit, readOutbox } from '../../../src/gas/commands/read';
import { readJournal } from '../../../src/gas/store/journal';
import { verifyChain } from '../../../src/core';
import type { Hooks } from '../../../src/gas/context';
import { setUp } from '../../../src/gas/setup/setup';
import { governedSheet, laptop, MAX, RITA } from './fixtures';
import { OWNER } from './workspace';

const actor = (email: string) => ({ email, method: 'session' as const });
const crash = () => {
  throw new Error('simulated crash: Exceeded maximum execution time');
};

describe.each<[string, keyof Hooks]>([
  ['after the journal', 'afterJournal'],
  ['between the audit rows and the request row', 'afterAudit'],
  ['after the outbox rows', 'afterOutbox'],
  ['after the request row, before the journal is cleared', 'afterRequest'],
])('a crash %s', (_label, hook) => {
  it('is detected and repaired by the next locked operation, with no duplicate rows', () => {
    const t = governedSheet();
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    const auditBefore = readAudit(t.ctx()).length;
    const outboxBefore = readOutbox(t.ctx()).length;

    expect(() =>
      t.as(MAX, () =>
        applyActionCommand(t.ctx({ hooks: { [hook]: crash } }), {
          requestId: c.request.id,
          action: { type: 'approve', comment: 'ok' },
          actor: actor(MAX),
          expectedRevision: 1,
        }),
      ),
    ).toThrow('simulated crash');
    const pending = readJournal(t.ctx());
    expect(pending?.op).toBe('apply:approve');
    expect(pending?.request?.revision).toBe(2);

    // The next operation (any locked one) replays the journal first.
    const d = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    expect(readJournal(t.ctx())).toBeNull();
    const approved = getRequest(t.ctx(), c.request.id)!;
    expect(approved.revision).toBe(2);
    expect(approved).toEqual(pending!.request);

    const audit = readAudit(t.ctx());
    expect(verifyChain(audit).ok).toBe(true);
    const keys = audit.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(audit.length).toBe(auditBefore + pending!.audit.length + d.events.length);
    const outbox = readOutbox(t.ctx());
    expect(outbox.length).toBe(outboxBefore + pending!.outbox.length + d.notifications.length);
    expect(new Set(outbox.map((o) => o.id)).size).toBe(outbox.length);
  });
});

it('a crash while creating leaves no orphan: the request row is inserted on replay with the journaled id', () => {
  const t = governedSheet();
  expect(() =>
    t.as(RITA, () =>
      createRequestCommand(t.ctx({ hooks: { afterAudit: crash } }), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    ),
  ).toThrow('simulated crash');
  expect(getRequest(t.ctx(), 'PR-000001')).toBeNull();
  const report = t.as(OWNER, () => setUp(t.ctx()));
  expect(report.repaired).toContain('Finished an interrupted change (create)');
  expect(getRequest(t.ctx(), 'PR-000001')?.revision).toBe(1);
  const next = t.as(RITA, () =>
    createRequestCommand(t.ctx(), {
      workflowId: 'purchase-approval',
      requester: RITA,
      fields: laptop,
      channel: 'form',
      actor: actor(RITA),
    }),
  );
  expect(next.request.id).toBe('PR-000002');
});

it('a large change is journaled in chunks under the 9 KB property limit and replays whole', () => {
  const t = governedSheet();
  const big = { ...laptop, justification: 'é'.repeat(30_000) };
  expect(() =>
    t.as(RITA, () =>
      createRequestCommand(t.ctx({ hooks: { afterJournal: crash } }), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: big,
        channel: 'form',
        actor: actor(RITA),
      }),
    ),
  ).toThrow('simulated crash');
  const props = (t.services.PropertiesService as GoogleAppsScript.Properties.PropertiesService).getScriptProperties().getProperties();
  const values = Object.entries(props).filter(([k]) => k.includes(':journal'));
  expect(values.length).toBeGreaterThan(2);
  for (const [, v] of values) expect(Buffer.byteLength(v, 'utf8')).toBeLessThanOrEqual(9 * 1024);
  t.as(MAX, () =>
    createRequestCommand(t.ctx(), { workflowId: 'purchase-approval', requester: MAX, fields: laptop, channel: 'form', actor: actor(MAX) }),
  );
  expect(getRequest(t.ctx(), 'PR-000001')?.fields.justification).toBe(big.justification);
});
