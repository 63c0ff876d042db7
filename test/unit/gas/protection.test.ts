import { createRequestCommand } from '../../../src/gas/commands/requests';
import { setUp } from '../../../src/gas/setup/setup';
import { GOVERNED_DESCRIPTION } from '../../../src/gas/setup/tabs';
import { governedSheet, laptop, RITA } from './fixtures';
import { OWNER } from './workspace';

type Prot = { type: string; sheetId: number; description: string; editors: string[] };
const protections = (t: ReturnType<typeof governedSheet>): Prot[] =>
  (t.ws as unknown as { sheets: { get(id: string): { protections(): Prot[] } } }).sheets.get(t.spreadsheetId).protections();

describe('protection of Requests and Audit', () => {
  it('protects exactly the governed tabs, editors the owner and the admins', () => {
    const t = governedSheet();
    const ours = protections(t).filter((p) => p.description === GOVERNED_DESCRIPTION);
    expect(ours).toHaveLength(2);
    for (const p of ours) expect(p.editors.map((e) => e.toLowerCase())).toContain(OWNER);
  });

  it('a non-admin running as themself cannot write the Requests tab', () => {
    const t = governedSheet();
    expect(() =>
      t.ws.kernel.executions.run({ activeUser: RITA, effectiveUser: RITA }, () =>
        createRequestCommand(t.ctx(), { workflowId: 'purchase-approval', requester: RITA, fields: laptop, channel: 'form', actor: { email: RITA, method: 'session' } }),
      ),
    ).toThrow(/protected/);
  });

  it('re-applies a removed protection on repair, and adds a new admin as editor', () => {
    const t = governedSheet();
    const all = protections(t);
    all.splice(all.findIndex((p) => p.description === GOVERNED_DESCRIPTION), 1);
    t.sheet.write('Directory', 'A7', [['fay2@acme.test', 'Fay Two', 'admin', '', '', '', '', '', '']]);
    const report = t.as(OWNER, () => setUp(t.ctx()));
    expect(report.repaired.filter((r) => r.includes('protected'))).toHaveLength(2);
    const ours = protections(t).filter((p) => p.description === GOVERNED_DESCRIPTION);
    expect(ours).toHaveLength(2);
    for (const p of ours) expect(p.editors.map((e) => e.toLowerCase())).toContain('fay2@acme.test');
  });
});
