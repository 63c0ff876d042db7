/**
 * POST /api/faults: the playground drops one of Handoff's triggers as Google would (no script runs) and restores
 * it. On the stand-in script: the triggers carry Handoff's handler names; whether Handoff notices is
 * test/integration/heal.test.ts's business.
 */
import { fakePlayground, getJson, postJson, serve, type Fixture, type Running } from './helpers';

const OWNER = 'ada@acme.test';

describe('playground: POST /api/faults', () => {
  let fx: Fixture;
  let srv: Running;
  let formId: string;

  beforeEach(async () => {
    fx = await fakePlayground();
    const ws = fx.p.ws;
    ws.kernel.executions.run({ activeUser: OWNER, effectiveUser: OWNER, kind: 'script-run' }, () => {
      const g = ws.globals as unknown as { ScriptApp: GoogleAppsScript.Script.ScriptApp; FormApp: GoogleAppsScript.Forms.FormApp };
      const form = g.FormApp.create('Purchase');
      form.addTextItem().setTitle('Item');
      formId = form.getId();
      g.ScriptApp.newTrigger('handoffTimerRun').timeBased().everyMinutes(10).create();
      g.ScriptApp.newTrigger('handoffOnFormSubmit').forForm(formId).onFormSubmit().create();
      g.ScriptApp.newTrigger('handoffOnEdit').forSpreadsheet(fx.p.spreadsheetId).onEdit().create();
    });
    srv = await serve(fx.p);
  });
  afterEach(async () => {
    await srv.close();
    await fx.cleanup();
  });

  const handlers = () => fx.p.ws.triggers.list().map((t) => t.handler);

  it('drops the form-submit trigger: gone from the list, a submission runs nothing; restore delivers it late', async () => {
    const r = await postJson(srv.base, '/api/faults', { drop: 'form-submit' });
    expect(r.status).toBe(200);
    expect(r.json.dropped).toEqual([expect.objectContaining({ handler: 'handoffOnFormSubmit', source: formId, owner: OWNER })]);
    expect(r.json.faults).toEqual([expect.objectContaining({ kind: 'form-submit', how: 'removed' })]);
    expect(handlers()).toEqual(['handoffTimerRun', 'handoffOnEdit']);
    const sub = await postJson(srv.base, '/api/form/submit', { formId, as: 'rita@acme.test', answers: { Item: 'Stapler' } });
    expect(sub.status).toBe(200);
    expect(sub.json.runs).toEqual([]);
    expect((await getJson(srv.base, '/api/faults')).json.faults).toHaveLength(1);
    const back = await postJson(srv.base, '/api/faults', { restore: 'form-submit' });
    expect(back.status).toBe(200);
    expect(back.json.restored).toEqual([expect.objectContaining({ handler: 'handoffOnFormSubmit' })]);
    // The stand-in script has no handoffOnFormSubmit: the late run is recorded as failed, but it ran.
    expect(back.json.lateRuns).toEqual([expect.objectContaining({ handler: 'handoffOnFormSubmit' })]);
    expect(back.json.faults).toEqual([]);
    expect(handlers()).toContain('handoffOnFormSubmit');
  });

  it('disables the timer (listed, silent) and restores it without late runs', async () => {
    const r = await postJson(srv.base, '/api/faults', { drop: 'timer', how: 'disabled' });
    expect(r.json.faults).toEqual([expect.objectContaining({ kind: 'timer', how: 'disabled', handler: 'handoffTimerRun' })]);
    expect(handlers()).toContain('handoffTimerRun');
    const clock = await postJson(srv.base, '/api/clock', { ms: '1h' });
    expect(clock.json.runs).toEqual([]);
    const back = await postJson(srv.base, '/api/faults', { restore: 'timer' });
    expect(back.json.lateRuns).toEqual([]);
    const later = await postJson(srv.base, '/api/clock', { ms: '10m' });
    expect(later.json.runs.map((x: { handler: string }) => x.handler)).toEqual(['handoffTimerRun']);
  });

  it('says what is wrong with a request', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{}, 400, /either "drop" or "restore"/],
      [{ drop: 'timer', restore: 'timer' }, 400, /either "drop" or "restore"/],
      [{ drop: 'clock' }, 400, /"drop" must be one of "form-submit", "timer", "on-edit", got "clock"/],
      [{ drop: 'on-edit', how: 'lost' }, 400, /"how" must be "removed" or "disabled"/],
      [{ restore: 'on-edit' }, 409, /No dropped handoffOnEdit trigger to restore/],
      [{ restore: 'timer', late: 'yes' }, 400, /"late" must be true or false/],
    ];
    for (const [body, status, message] of cases) {
      const r = await postJson(srv.base, '/api/faults', body);
      expect([r.status, r.json.error]).toEqual([status, expect.stringMatching(message)]);
    }
    await postJson(srv.base, '/api/faults', { drop: 'on-edit' });
    const again = await postJson(srv.base, '/api/faults', { drop: 'on-edit' });
    expect([again.status, again.json.error]).toEqual([409, 'No running handoffOnEdit trigger to drop']);
    const put = await fetch(`${srv.base}/api/faults`, { method: 'PUT' });
    expect(put.status).toBe(405);
    const text = await fetch(`${srv.base}/api/faults`, {
      method: 'POST',
      body: '{"drop":"timer"}',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('makes the next mail sends fail as Gmail refuses a message, then sending works again; bad arguments get a sentence', async () => {
    const r = await postJson(srv.base, '/api/faults', { fail: 'mail', times: 2 });
    expect(r.status).toBe(200);
    expect(r.json.mailFailures).toBe(2);
    const ws = fx.p.ws;
    const send = () =>
      ws.kernel.executions.run({ activeUser: OWNER, effectiveUser: OWNER, kind: 'script-run' }, () =>
        (ws.globals as unknown as { MailApp: GoogleAppsScript.Mail.MailApp }).MailApp.sendEmail('pat@acme.test', 'Hi', 'Body'),
      );
    expect(send).toThrow(/refused the message/);
    expect(send).toThrow(/refused the message/);
    expect(send).not.toThrow();
    expect(ws.mail.inbox('pat@acme.test')).toHaveLength(1);
    // Ten more queued, one used; "restore" drops the other nine.
    await postJson(srv.base, '/api/faults', { fail: 'mail', times: 10 });
    expect(send).toThrow(/refused the message/);
    const back = await postJson(srv.base, '/api/faults', { restore: 'mail' });
    expect(back.json.mailFailuresDropped).toBe(9);
    expect(send).not.toThrow();
    for (const [body, said] of [
      [{ fail: 'sheets' }, /"fail" must be "mail"/],
      [{ fail: 'mail', times: 0 }, /"times" must be a whole number from 1 to 100/],
      [{ fail: 'mail', message: '' }, /"message" must be a sentence/],
    ] as const) {
      const bad = await postJson(srv.base, '/api/faults', body);
      expect(bad.status).toBe(400);
      expect(String(bad.json.error)).toMatch(said);
    }
  });
});
