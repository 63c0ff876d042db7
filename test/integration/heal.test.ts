/**
 * Automation that heals itself, through dist/Code.js on the local Workspace: each trigger is dropped as Google
 * drops one (ws.triggers.drop: no call of the script, nothing tells the add-on), then
 *   (a) a response submitted while the form-submit trigger is gone becomes a request at the next sweep: within
 *       30 minutes while nothing says the trigger is gone, and within one timer run once its health says so;
 *   (b) a dropped timer is reported at the next panel open and repaired by an admin;
 *   (c) nothing is lost or doubled when the trigger comes back and fires late for a response the sweep took;
 * and the on-edit trigger's loss shows in handoffHealth() for the admin who installed it.
 */
import { auditRecords } from '../support/audit-view';
import { readFileSync } from 'node:fs';
import { purchaseApproval } from '../../src/templates';
import { loadScript, type LoadedScript } from '../../src/local/runtime';
import type { Workspace } from '../../src/local/workspace';
import { OWNER, testWorkspace, type TestWorkspace } from '../unit/gas/workspace';
import { CODE_PATH } from './harness';

const RITA = 'rita@acme.test';
const MAX = 'max@acme.test';
const OPS = 'ops@acme.test';
const ADA2 = 'alex@acme.test'; // a second admin, who did not install anything
const MIN = 60_000;

const CODE = readFileSync(CODE_PATH, 'utf8');

interface World extends TestWorkspace {
  w: Workspace;
  script: LoadedScript;
  run<T>(fn: string, args?: unknown[], as?: string): T;
  rows(tab: string): Array<Record<string, unknown>>;
  formId: string;
}

function world(): World {
  const t = testWorkspace(OWNER);
  const w = t.ws as Workspace;
  const script = loadScript(w, CODE, 'Code.js');
  w.webapp.deploy();
  const run = <T>(fn: string, args: unknown[] = [], as = OWNER) =>
    script.call(fn, args, { activeUser: as, effectiveUser: as, kind: 'script-run' }) as T;
  run('handoffSetUp');
  t.sheet.write('Directory', 'A3', [
    [RITA, 'Rita Requester', '', MAX, '', '', '', '', ''],
    [MAX, 'Max Manager', 'manager', '', '', '', '', '', 'immediate'], // approval emails at once, not in a digest
    [OPS, 'Olga Operator', 'operator', '', '', '', '', '', ''],
    [ADA2, 'Alex Admin', 'admin', '', '', '', '', '', ''],
  ]);
  for (const who of [OPS, ADA2]) w.sheets.get(t.spreadsheetId).share(who); // operators and admins edit the sheet
  run('handoffSetUp'); // ... and may write its protected tabs (set-up reads the Directory)
  run('handoffPublishWorkflow', [purchaseApproval]);
  w.ui.answerPrompt('new');
  w.ui.answerPrompt('purchase-approval');
  run('handoffLinkForm');
  const formId = w.forms.list().at(-1)!.id;
  return {
    ...t,
    w,
    script,
    run,
    formId,
    rows(tab) {
      if (tab === 'Audit') return auditRecords(t.sheet.values(tab) as unknown[][]); // through the one parser
      const [head, ...body] = t.sheet.values(tab) as unknown[][];
      return body.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries((head ?? []).map((h, i) => [String(h), r[i]])));
    },
  };
}

const answers = (item: string) => ({ Item: item, Amount: '250', 'Cost centre': 'Operations', Justification: 'needed' });
const uidOf = (x: World, handler: string) => x.w.triggers.list().find((t) => t.handler === handler)!.uid;
const timerRuns = (x: World) => x.w.triggers.runs().filter((r) => r.handler === 'handoffTimerRun');
const incidentMails = (x: World, who: string) => x.w.mail.inbox(who).filter((m) => /^Handoff: /.test(m.subject) && /incident/.test(m.body));
const details = (row: Record<string, unknown>) => JSON.parse(String(row.Details)) as Record<string, unknown>;
/** What the timer runs recorded in Audit for the Outbox rows they removed (sent, cancelled, folded). */
const outboxRecords = (x: World) =>
  x
    .rows('Audit')
    .filter((a) => a.Action === 'outbox_sent')
    .flatMap((a) => (details(a) as { messages: Array<{ request: string; kind: string; to: string; outcome: string }> }).messages);

