/**
 * Every store write checks at run time that the script lock is held (requireLock, as commit() does): a write path
 * that forgot withLock fails at once, writing nothing, instead of racing another execution. Publishing without
 * the lock is refused; through withLock it works.
 */
import { purchaseApproval } from '../../../src/templates';
import type { AppContext } from '../../../src/gas/context';
import { IntakeErrors, IntakeLog } from '../../../src/gas/intake/stores';
import { withLock } from '../../../src/gas/lock';
import { AuditStore } from '../../../src/gas/store/audit';
import { ConfigStore } from '../../../src/gas/store/config';
import { DirectoryStore } from '../../../src/gas/store/directory';
import { clearJournal, writeJournal } from '../../../src/gas/store/journal';
import { OutboxStore } from '../../../src/gas/store/outbox';
import { RequestStore } from '../../../src/gas/store/requests';
import { claimSequence, releaseSequence } from '../../../src/gas/store/sequence';
import { governedSheet } from './fixtures';
import { intakeWorld } from './intake/helpers';
import { OWNER } from './workspace';

function withForm() {
  const t = intakeWorld();
  t.generate();
  return t;
}

/** Each store write, called with arguments it never gets to look at (the check comes first). */
const WRITES: Array<[string, (ctx: AppContext) => unknown]> = [
  ['AuditStore.appendOnce', (ctx) => new AuditStore(ctx).appendOnce([])],
  ['ConfigStore.publish', (ctx) => new ConfigStore(ctx).publish({ ...purchaseApproval, name: 'v2' }, OWNER, ctx.now())],
  ['DirectoryStore.upsert', (ctx) => new DirectoryStore(ctx).upsert({ email: 'new@acme.test', name: 'New', roles: [] })],
  ['OutboxStore.appendOnce', (ctx) => new OutboxStore(ctx).appendOnce([])],
  ['OutboxStore.append', (ctx) => new OutboxStore(ctx).append([])],
  ['OutboxStore.update', (ctx) => new OutboxStore(ctx).update({ row: 2 } as never)],
  ['RequestStore.insert', (ctx) => new RequestStore(ctx).insert({ id: 'PR-000009' } as never)],
  ['RequestStore.update', (ctx) => new RequestStore(ctx).update(2, [], { id: 'PR-000009' } as never)],
  ['claimSequence', (ctx) => claimSequence(ctx, 'PR', 9)],
  ['releaseSequence', (ctx) => releaseSequence(ctx, 'PR', 9)],
  ['writeJournal', (ctx) => writeJournal(ctx, { op: 'x', at: 0, request: null, row: null, audit: [], outbox: [] } as never)],
  ['clearJournal', (ctx) => clearJournal(ctx)],
  ['IntakeLog.append', (ctx) => new IntakeLog(ctx).append({ responseId: 'r1' } as never)],
  ['IntakeLog.update', (ctx) => new IntakeLog(ctx).update(2, [], { responseId: 'r1' } as never)],
  ['IntakeErrors.append', (ctx) => new IntakeErrors(ctx).append({ responseId: 'r1' } as never)],
  ['IntakeErrors.update', (ctx) => new IntakeErrors(ctx).update({ row: 2 } as never)],
];

describe('store writes outside the script lock', () => {
  it.each(WRITES)('%s refuses, and writes nothing', (name, write) => {
    // The intake tabs exist once a form is linked.
    const t = name.startsWith('Intake') ? withForm() : governedSheet();
    const snapshot = () =>
      JSON.stringify({
        tabs: [
          'Requests',
          'Audit',
          'Config',
          'Directory',
          'Outbox',
          ...(name.startsWith('Intake') ? ['Intake log', 'Intake errors'] : []),
        ].map((tab) => t.sheet.values(tab)),
        props: t.services.PropertiesService.getScriptProperties().getProperties(),
      });
    const before = snapshot();
    const ctx = t.ctx();
    expect(() => t.as(OWNER, () => write(ctx))).toThrow(`internal: ${name} outside the lock`);
    expect(snapshot()).toBe(before);
  });

  it('the same publish inside withLock writes the next version', () => {
    const t = governedSheet();
    const ctx = t.ctx();
    const r = t.as(OWNER, () => withLock(ctx, () => new ConfigStore(ctx).publish({ ...purchaseApproval, name: 'v2' }, OWNER, ctx.now())));
    expect(r).toMatchObject({ created: true, version: { version: 2 } });
  });
});
