/**
 * Blank answers are placed from the link's listing (src/gas/intake/read.ts, listed.ts): Forms lists every text,
 * paragraph, date and time question in a response, answered or not, so a blank one is placed without reading its
 * item, but only while the blanks are exactly the listed questions the answers did not name. A form edited by hand
 * makes them differ, and then every blank's item is read, as before the listing.
 */
import { sweepForms } from '../../../../src/gas/intake/sweep';
import { readLink, writeLink, type FormLink } from '../../../../src/gas/intake/links';
import { LISTING_MAX_AGE_MS } from '../../../../src/gas/intake/listed';
import { RITA } from '../fixtures';
import { OWNER } from '../workspace';
import { intakeWorld, valid, type IntakeWorld } from './helpers';

const status = (r: { runs: Array<{ result?: unknown }> }) => (r.runs[0]!.result as { status: string }).status;

/** Submits and returns the outcome with the Forms calls it made. */
function submit(t: IntakeWorld, formId: string, answers: Record<string, string>) {
  let outcome = '';
  const { cost } = t.ws.kernel.measure(() => {
    outcome = status(t.w.forms.submitAs(formId, RITA, answers));
  });
  const n = (k: string) => cost.calls[k] ?? 0;
  return { outcome, getResponse: n('ItemResponse.getResponse'), getItem: n('ItemResponse.getItem'), getId: n('Item.getId') };
}

const link = (t: IntakeWorld, formId: string): FormLink => t.ws.kernel.meter.unmetered(() => readLink(t.services, formId)!);
const relink = (t: IntakeWorld, l: FormLink) => t.ws.kernel.meter.unmetered(() => writeLink(t.services, l));
const withoutListing = ({ listed: _l, listedAt: _a, ...rest }: FormLink): FormLink => rest;

/** The newest request as stored (its state and fields): what the read of its response decided. */
const lastRequest = (t: IntakeWorld) => {
  const r = t.rows('Requests').at(-1)!;
  return { state: r.State, fields: r.Fields };
};

