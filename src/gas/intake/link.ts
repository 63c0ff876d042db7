/**
 * Linking a form to a workflow (admins only):
 *   - generateForm: a new Google Form built from the workflow's fields (closest item type, required flags,
 *     choices, number/text validation where Forms has it, help text, respondent emails collected, edits
 *     allowed so requesters can fix a response);
 *   - previewConnect / connectForm: an existing form, items matched to fields by title; the admin sees the
 *     proposed mapping and every unmatched item and field before confirming; the mapping is stored by item id.
 * Both install exactly one form-submit trigger for the form (triggers.ts).
 */
import { confirmationMessage } from './confirmation';
import { startState, type Definition, type FieldDef, type PublishedVersion } from '../../core';
import { requireAdmin } from '../auth';
import type { AppContext } from '../context';
import { HandoffError } from '../errors';
import { ownerEmail } from '../auth';
import { ConfigStore } from '../store/config';
import { readLink, writeLink, type FormLink } from './links';
import { describeProposal, proposeMapping, type FormItemInfo, type MappingEntry, type MappingProposal } from './mapping';
import { listedIds } from './listed';
import { ensureIntakeTabs } from './tabs';
import { ensureFormTrigger, type TriggerOutcome } from './triggers';

type Form = GoogleAppsScript.Forms.Form;

export interface LinkResult {
  formId: string;
  title: string;
  editUrl: string;
  publishedUrl: string;
  workflowId: string;
  mapping: MappingEntry[];
  lines: string[];
  trigger: TriggerOutcome['action'];
}

function latest(ctx: AppContext, workflowId: string): PublishedVersion {
  return new ConfigStore(ctx).latest(workflowId);
}

/** Choices: up to 5 as radio buttons, more as a drop-down list. */
const RADIO_MAX = 5;

export function addItem(ctx: AppContext, form: Form, f: FieldDef, required: boolean): number {
  const FormApp = ctx.services.FormApp;
  const help = [f.help ?? ''];
  let item:
    | GoogleAppsScript.Forms.TextItem
    | GoogleAppsScript.Forms.ParagraphTextItem
    | GoogleAppsScript.Forms.MultipleChoiceItem
    | GoogleAppsScript.Forms.ListItem
    | GoogleAppsScript.Forms.CheckboxItem
    | GoogleAppsScript.Forms.DateItem;
  switch (f.type) {
    case 'long_text': {
      const p = form.addParagraphTextItem();
      const v = lengthRule(FormApp.createParagraphTextValidation(), f);
      if (v) p.setValidation(v.build());
      item = p;
      break;
    }
    case 'number':
    case 'currency': {
      const t = form.addTextItem();
      const b = FormApp.createTextValidation();
      if (f.min !== undefined && f.max !== undefined) b.requireNumberBetween(f.min, f.max);
      else if (f.min !== undefined) b.requireNumberGreaterThanOrEqualTo(f.min);
      else if (f.max !== undefined) b.requireNumberLessThanOrEqualTo(f.max);
      else b.requireNumber();
      const bounds =
        f.min !== undefined && f.max !== undefined
          ? ` between ${f.min} and ${f.max}`
          : f.min !== undefined
            ? ` of at least ${f.min}`
            : f.max !== undefined
              ? ` of at most ${f.max}`
              : '';
      b.setHelpText(`Enter a number${bounds}${f.type === 'currency' && f.currency ? ` (${f.currency})` : ''}, digits only.`);
      t.setValidation(b.build());
      if (f.type === 'currency' && f.currency) help.push(`Amount in ${f.currency}.`);
      item = t;
      break;
    }
    case 'email': {
      const t = form.addTextItem();
      t.setValidation(FormApp.createTextValidation().requireTextIsEmail().setHelpText('Enter an email address.').build());
      item = t;
      break;
    }
    case 'link': {
      const t = form.addTextItem();
      // Forms' own URL rule accepts "example.com"; Handoff needs http(s)://, so the pattern says so.
      t.setValidation(
        FormApp.createTextValidation()
          .requireTextMatchesPattern('https?://\\S+')
          .setHelpText('Enter a link starting with http:// or https://')
          .build(),
      );
      item = t;
      break;
    }
    case 'date':
      item = form.addDateItem();
      break;
    case 'choice': {
      const opts = f.options ?? [];
      if (opts.length > RADIO_MAX) {
        const l = form.addListItem();
        l.setChoiceValues(opts);
        item = l;
      } else {
        const m = form.addMultipleChoiceItem();
        m.setChoiceValues(opts);
        item = m;
      }
      break;
    }
    case 'multi_choice': {
      const c = form.addCheckboxItem();
      c.setChoiceValues(f.options ?? []);
      item = c;
      break;
    }
    case 'checkbox': {
      const c = form.addCheckboxItem();
      c.setChoiceValues(['Yes']);
      item = c;
      break;
    }
    default: {
      const t = form.addTextItem();
      const v =
        f.pattern !== undefined
          ? FormApp.createTextValidation().requireTextMatchesPattern(f.pattern).setHelpText(`${f.label} is not in the expected format.`)
          : lengthRule(FormApp.createTextValidation(), f);
      if (v) t.setValidation(v.build());
      item = t;
    }
  }
  item.setTitle(f.label);
  const text = help.filter(Boolean).join(' ');
  if (text) item.setHelpText(text);
  item.setRequired(required);
  return item.getId();
}

