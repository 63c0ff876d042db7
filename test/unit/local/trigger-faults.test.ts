/**
 * Faults: a trigger Google drops ('removed': gone from getProjectTriggers) or disables ('disabled': listed, never
 * fires) without any call of the script; restore() brings it back, delivering the events it missed late.
 * Also getResponses(timestamp) as the sweep relies on it: at-or-after, oldest first, an edit moves a response's time.
 */
import { Kernel } from '../../../src/local/kernel/kernel';
import { createFormsServices, MemoryDestinationSheets } from '../../../src/local/services/forms';
import { createScriptServices, FunctionTableInvoker } from '../../../src/local/services/script';

const MIN = 60_000;
const start = Date.UTC(2026, 0, 5, 9, 0, 0);

function setup() {
  const kernel = new Kernel({ owner: 'ada@acme.test', start });
  const script = createScriptServices(kernel);
  const forms = createFormsServices(kernel, script.store, () => script.config.timeZone);
  const sheets = new MemoryDestinationSheets();
  sheets.addSpreadsheet('SS1');
  forms.controls.setDestinationSheets(sheets);
  const seen: Array<{ fn: string; at: number; responseId?: string }> = [];
  script.invoker.set(
    new FunctionTableInvoker(kernel, {
      tick: () => seen.push({ fn: 'tick', at: kernel.clock.now() }),
      onSubmit: (e: unknown) =>
        seen.push({
          fn: 'onSubmit',
          at: kernel.clock.now(),
          responseId: (e as { response: GoogleAppsScript.Forms.FormResponse }).response.getId(),
        }),
    }),
  );
  const FormApp = forms.FormApp as unknown as GoogleAppsScript.Forms.FormApp;
  const ScriptApp = script.ScriptApp as unknown as GoogleAppsScript.Script.ScriptApp;
  const form = FormApp.create('F').setAllowResponseEdits(true);
  form.addTextItem().setTitle('Q');
  return { kernel, script, forms, seen, FormApp, ScriptApp, form, controls: script.controls };
}

describe('local Workspace: trigger faults', () => {
  test('a removed form trigger leaves getProjectTriggers, fires nothing, and delivers the missed submissions late on restore', () => {
    const { ScriptApp, form, forms, controls, seen, kernel } = setup();
    const t = ScriptApp.newTrigger('onSubmit').forForm(form.getId()).onFormSubmit().create();
    controls.drop(t.getUniqueId());
    expect(ScriptApp.getProjectTriggers()).toEqual([]);
    expect(controls.dropped().map((d) => d.record.uid)).toEqual([t.getUniqueId()]);
    const a = forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: '1' });
    const b = forms.controls.submitAs(form.getId(), 'b@acme.test', { Q: '2' });
    expect(a.runs).toEqual([]);
    expect(seen).toEqual([]);
    kernel.clock.advance(30 * MIN);
    const late = controls.restore(t.getUniqueId());
    expect(late.map((r) => [r.handler, r.late, r.ok, r.at])).toEqual([
      ['onSubmit', true, true, start + 30 * MIN],
      ['onSubmit', true, true, start + 30 * MIN],
    ]);
    expect(seen.map((s) => s.responseId)).toEqual([a.responseId, b.responseId]);
    expect(ScriptApp.getProjectTriggers().map((x) => x.getUniqueId())).toEqual([t.getUniqueId()]);
    forms.controls.submitAs(form.getId(), 'c@acme.test', { Q: '3' });
    expect(seen).toHaveLength(3); // firing again
  });

  test('restore with late: false drops what it missed', () => {
    const { ScriptApp, form, forms, controls, seen } = setup();
    const t = ScriptApp.newTrigger('onSubmit').forForm(form.getId()).onFormSubmit().create();
    controls.drop(t.getUniqueId());
    forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: '1' });
    expect(controls.restore(t.getUniqueId(), { late: false })).toEqual([]);
    expect(seen).toEqual([]);
  });

  test('a disabled clock trigger stays listed but does not run; restored, it runs at its next instant, without back-fill', () => {
    const { ScriptApp, controls, seen } = setup();
    const t = ScriptApp.newTrigger('tick').timeBased().everyMinutes(10).create();
    controls.advance(10 * MIN);
    expect(seen).toHaveLength(1);
    controls.drop(t.getUniqueId(), { how: 'disabled' });
    expect(ScriptApp.getProjectTriggers().map((x) => x.getUniqueId())).toEqual([t.getUniqueId()]);
    expect(controls.advance(60 * MIN)).toBe(0);
    expect(controls.nextDue()).toBeNull();
    expect(seen).toHaveLength(1);
    expect(controls.restore(t.getUniqueId())).toEqual([]);
    controls.advance(10 * MIN);
    expect(seen.map((s) => s.at - start)).toEqual([10 * MIN, 80 * MIN]);
  });

  test('dropped triggers persist through toJSON/restore; an unknown id is an error', () => {
    const { ScriptApp, controls, script } = setup();
    const t = ScriptApp.newTrigger('tick').timeBased().everyHours(1).create();
    controls.drop(t.getUniqueId());
    const json = JSON.parse(JSON.stringify(script.store.toJSON()));
    const b = setup();
    b.script.store.restore(json);
    expect(b.controls.list()).toEqual([]);
    expect(b.controls.dropped().map((d) => d.record.uid)).toEqual([t.getUniqueId()]);
    b.controls.restore(t.getUniqueId());
    expect(b.controls.list().map((x) => x.uid)).toEqual([t.getUniqueId()]);
    expect(() => controls.drop('nope')).toThrow(/no trigger nope/);
    expect(() => controls.restore('nope')).toThrow(/neither dropped nor disabled/);
  });
});

describe('local Workspace: Form.getResponses(timestamp) as the sweep reads it', () => {
  test('responses at or after the time, oldest first; an edit gives the response its new time', () => {
    const { FormApp, form, forms, kernel } = setup();
    const a = forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: '1' });
    kernel.clock.advance(MIN);
    const b = forms.controls.submitAs(form.getId(), 'b@acme.test', { Q: '2' });
    const at = (r: GoogleAppsScript.Forms.FormResponse) => [r.getId(), r.getTimestamp().getTime() - start];
    expect(form.getResponses(new Date(start + MIN)).map(at)).toEqual([[b.responseId, MIN]]); // inclusive
    expect(form.getResponses(new Date(start + MIN + 1))).toEqual([]);
    kernel.clock.advance(MIN);
    forms.controls.editAs(a.responseId, { Q: '1b' });
    expect(FormApp.openById(form.getId()).getResponses(new Date(start)).map(at)).toEqual([
      [b.responseId, MIN],
      [a.responseId, 2 * MIN],
    ]);
  });
});
