/**
 * Which form feeds which workflow, with its mapping by item id and the id of the one form-submit trigger
 * Handoff installed for it. Kept in script properties, keyed by form id, so the form-submit handler (which
 * runs with no active spreadsheet) finds its link, and the governed spreadsheet, from the event's form alone.
 */
import type { AppContext } from '../context';
import type { Services } from '../services';
import type { MappingEntry } from './mapping';

export interface FormLink {
  formId: string;
  /** The governed spreadsheet the responses go to. */
  spreadsheetId: string;
  workflowId: string;
  mapping: MappingEntry[];
  mode: 'generated' | 'connected';
  title: string;
  /** Where requesters fill it in. */
  publishedUrl: string;
  /** The form-submit trigger Handoff created (Trigger.getUniqueId()), and the account it runs as. */
  triggerId: string | null;
  triggerOwner: string | null;
  /**
   * The ids of the form's text, paragraph, date and time questions, in form order: Forms lists them in a response
   * even when blank (src/gas/intake/listed.ts). Absent in links made before it was kept (the sweep adds it).
   */
  listed?: number[];
  /** When `listed` was taken. */
  listedAt?: number;
  /** When the trigger was last reinstalled (a repair), if ever. */
  repairedAt?: number;
  linkedAt: number;
  linkedBy: string;
}

const PREFIX = 'handoff.intake.form:';
const linkKey = (formId: string): string => PREFIX + formId;

type Props = Pick<Services, 'PropertiesService'>;

export function readLink(s: Props, formId: string): FormLink | null {
  const text = s.PropertiesService.getScriptProperties().getProperty(linkKey(formId));
  if (!text) return null;
  try {
    return JSON.parse(text) as FormLink;
  } catch {
    return null;
  }
}

/** The link of a form from script properties already read. */
export function linkFrom(all: Readonly<Record<string, string>>, formId: string): FormLink | null {
  const text = all[linkKey(formId)];
  if (!text) return null;
  try {
    return JSON.parse(text) as FormLink;
  } catch {
    return null;
  }
}

export function writeLink(s: Props, link: FormLink): void {
  s.PropertiesService.getScriptProperties().setProperty(linkKey(link.formId), JSON.stringify(link));
}

/** The link whose form-submit trigger has this id (script properties only: no Forms call), or null. */
export function linkByTrigger(ctx: AppContext, triggerUid: string): FormLink | null {
  const all = ctx.services.PropertiesService.getScriptProperties().getProperties();
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(PREFIX) || !v.includes(triggerUid)) continue;
    try {
      const link = JSON.parse(v) as FormLink;
      if (link.triggerId === triggerUid) return link;
    } catch {
      /* a damaged entry is ignored */
    }
  }
  return null;
}

/** Every form linked to this spreadsheet. */
export function linksOf(ctx: AppContext): FormLink[] {
  const all = ctx.services.PropertiesService.getScriptProperties().getProperties();
  const id = ctx.spreadsheetId();
  const out: FormLink[] = [];
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(PREFIX)) continue;
    try {
      const link = JSON.parse(v) as FormLink;
      if (link.spreadsheetId === id) out.push(link);
    } catch {
      /* a damaged entry is ignored */
    }
  }
  return out;
}