function lengthRule<B extends GoogleAppsScript.Forms.TextValidationBuilder | GoogleAppsScript.Forms.ParagraphTextValidationBuilder>(
  b: B,
  f: FieldDef,
): B | null {
  // Forms keeps one rule per question: the maximum (the usual limit) wins over the minimum.
  if (f.max !== undefined) {
    b.requireTextLengthLessThanOrEqualTo(f.max);
    b.setHelpText(`At most ${f.max} characters.`);
    return b;
  }
  if (f.min !== undefined) {
    b.requireTextLengthGreaterThanOrEqualTo(f.min);
    b.setHelpText(`At least ${f.min} characters.`);
    return b;
  }
  return null;
}

/** Builds a new form for the workflow, links it and installs its trigger. */
export function generateForm(ctx: AppContext, workflowId: string): LinkResult {
  const admin = requireAdmin(ctx, 'handoffLinkForm');
  const version = latest(ctx, workflowId);
  const def = version.definition;
  const start = startState(def);
  const form = ctx.services.FormApp.create(def.name);
  form.setDescription(def.description ?? '');
  form.setCollectEmail(true);
  form.setAllowResponseEdits(true);
  form.setConfirmationMessage(confirmationMessage(def));
  const mapping: MappingEntry[] = def.fields.map((f) => ({
    itemId: addItem(ctx, form, f, f.required === true || (start.requiredFields ?? []).includes(f.id)),
    fieldId: f.id,
    itemTitle: f.label,
  }));
  // The form belongs to whoever created it; the spreadsheet's owner gets edit access when that is someone else.
  const owner = ownerEmail(ctx);
  if (owner && owner !== admin.email) form.addEditor(owner);
  return saveLink(ctx, form, def, mapping, 'generated', admin.email, [], formItems(form));
}

/** The form's question items (ids, titles, types), read once. */
export function formItems(form: Form): FormItemInfo[] {
  return form.getItems().map((i) => ({ id: i.getId(), title: i.getTitle(), type: String(i.getType()) }));
}

