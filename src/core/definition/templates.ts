/** `{{placeholder}}` templates for notifications. Placeholders name a field id or a built-in value. */
import type { FieldValue } from '../model/json';
import { escapeHtml } from '../html';

/** Built-in placeholders, always available besides the workflow's field ids. */
export const BUILTIN_PLACEHOLDERS = [
  'requestId',
  'workflowName',
  'state',
  'stateLabel',
  'requester',
  'assignee',
  'actor',
  'comment',
  'step',
  'dueAt',
  'link',
  'problems',
  'decision',
  /** Reminders and escalations: who the request waits on, and how late it is ("3 hours overdue"). */
  'waitingOn',
  'lateness',
] as const;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_-]*)\s*\}\}/g;
const MALFORMED = /\{\{(?!\s*[A-Za-z][A-Za-z0-9_-]*\s*\}\})/;

/** Names used in a template, in order of first use. */
export function parsePlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!names.includes(m[1] as string)) names.push(m[1] as string);
  return names;
}

/** True when the template has a `{{` that does not open a well-formed placeholder. */
export function hasMalformedPlaceholder(template: string): boolean {
  return MALFORMED.test(template);
}

export type TemplateValues = Record<string, FieldValue | undefined>;

export function formatValue(v: FieldValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}

/** Plain-text rendering: unknown placeholders render as ''. */
export function renderText(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) => formatValue(values[name]));
}

/**
 * HTML rendering: the template is plain text; both its text and the values are HTML-escaped and
 * line breaks become <br>. Nothing a requester types can inject markup.
 */
export function renderHtml(template: string, values: TemplateValues): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out += escapeHtml(template.slice(last, m.index));
    out += escapeHtml(formatValue(values[m[1] as string]));
    last = (m.index ?? 0) + m[0].length;
  }
  out += escapeHtml(template.slice(last));
  return out.replace(/\r?\n/g, '<br>\n');
}
