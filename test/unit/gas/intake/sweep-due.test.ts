/**
 * When the timer sweeps a linked form (src/gas/intake/sweep.ts sweepDueAt), judged from the run's one property read:
 * every 30 minutes for a form whose trigger looks healthy; at once for one never swept, one whose link has no
 * trigger, one whose health is not ok, and a response taken by the sweep whose grace period is over.
 */
import { MISSED_GRACE_MS, SWEEP_EVERY_MS, sweepDueAt, sweepIsDue } from '../../../../src/gas/intake/sweep';
import { formBeatKey, sweepKey, type SweepRecord } from '../../../../src/gas/health/records';
import type { FormLink } from '../../../../src/gas/intake/links';
import { testWorkspace } from '../workspace';

const MIN = 60_000;

function setting() {
  const t = testWorkspace();
  const ctx = t.ctx();
  const now = ctx.now();
  const link = (formId: string, triggerId: string | null): FormLink => ({
    formId,
    spreadsheetId: ctx.spreadsheetId(),
    workflowId: 'purchase-approval',
    mapping: [],
    mode: 'generated',
    title: formId,
    publishedUrl: '',
    triggerId,
    triggerOwner: triggerId ? 'owner@acme.test' : null,
    linkedAt: now - 24 * 60 * MIN,
    linkedBy: 'owner@acme.test',
  });
  const record = (over: Partial<SweepRecord> = {}): SweepRecord => ({
    mark: now - 40 * MIN,
    seen: [],
    taken: [],
    stalledSince: null,
    lastSubmission: null,
    lastProcessed: null,
    error: null,
    sweptAt: now - 10 * MIN,
    ...over,
  });
  const props = (links: FormLink[], records: Record<string, SweepRecord | null>) => {
    const all: Record<string, string> = {};
    for (const l of links) {
      all[`handoff.intake.form:${l.formId}`] = JSON.stringify(l);
      all[formBeatKey(ctx, l.formId)] = JSON.stringify({ lastRun: now - 60 * MIN, recent: [] });
      const r = records[l.formId];
      if (r) all[sweepKey(ctx, l.formId)] = JSON.stringify(r);
    }
    return all;
  };
  return { ctx, now, link, record, props };
}

describe('the sweep cadence', () => {
  it('nothing linked: never due', () => {
    const s = setting();
    expect(sweepDueAt(s.ctx, {})).toBeNull();
    expect(sweepIsDue(s.ctx, {})).toBe(false);
  });

  it('a healthy form swept 10 minutes ago is due 30 minutes after that sweep, not now', () => {
    const s = setting();
    const all = s.props([s.link('F1', 'T1')], { F1: s.record() });
    expect(sweepDueAt(s.ctx, all)).toBe(s.now - 10 * MIN + SWEEP_EVERY_MS);
    expect(sweepIsDue(s.ctx, all)).toBe(false);
  });

  it('due now: never swept, a record from before the cadence, a link without a trigger, a read error, a known stall', () => {
    const s = setting();
    const cases: Array<[string, FormLink, SweepRecord | null]> = [
      ['never swept', s.link('F1', 'T1'), null],
      ['record without sweptAt', s.link('F1', 'T1'), (({ sweptAt: _, ...r }) => r as SweepRecord)(s.record())],
      ['no trigger', s.link('F1', null), s.record()],
      ['read error', s.link('F1', 'T1'), s.record({ error: 'No item with the given ID could be found.' })],
      ['stalled', s.link('F1', 'T1'), s.record({ stalledSince: s.now - 20 * MIN })],
    ];
    for (const [what, link, rec] of cases) {
      const all = s.props([link, s.link('F2', 'T2')], { F1: rec, F2: s.record() });
      expect([what, sweepDueAt(s.ctx, all)]).toEqual([what, s.now]);
      expect(sweepIsDue(s.ctx, all)).toBe(true);
    }
  });

  it('a response the sweep took is looked at again when its grace period is over', () => {
    const s = setting();
    const ts = s.now - 2 * MIN;
    const all = s.props([s.link('F1', 'T1')], { F1: s.record({ taken: [['R1', ts]] }) });
    expect(sweepDueAt(s.ctx, all)).toBe(ts + MISSED_GRACE_MS + 1);
  });
});