export function openForm(ctx: AppContext, urlOrId: string): Form {
  const s = urlOrId.trim();
  if (!s) throw new HandoffError('not_found', "Give the form's URL or id.");
  try {
    if (/^https?:\/\//i.test(s)) return ctx.services.FormApp.openByUrl(s);
    return ctx.services.FormApp.openById(s);
  } catch {
    throw new HandoffError('not_found', `No form found at "${s}" (or you cannot open it). Paste the form's edit or published URL.`);
  }
}

export interface ConnectPreview {
  formId: string;
  title: string;
  workflowId: string;
  proposal: MappingProposal;
  /** What the admin reads before confirming: every mapping line, unmatched items and fields, warnings. */
  lines: string[];
  warnings: string[];
}

/** The proposed mapping of an existing form to a workflow. Changes nothing. */
export function previewConnect(ctx: AppContext, urlOrId: string, workflowId: string): ConnectPreview {
  requireAdmin(ctx, 'handoffLinkForm');
  const def = latest(ctx, workflowId).definition;
  const form = openForm(ctx, urlOrId);
  const proposal = proposeMapping(formItems(form), def);
  const warnings: string[] = [];
  if (!form.collectsEmail())
    warnings.push(
      'The form does not collect email addresses: responses cannot name their requester. Turn on "Collect email addresses" in the form\'s settings.',
    );
  if (!form.canEditResponse())
    warnings.push(
      'Respondents cannot edit their responses: requests with problems can only be fixed by an operator. Turn on "Allow response editing" to let requesters fix them.',
    );
  if (proposal.entries.length === 0) warnings.push('No question matches a field of the workflow: rename the questions after the fields.');
  return { formId: form.getId(), title: form.getTitle(), workflowId, proposal, lines: describeProposal(proposal, def), warnings };
}

/**
 * Connects the form with the mapping the admin confirmed. `expected` is the mapping shown; when the form changed
 * since, nothing is linked and the admin is asked to look again.
 */
export function connectForm(ctx: AppContext, urlOrId: string, workflowId: string, expected?: readonly MappingEntry[]): LinkResult {
  const admin = requireAdmin(ctx, 'handoffLinkForm');
  const def = latest(ctx, workflowId).definition;
  const form = openForm(ctx, urlOrId);
  const items = formItems(form);
  const proposal = proposeMapping(items, def);
  if (expected && JSON.stringify(expected) !== JSON.stringify(proposal.entries)) {
    throw new HandoffError(
      'conflict',
      'The form changed while you were looking at the mapping. Nothing was linked; connect it again to see the new mapping.',
    );
  }
  if (proposal.entries.length === 0)
    throw new HandoffError(
      'refused',
      'No question of the form matches a field of the workflow, so nothing was linked. Rename the questions after the fields and try again.',
    );
  return saveLink(ctx, form, def, proposal.entries, 'connected', admin.email, describeProposal(proposal, def), items);
}

function saveLink(
  ctx: AppContext,
  form: Form,
  def: Definition,
  mapping: MappingEntry[],
  mode: FormLink['mode'],
  by: string,
  lines: string[],
  /** The form's items as just read: the link keeps which of them Forms lists when blank. */
  items: readonly FormItemInfo[],
): LinkResult {
  const formId = form.getId();
  const prior = readLink(ctx.services, formId);
  const trigger = ensureFormTrigger(ctx.services, formId, {
    triggerId: prior?.triggerId ?? null,
    triggerOwner: prior?.triggerOwner ?? null,
  });
  const link: FormLink = {
    formId,
    spreadsheetId: ctx.spreadsheet().getId(),
    workflowId: def.id,
    mapping,
    mode,
    title: form.getTitle(),
    publishedUrl: form.getPublishedUrl(),
    triggerId: trigger.triggerId,
    triggerOwner: trigger.owner,
    listed: listedIds(items),
    listedAt: ctx.now(),
    linkedAt: ctx.now(),
    linkedBy: by,
  };
  writeLink(ctx.services, link);
  ensureIntakeTabs(ctx);
  const label = (id: string) => def.fields.find((f) => f.id === id)?.label ?? id;
  return {
    formId,
    title: link.title,
    editUrl: form.getEditUrl(),
    publishedUrl: link.publishedUrl,
    workflowId: def.id,
    mapping,
    lines: lines.length ? lines : mapping.map((m) => `"${m.itemTitle}" → ${label(m.fieldId)}`),
    trigger: trigger.action,
  };
}
