/** The Form page and POST /api/form/submit on a form made with the local FormApp: Google Forms' validation decides. */
import { fakePlayground, getJson, postJson, serve, type Fixture, type Running } from './helpers';

let fx: Fixture;
let srv: Running;
let formId: string;

beforeEach(async () => {
  fx = await fakePlayground();
  const FormApp = fx.p.ws.globals.FormApp;
  const form = FormApp.create('Purchase <approval>');
  form.addTextItem().setTitle('Item').setRequired(true);
  form.addMultipleChoiceItem().setTitle('Cost centre').setChoiceValues(['Sales', 'Ops']).setRequired(true);
  form.addCheckboxItem().setTitle('Extras').setChoiceValues(['Dock', 'Bag']);
  formId = form.getId();
  srv = await serve(fx.p);
});

afterEach(async () => {
  await srv.close();
  await fx.cleanup();
});

const post = (body: string) =>
  fetch(srv.base + '/form', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });

describe('the Form page', () => {
  it('renders the questions with their inputs, escaped', async () => {
    const html = await (await fetch(`${srv.base}/form?as=rita@acme.test`)).text();
    expect(html).toContain('Purchase &lt;approval&gt;');
    expect(html).toMatch(/<label class="q" for="q\d+">Item <span class="req">\*<\/span><\/label>/);
    expect(html).toMatch(/type="radio" name="item-\d+" value="Ops"/);
    expect(html).toMatch(/type="checkbox" name="item-\d+" value="Bag"/);
  });

  it('a refused submission shows each problem under its question (422) and records nothing', async () => {
    const r = await post(`as=rita%40acme.test&formId=${formId}`);
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('Please fix the answers marked below.');
    expect((html.match(/class="err">[^<]+</g) ?? []).length).toBe(2);
    expect(fx.p.ws.forms.get(formId)!.responses).toHaveLength(0);
  });

  it('a valid submission is recorded as the person, with every checkbox ticked', async () => {
    const items = fx.p.ws.forms.get(formId)!.items;
    const [item, cc, extras] = items.map((i) => `item-${i.id}`);
    const r = await post(`as=max%40acme.test&formId=${formId}&${item}=Desk&${cc}=Ops&${extras}=Dock&${extras}=Bag`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('id="form-done"');
    const [resp] = fx.p.ws.forms.get(formId)!.responses;
    expect(resp?.submittedBy).toBe('max@acme.test');
    expect(resp?.answers.map((a) => a.value)).toEqual(['Desk', 'Ops', ['Dock', 'Bag']]);
  });

  it('an unknown person posting the form is a 400', async () => {
    const r = await post(`as=nobody%40acme.test&formId=${formId}`);
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('Unknown person');
  });
});

describe('POST /api/form/submit', () => {
  it('answers by title; refused answers are a 422 listing the problems', async () => {
    const bad = await postJson(srv.base, '/api/form/submit', { as: 'rita@acme.test', answers: { 'Cost centre': 'Legal' } });
    expect(bad.status).toBe(422);
    expect(bad.json.problems.map((x: { title: string }) => x.title).sort()).toEqual(['Cost centre', 'Item']);
    const unknown = await postJson(srv.base, '/api/form/submit', { as: 'rita@acme.test', answers: { Colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatch(/no question "Colour"/);
    const wrongType = await postJson(srv.base, '/api/form/submit', { as: 'rita@acme.test', answers: { Item: { x: 1 } } });
    expect(wrongType.status).toBe(400);
    const ok = await postJson(srv.base, '/api/form/submit', { as: 'rita@acme.test', answers: { Item: 'Desk', 'Cost centre': 'Sales' } });
    expect(ok.status).toBe(200);
    expect(ok.json.responseId).toEqual(expect.any(String));
    const form = await getJson(srv.base, '/api/form');
    expect(form.json.items.map((i: { title: string }) => i.title)).toEqual(['Item', 'Cost centre', 'Extras']);
  });
});