describe('automation that heals itself (dist/Code.js)', () => {
  jest.setTimeout(120_000);

  it('(a)+(c): a response submitted while the form-submit trigger is gone becomes a request at the next sweep (30 minutes; one timer run once the trigger is known to be stalled); the trigger firing late changes nothing', () => {
    const x = world();
    x.w.triggers.advance(10 * MIN); // the timer has run (its first sweep sets the form's mark)
    const dropped = x.w.triggers.drop(uidOf(x, 'handoffOnFormSubmit'));
    expect(dropped.sourceId).toBe(x.formId);
    const sub = x.w.forms.submitAs(x.formId, RITA, answers('Stapler'));
    expect(sub.runs).toEqual([]); // nothing fired: Google dropped the trigger without telling the add-on
    expect(x.rows('Requests')).toHaveLength(0);

    // Nothing tells Handoff the trigger is gone: the form is swept every 30 minutes, not at every run.
    const before = timerRuns(x).length;
    x.w.triggers.advance(20 * MIN);
    expect(timerRuns(x).length - before).toBe(2);
    expect(x.rows('Requests')).toHaveLength(0);
    x.w.triggers.advance(10 * MIN); // 30 minutes after the last sweep
    expect(timerRuns(x).length - before).toBe(3);
    const requests = x.rows('Requests');
    expect(requests.map((r) => [r.ID, r.State, r.Channel])).toEqual([['PR-000001', 'approval', 'form']]);
    // The request records that it came from the sweep, and so does the audit.
    expect(JSON.parse(String(requests[0]!.Meta))).toMatchObject({ origin: { via: 'sweep', responseId: sub.responseId } });
    const create = x.rows('Audit').filter((a) => a.Action === 'create');
    expect(create).toHaveLength(1);
    expect(details(create[0]!)).toEqual({ channel: 'form', via: 'sweep', responseId: sub.responseId });
    expect(x.rows('Intake log').map((l) => [l['Response ID'], l.Request, l.Note])).toEqual([
      [sub.responseId, 'PR-000001', "Taken by the timer's sweep: the form's trigger had not delivered this response."],
    ]);
    const lastRun = timerRuns(x).at(-1)!.result as { swept: number };
    expect(lastRun.swept).toBe(1);

    // The trigger had not run 5 minutes after the response it missed: an incident, one email per admin, audited.
    x.w.triggers.advance(10 * MIN);
    const opened = x.rows('Audit').filter((a) => a.Action === 'health_incident');
    expect(opened.map((a) => a.Name)).toEqual(['form-submit']);
    expect(details(opened[0]!)).toMatchObject({ subject: x.formId, detectedBy: 'timer', owner: OWNER });
    // Set-up lists the owner as an admin: both admins get the one email.
    expect(incidentMails(x, ADA2)).toHaveLength(1);
    expect(incidentMails(x, OWNER)).toHaveLength(1);
    expect(incidentMails(x, OPS)).toHaveLength(0);
    // Operators see it in the panel; the operator did not install it, so the banner names who must act.
    const who = x.run<{ health: { banners: Array<{ key: string; text: string; repair: unknown }> } }>('handoffPanelWhoAmI', [{}], OPS);
    expect(who.health.banners).toHaveLength(1);
    expect(who.health.banners[0]).toMatchObject({ key: `form-submit:${x.formId}`, repair: null });
    expect(who.health.banners[0]!.text).toContain(`Ask ${OWNER} (who installed it) or a Handoff admin`);
    x.w.triggers.advance(30 * MIN); // more checks: still one email
    expect(incidentMails(x, ADA2)).toHaveLength(1);

    // Now that its health says the trigger is stalled, the form is swept at every run: a response becomes a request
    // within one timer run.
    const second = x.w.forms.submitAs(x.formId, RITA, answers('Paper'));
    expect(second.runs).toEqual([]);
    const runs = timerRuns(x).length;
    x.w.triggers.advance(10 * MIN);
    expect(timerRuns(x).length - runs).toBe(1);
    expect((timerRuns(x).at(-1)!.result as { swept: number }).swept).toBe(1);
    expect(x.rows('Requests').map((r) => r.ID)).toEqual(['PR-000001', 'PR-000002']);

    // (c) The trigger comes back and fires late for the responses the sweep already took: nothing changes.
    const late = x.w.triggers.restore(dropped.uid);
    expect(late.map((r) => [r.late, r.ok, (r.result as { status: string }).status])).toEqual([
      [true, true, 'duplicate'],
      [true, true, 'duplicate'],
    ]);
    expect(x.rows('Requests')).toHaveLength(2);
    expect(x.rows('Audit').filter((a) => a.Action === 'create')).toHaveLength(2);
    expect(x.rows('Intake log')).toHaveLength(2);
    // No notification was queued twice (the Outbox is idempotent on each event's key): each message the runs
    // recorded in Audit (the rows sent left the Outbox) and each row still waiting is there once.
    const keys = [
      ...outboxRecords(x).map((m) => `${m.request}|${m.kind}|${m.to}`),
      ...x.rows('Outbox').map((o) => `${/"requestId":"([^"]*)"/.exec(String(o.Payload))?.[1]}|${o.Kind}|${o.To}`),
    ];
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
    // ... and its run is the sign of life that ends the incident.
    const ended = x.rows('Audit').filter((a) => a.Action === 'health_incident_end');
    expect(ended.map((a) => a.Reason)).toEqual(["Ended: the form's trigger ran again."]);
    // The next sweep (within 30 minutes, the trigger healthy again) takes nothing again.
    x.w.triggers.advance(30 * MIN);
    expect(timerRuns(x).every((r) => r.ok)).toBe(true);
    expect(x.rows('Requests')).toHaveLength(2);
  });

  it('(b): a dropped timer is reported at the next panel open and repaired by an admin who takes it over', () => {
    const x = world();
    x.w.triggers.advance(10 * MIN);
    const timer = x.w.triggers.drop(uidOf(x, 'handoffTimerRun'));
    expect(timer.owner).toBe(OWNER);
    const runsBefore = timerRuns(x).length;
    x.w.triggers.advance(25 * MIN); // two periods and more: no run
    expect(timerRuns(x).length).toBe(runsBefore);

    // The next panel open (an operator) reports it; the operator may not repair, so the banner names who must.
    const ops = x.run<{ health: { banners: Array<{ key: string; text: string; repair: unknown }> } }>('handoffPanelWhoAmI', [{}], OPS);
    expect(ops.health.banners.map((b) => [b.key, b.repair])).toEqual([['timer', null]]);
    expect(ops.health.banners[0]!.text).toMatch(/^The timer has not run for 25 minutes \(it runs every 10 minutes\)/);
    expect(ops.health.banners[0]!.text).toContain(`Ask ${OWNER} (who installed it) or a Handoff admin to open Handoff > Open panel`);
    const audit = x.rows('Audit').filter((a) => a.Action === 'health_incident');
    expect(audit.map((a) => [a.Name, details(a).detectedBy])).toEqual([['timer', 'panel']]);
    expect(incidentMails(x, ADA2).map((m) => m.subject)).toEqual(['Handoff: Automation has stalled (timer)']);
    // An operator asking to repair is refused, with who may.
    expect(() => x.run('handoffPanelRepair', [{ key: 'timer' }], OPS)).toThrow(`Only ${OWNER}, who installed it, or a Handoff admin`);
    // Another open, by the admin: the same incident, no second email; the admin may take it over.
    const admin = x.run<{ health: { banners: Array<{ repair: { label: string; takeOver: boolean } | null }> } }>(
      'handoffPanelWhoAmI',
      [{}],
      ADA2,
    );
    expect(admin.health.banners[0]!.repair).toEqual({ label: 'Take over the timer', takeOver: true });
    expect(incidentMails(x, ADA2)).toHaveLength(1);

    const repaired = x.run<{ message: string; banners: unknown[] }>('handoffPanelRepair', [{ key: 'timer' }], ADA2);
    expect(repaired.message).toBe(`Reinstalled the timer: it runs every 10 minutes as ${ADA2}.`);
    expect(repaired.banners).toEqual([]);
    const now = x.w.triggers.list().filter((t) => t.handler === 'handoffTimerRun');
    expect(now.map((t) => t.owner)).toEqual([ADA2]);
    expect(
      x
        .rows('Audit')
        .filter((a) => a.Action === 'health_incident_end')
        .map((a) => a.Reason),
    ).toEqual([`Ended: reinstalled by ${ADA2}.`]);
    x.w.triggers.advance(10 * MIN);
    expect(timerRuns(x).length).toBe(runsBefore + 1);
    expect(timerRuns(x).at(-1)!.owner).toBe(ADA2);
    const health = x.run<{ timer: { ok: boolean; lastRun: number; periodMinutes: number; installedBy: string } }>(
      'handoffHealth',
      [],
      ADA2,
    );
    expect(health.timer).toMatchObject({ ok: true, periodMinutes: 10, installedBy: ADA2, lastRun: timerRuns(x).at(-1)!.at });
  });

  it('a web app POST (an approval from the email) is an entry point too: it reports the stalled timer, and the admins are emailed at once', () => {
    const x = world();
    x.w.forms.submitAs(x.formId, RITA, answers('Stapler'));
    x.w.triggers.advance(10 * MIN); // the timer sends the approval email
    const mail = x.w.mail.inbox(MAX).find((m) => /approval/i.test(m.subject))!;
    const approve = /Approve: (\S+)/.exec(mail.body)![1]!;
    x.w.triggers.drop(uidOf(x, 'handoffTimerRun'));
    x.w.triggers.advance(25 * MIN);
    expect(incidentMails(x, ADA2)).toHaveLength(0);
    const t = new URL(approve).searchParams.get('t')!;
    const page = x.w.webapp.post(approve, { t, confirmed: '1' }, { as: MAX });
    expect(page.title).toBe('PR-000001: approved');
    const opened = x.rows('Audit').filter((a) => a.Action === 'health_incident');
    expect(opened.map((a) => [a.Name, details(a).detectedBy])).toEqual([['timer', 'web-app']]);
    // The Outbox is flushed by the timer, which is what stalled: the incident's emails went out at once.
    expect(incidentMails(x, ADA2)).toHaveLength(1);
    expect(
      outboxRecords(x)
        .filter((m) => m.kind === 'notice')
        .map((m) => m.outcome),
    ).toEqual(['sent', 'sent']);
    expect(x.rows('Outbox').filter((o) => o.Kind === 'notice')).toEqual([]);
    // A GET changes nothing: opening the link again adds no audit row.
    const rows = x.rows('Audit').length;
    x.w.webapp.get(approve, { as: MAX });
    expect(x.rows('Audit')).toHaveLength(rows);
  });

  it('the installer reinstalls a timer that stays listed but stopped firing (disabled)', () => {
    const x = world();
    const uid = uidOf(x, 'handoffTimerRun');
    x.w.triggers.drop(uid, { how: 'disabled' });
    x.w.triggers.advance(35 * MIN);
    const me = x.run<{ health: { banners: Array<{ repair: { label: string; takeOver: boolean } | null }> } }>(
      'handoffPanelWhoAmI',
      [{}],
      OWNER,
    );
    expect(me.health.banners[0]!.repair).toEqual({ label: 'Reinstall the timer', takeOver: false });
    x.run('handoffPanelRepair', [{ key: 'timer' }], OWNER);
    const timers = x.w.triggers.list().filter((t) => t.handler === 'handoffTimerRun');
    expect(timers).toHaveLength(1); // the disabled one was deleted, not left beside the new one
    expect(timers[0]!.uid).not.toBe(uid);
    expect(x.w.triggers.advance(10 * MIN)).toBeGreaterThan(0);
  });

  it('handoffHealth(): the shape the Admin view shows; a dropped on-edit trigger is found missing by the admin who installed it', () => {
    const x = world();
    expect(x.run<string>('handoffMenuInstallTriggers')).toMatch(/install/i);
    x.w.triggers.advance(10 * MIN);
    const ok = x.run<Record<string, any>>('handoffHealth');
    expect(Object.keys(ok).sort()).toEqual(['banners', 'forms', 'incidents', 'now', 'onEdit', 'timer']);
    expect(ok.timer).toMatchObject({ ok: true, periodMinutes: 10, installedBy: OWNER, found: true });
    expect(ok.forms).toEqual([
      expect.objectContaining({
        formId: x.formId,
        ok: true,
        trigger: expect.objectContaining({ owner: OWNER, found: true }),
        lastSubmission: null,
        lastProcessed: null,
      }),
    ]);
    expect(ok.incidents).toEqual([]);
    expect(() => x.run('handoffHealth', [], OPS)).toThrow(/Only the spreadsheet owner and Handoff admins/);

    const edit = x.w.triggers.list().find((t) => t.handler === 'handoffOnEdit');
    if (!edit) throw new Error('the on-edit trigger was not installed');
    x.w.triggers.drop(edit.uid);
    const bad = x.run<Record<string, any>>('handoffHealth');
    expect(bad.onEdit).toMatchObject({ ok: false, found: false, installedBy: OWNER });
    expect(bad.incidents.map((i: { kind: string; status: string }) => [i.kind, i.status])).toEqual([['on-edit', 'open']]);
    expect(bad.banners.map((b: { key: string }) => b.key)).toEqual(['on-edit']);
    // Every operator sees it from now on, until it is repaired.
    const ops = x.run<{ health: { banners: Array<{ key: string }> } }>('handoffPanelWhoAmI', [{}], OPS);
    expect(ops.health.banners.map((b) => b.key)).toEqual(['on-edit']);
    x.run('handoffPanelRepair', [{ key: 'on-edit' }], OWNER);
    const fixed = x.run<Record<string, any>>('handoffHealth');
    expect(fixed.onEdit).toMatchObject({ ok: true, found: true });
    expect(fixed.incidents.map((i: { kind: string; status: string; ended: string }) => [i.kind, i.status, i.ended])).toEqual([
      ['on-edit', 'ended', `reinstalled by ${OWNER}`],
    ]);
  });
});