describe('blank answers placed from the listing', () => {
  it('a generated form lists its text, paragraph, date and time questions, in form order', () => {
    const t = intakeWorld();
    const l = t.generate();
    const items = t.ws.kernel.meter.unmetered(() =>
      t
        .form(l.formId)
        .getItems()
        .map((i) => [i.getTitle(), String(i.getType()), i.getId()] as const),
    );
    const stored = link(t, l.formId);
    expect(stored.listed).toEqual(
      items.filter(([, type]) => ['TEXT', 'PARAGRAPH_TEXT', 'DATE', 'TIME'].includes(type)).map(([, , id]) => id),
    );
    // Cost centre is a choice question: Forms leaves it out of a response when unanswered, so it is not listed.
    expect(items.filter(([, type]) => type === 'MULTIPLE_CHOICE' || type === 'LIST').map(([title]) => title)).toEqual(['Cost centre']);
    expect(stored.listed).toHaveLength(items.length - 1);
    expect(stored.listedAt).toBe(t.ws.kernel.clock.now());
  });

  it('the four blank questions are not read, and the request is the one a full read makes', () => {
    const t = intakeWorld();
    const l = t.generate();
    const placed = submit(t, l.formId, valid);
    expect(placed).toEqual({ outcome: 'created', getResponse: 8, getItem: 4, getId: 4 });
    const a = lastRequest(t);
    // The same response with a link from before listings: every item is read, and the request is the same.
    relink(t, withoutListing(link(t, l.formId)));
    const read = submit(t, l.formId, valid);
    expect(read).toEqual({ outcome: 'created', getResponse: 8, getItem: 8, getId: 8 });
    expect(lastRequest(t)).toEqual(a);
    expect(JSON.parse(String(a.fields))).toMatchObject({ item: 'Laptop', vendor: null, neededBy: null, quote: null, poNumber: null });
  });

  it('a mapped question deleted by hand: the blanks no longer match the listing, they are read, and the response goes to Intake errors', () => {
    const t = intakeWorld();
    const l = t.generate();
    const form = t.form(l.formId);
    t.as(OWNER, () => form.deleteItem(form.getItems().find((i) => i.getTitle() === 'Vendor')!));
    const r = submit(t, l.formId, valid);
    expect(r.outcome).toBe('unmappable');
    expect(r.getItem).toBeGreaterThanOrEqual(7); // the 4 answered and the 3 blanks; then the form's items are checked
    expect(String(t.rows('Intake errors')[0]!.Reason)).toContain('"Vendor" is no longer on it');
  });

  it('a text question added by hand: one blank more than listed, so the blanks are read and the new question is ignored', () => {
    const t = intakeWorld();
    const l = t.generate();
    t.as(OWNER, () => t.form(l.formId).addTextItem().setTitle('Favourite colour'));
    const r = submit(t, l.formId, valid);
    expect(r).toEqual({ outcome: 'created', getResponse: 9, getItem: 9, getId: 9 });
    expect(JSON.parse(String(lastRequest(t).fields))).not.toHaveProperty('favouriteColour');
  });

  it('a mapped question replaced by hand by another left blank: its field is blank (as the answer was), and the next answer to the new question is caught', () => {
    const t = intakeWorld();
    const l = t.generate();
    const form = t.form(l.formId);
    t.as(OWNER, () => {
      form.deleteItem(form.getItems().find((i) => i.getTitle() === 'Vendor')!);
      form.addTextItem().setTitle('Supplier');
    });
    // Counts agree (four blanks, four listed questions unnamed): the blanks are placed; every one of them is ''.
    const blank = submit(t, l.formId, valid);
    expect(blank).toMatchObject({ outcome: 'created', getItem: 4 });
    expect(JSON.parse(String(lastRequest(t).fields))).toMatchObject({ vendor: null });
    // An answer to the new question names an item the listing does not hold: the blanks are read, the change is found.
    const answered = submit(t, l.formId, { ...valid, Supplier: 'Acme' });
    expect(answered.outcome).toBe('unmappable');
    expect(String(t.rows('Intake errors').at(-1)!.Reason)).toContain('"Vendor" is no longer on it');
  });

  it("the timer's sweep lists a link made before listings, and lists a form again once its listing is a day old", () => {
    const t = intakeWorld();
    const l = t.generate();
    relink(t, withoutListing(link(t, l.formId)));
    const sweep = () =>
      t.as(OWNER, () => {
        const ctx = t.ctx();
        sweepForms(ctx, { ...ctx.services.PropertiesService.getScriptProperties().getProperties() });
      });
    sweep();
    const first = link(t, l.formId);
    expect(first.listed).toHaveLength(7);
    expect(first.listedAt).toBe(t.ws.kernel.clock.now());
    t.as(OWNER, () => t.form(l.formId).addParagraphTextItem().setTitle('Notes'));
    t.ws.kernel.clock.advance(LISTING_MAX_AGE_MS / 2);
    sweep();
    expect(link(t, l.formId).listed).toEqual(first.listed); // half a day: not taken again
    t.ws.kernel.clock.advance(LISTING_MAX_AGE_MS / 2);
    sweep();
    const again = link(t, l.formId);
    expect(again.listed).toHaveLength(8);
    expect(again.listedAt).toBe(t.ws.kernel.clock.now());
    // The rest of the link is as it was.
    expect(withoutListing(again)).toEqual(withoutListing(first));
    // And a response now places its five blanks (Notes among them) without reading their ids; Notes is not mapped,
    // so its item is read once for its title (the note of ignored answers), as any unmapped answer's is.
    expect(submit(t, l.formId, valid)).toEqual({ outcome: 'created', getResponse: 9, getItem: 5, getId: 4 });
  });
});
