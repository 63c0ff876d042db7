/**
 * A new version and the forms linked to its workflow: a field the new version requires at intake that a linked
 * form does not ask would send every requester to fix a question that is not there. Publishing finds these gaps
 * first (formGaps); the admin either confirms, and the questions are added to each form and to its mapping
 * (addMissingQuestions), or nothing is published.
 */
import { startState, type Definition, type FieldDef } from '../../core';
import type { AppContext } from '../context';
import { addItem, formItems } from './link';
import { withListing } from './listed';
import { linksOf, writeLink, type FormLink } from './links';

export interface FormGap {
  link: FormLink;
  /** Fields required at intake that the form has no question for. */
  fields: FieldDef[];
}

const requiredAtIntake = (def: Definition): FieldDef[] => {
  const start = startState(def);
  return def.fields.filter((f) => f.required === true || (start.requiredFields ?? []).includes(f.id));
};

/** The linked forms of `def`'s workflow that miss a question it requires. Reads script properties only. */
export function formGaps(ctx: AppContext, def: Definition): FormGap[] {
  const required = requiredAtIntake(def);
  const gaps: FormGap[] = [];
  for (const link of linksOf(ctx)) {
    if (link.workflowId !== def.id) continue;
    const mapped = new Set(link.mapping.map((m) => m.fieldId));
    const fields = required.filter((f) => !mapped.has(f.id));
    if (fields.length) gaps.push({ link, fields });
  }
  return gaps;
}

/** One sentence per form: what publishing would leave it missing. */
export function describeGaps(gaps: readonly FormGap[]): string {
  return gaps
    .map(
      (g) =>
        `The linked form "${g.link.title}" has no question for ${g.fields.map((f) => `"${f.label}"`).join(', ')}, which this version requires.`,
    )
    .join(' ');
}

/** Adds each missing question (required) to its form and to the link's mapping (and lists the form again). */
export function addMissingQuestions(ctx: AppContext, gaps: readonly FormGap[]): string[] {
  const added: string[] = [];
  for (const g of gaps) {
    const form = ctx.services.FormApp.openById(g.link.formId);
    const mapping = [...g.link.mapping];
    for (const f of g.fields) {
      mapping.push({ itemId: addItem(ctx, form, f, true), fieldId: f.id, itemTitle: f.label });
      added.push(`"${f.label}" added to the form "${g.link.title}".`);
    }
    writeLink(ctx.services, withListing({ ...g.link, mapping }, formItems(form), ctx.now()));
  }
  return added;
}