describe('the cost of healing (dist/Code.js)', () => {
  jest.setTimeout(120_000);

  it("a form's first sweep (Handoff upgraded under a form linked long ago) reads the last hour, not the form's history", () => {
    const x = world();
    x.w.forms.submitAs(x.formId, RITA, answers('Old'));
    x.w.triggers.advance(3 * 60 * MIN);
    // As before the sweep existed: no sweep record, no heartbeat of the form's trigger.
    const props = x.services.PropertiesService.getScriptProperties();
    x.w.kernel.meter.unmetered(() => {
      for (const k of Object.keys(props.getProperties()))
        if (k.includes(`:sweep:${x.formId}`) || k.includes(`:health:form:${x.formId}`)) props.deleteProperty(k);
    });
    const { cost } = x.w.kernel.measure(() => x.w.triggers.advance(10 * MIN));
    expect(cost.calls['Form.getResponses']).toBe(1);
    expect(cost.calls['FormResponse.getId'] ?? 0).toBe(0); // the three-hour-old response is not read again
    expect(x.rows('Intake log')).toHaveLength(1);
  });

  it('a burst larger than the sweep remembers is sent to intake again at most once, not at every sweep', () => {
    const x = world();
    x.w.triggers.advance(10 * MIN); // the first sweep sets the form's record
    // 200 responses at one instant, each taken by its trigger: more than the sweep's `seen` (100) and the trigger's
    // heartbeat (60) can name.
    for (let i = 0; i < 200; i++) x.w.forms.submitAs(x.formId, RITA, answers(`Burst ${i}`));
    expect(x.rows('Requests').length).toBeGreaterThanOrEqual(200);
    x.w.triggers.advance(70 * MIN); // sweeps while the burst is within an overlap of the mark
    const { cost } = x.w.kernel.measure(() => x.w.triggers.advance(120 * MIN)); // four more sweeps
    expect(cost.calls['Form.getResponses']).toBeGreaterThanOrEqual(4);
    expect(cost.calls['FormResponse.getItemResponses'] ?? 0).toBe(0); // no response read, none sent to intake
    expect(x.rows('Intake log').length).toBeLessThanOrEqual(x.rows('Requests').length); // nothing doubled
  });

  it('a timer with nothing due for hours is idle, not stalled: its heartbeat keeps the health check quiet', () => {
    const x = world();
    x.w.triggers.advance(3 * 60 * MIN);
    const runs = timerRuns(x);
    expect(runs.length).toBeGreaterThanOrEqual(17);
    expect(runs.slice(-5).map((r) => (r.result as { outcome: string }).outcome)).toEqual(['idle', 'idle', 'idle', 'idle', 'idle']);
    expect(x.rows('Audit').filter((a) => a.Action === 'health_incident')).toHaveLength(0);
    expect(incidentMails(x, ADA2)).toHaveLength(0);
    const who = x.run<{ health: { banners: unknown[] } }>('handoffPanelWhoAmI', [{}], OPS);
    expect(who.health.banners).toEqual([]);
  });

  it('an idle timer run reads the properties once and writes only its heartbeat; every 30 minutes it also reads each linked form once', () => {
    const x = world();
    // A second linked form: one Forms read per form per sweep.
    x.w.ui.answerPrompt('new');
    x.w.ui.answerPrompt('purchase-approval');
    x.run('handoffLinkForm');
    x.w.forms.submitAs(x.formId, RITA, answers('Stapler'));
    x.w.triggers.advance(20 * MIN); // the sweep's marks are set (first run), nothing is due
    const runs = [1, 2, 3].map(() => {
      const { cost } = x.w.kernel.measure(() => x.w.triggers.advance(10 * MIN));
      expect(timerRuns(x).at(-1)!.result).toMatchObject({ outcome: 'idle', swept: 0 });
      return cost;
    });
    const writes = (c: Record<string, number>) =>
      Object.entries(c)
        .filter(([k]) => /setProperty|setProperties/.test(k))
        .reduce((n, [, v]) => n + v, 0);
    // Nothing is due before the stored next-due time, and the forms were swept less than 30 minutes ago: one property
    // read, the heartbeat, no Forms call.
    const [idle, sweep] = [runs[0]!, runs[1]!];
    expect(idle.calls['Properties.getProperties']).toBe(1);
    expect(writes(idle.calls)).toBe(1);
    expect(Object.keys(idle.calls).filter((k) => /^(Form|FormApp|FormResponse|Sheets|Lock)\./.test(k))).toEqual([]);
    expect(runs[2]!.calls).toEqual(idle.calls);
    // 30 minutes after the first sweep: each form read once (openById + getResponses); both sweep records ride on the
    // heartbeat's one write.
    expect(sweep.calls['FormApp.openById']).toBe(2);
    expect(sweep.calls['Form.getResponses']).toBe(2);
    expect(sweep.calls['Properties.getProperties']).toBe(1);
    expect(writes(sweep.calls)).toBe(1);
    console.log(
      `idle timer run: ${Math.round(idle.estimatedMs)} ms of calls; with the 30-minute sweep of 2 linked forms: ${Math.round(sweep.estimatedMs)} ms`,
    );
  });
});
