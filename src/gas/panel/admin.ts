/**
 * Admin functions of the panel: workflows (list, templates, validate, publish a new version), the
 * Directory (people and roles) and settings. Admins only; every change is audited.
 */
import * as z from '../../core/zod';
import { normalizeEmail, requestlessEvent, validateDefinition, type AuditEvent, type Definition } from '../../core';
import { templates } from '../../templates';
import { publishWorkflow } from '../commands/workflows';
import { addMissingQuestions, describeGaps, formGaps } from '../intake/form-sync';
import type { AppContext } from '../context';
import { approvalSettings, setApprovalSettings } from '../approvals/settings';
import { syncProtections } from '../setup/setup';
import { withLock } from '../lock';
import { AuditStore } from '../store/audit';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import { utilitiesKnownZone } from '../zone';
import { Day, dayStart, nextDay } from './days';
import { effectivePeriod, installedAsAddOn, readState as readTimerState } from '../timers/state';
import { installDispatcher } from '../timers/trigger';
import type { Caller } from '../auth';
import { panelFunction, PanelRefusal } from './guard';

/** Audit action for configuration changes (directory, settings, publish): the engine's list has none yet. */
export const CONFIG_ACTION: AuditEvent['action'] = 'config_change';

export function auditConfig(
  ctx: AppContext,
  caller: Caller,
  name: string,
  details: AuditEvent['details'],
  workflowId = '',
  version = 0,
): void {
  const event = requestlessEvent({
    workflowId,
    version,
    at: ctx.now(),
    actor: caller.email,
    method: 'session',
    action: CONFIG_ACTION,
    name,
    details,
  });
  withLock(ctx, () => new AuditStore(ctx).appendOnce([{ key: `config:${ctx.services.Utilities.getUuid()}`, event }]));
}

// ---- Workflows ----------------------------------------------------------------------------------

export const listWorkflows = panelFunction('handoffPanelWorkflows', 'admin', z.strictObject({}), (ctx) => {
  const by = new Map<
    string,
    {
      workflowId: string;
      name: string;
      latest: number;
      versions: Array<{ version: number; publishedAt: number; publishedBy: string; hash: string }>;
      definition: Definition;
    }
  >();
  for (const v of new ConfigStore(ctx).versions()) {
    if (v.status !== 'published') continue;
    const cur = by.get(v.workflowId) ?? {
      workflowId: v.workflowId,
      name: v.definition.name,
      latest: 0,
      versions: [],
      definition: v.definition,
    };
    cur.versions.push({ version: v.version, publishedAt: v.publishedAt, publishedBy: v.publishedBy, hash: v.hash });
    if (v.version > cur.latest) Object.assign(cur, { latest: v.version, name: v.definition.name, definition: v.definition });
    by.set(v.workflowId, cur);
  }
  return { workflows: [...by.values()].map((w) => ({ ...w, definition: JSON.parse(JSON.stringify(w.definition)) as Definition })) };
});

export const listTemplates = panelFunction('handoffPanelTemplates', 'admin', z.strictObject({}), () => ({
  templates: templates.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description ?? '',
    definition: JSON.parse(JSON.stringify(t)) as Definition,
  })),
}));

const DefinitionArgs = z.strictObject({ definition: z.unknown() });
const PublishArgs = z.strictObject({ definition: z.unknown(), updateForms: z.optional(z.boolean()) });

export const validateWorkflow = panelFunction('handoffPanelValidateWorkflow', 'admin', DefinitionArgs, (ctx, _caller, a) => {
  const r = validateDefinition(a.definition, { isKnownZone: utilitiesKnownZone(ctx.services.Utilities) });
  return r.ok
    ? { ok: true as const, problems: [], hash: r.hash }
    : { ok: false as const, problems: r.problems.map((p) => ({ path: p.path, message: p.message })), hash: null };
});

/**
 * Publishes as the next version. Not valid → { ok: false, problems } (shown next to the fields), nothing written.
 * A linked form without a question the version requires → { ok: false, formGaps: sentence }, nothing written, until
 * the admin confirms (updateForms): then the questions are added to the forms and the version is published.
 */
export const publishNewVersion = panelFunction('handoffPanelPublishWorkflow', 'admin', PublishArgs, (ctx, caller, a) => {
  const r = validateDefinition(a.definition, { isKnownZone: utilitiesKnownZone(ctx.services.Utilities) });
  if (!r.ok)
    return { ok: false as const, problems: r.problems.map((p) => ({ path: p.path, message: p.message })), version: null, created: false };
  const gaps = formGaps(ctx, r.definition);
  if (gaps.length && !a.updateForms)
    return { ok: false as const, problems: [], version: null, created: false, formGaps: describeGaps(gaps), formsAdded: [] };
  const p = publishWorkflow(ctx, r.definition, caller.email);
  if (p.created) auditConfig(ctx, caller, 'publish_workflow', { hash: p.version.hash }, p.version.workflowId, p.version.version);
  const formsAdded = gaps.length ? addMissingQuestions(ctx, gaps) : [];
  if (formsAdded.length) auditConfig(ctx, caller, 'form_questions_added', { added: formsAdded }, p.version.workflowId, p.version.version);
  return { ok: true as const, problems: [], version: p.version.version, workflowId: p.version.workflowId, created: p.created, formsAdded };
});

// ---- Directory ----------------------------------------------------------------------------------

export const listDirectory = panelFunction('handoffPanelDirectory', 'admin', z.strictObject({}), (ctx) => ({
  people: new DirectoryStore(ctx).list().map((p) => ({
    email: p.email,
    name: p.name,
    roles: [...p.roles],
    manager: p.manager ?? null,
    delegate: p.delegate ?? null,
    awayFrom: p.outOfOffice?.from ?? null,
    awayTo: p.outOfOffice?.to ?? null,
    /** null: the organisation's default (Settings), see mail/delivery.ts. */
    delivery: p.digest === 'daily' ? 'digest' : (p.digest ?? null),
    timeZone: p.timeZone || ctx.services.Session.getScriptTimeZone() || 'Etc/UTC',
  })),
  /** What a person with no delivery of their own gets (Settings). */
  defaultDelivery: readSettings(ctx).defaultDelivery,
}));

const Email = z.string().check(z.trim(), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'), z.maxLength(254));
const RoleName = z.string().check(z.trim(), z.regex(/^[a-z][a-z0-9_-]{0,63}$/, 'roles are lower-case letters, digits, "_" or "-"'));

export const savePerson = panelFunction(
  'handoffPanelSavePerson',
  'admin',
  z.strictObject({
    email: Email,
    name: z.string().check(z.trim(), z.maxLength(200)),
    roles: z.array(RoleName).check(z.maxLength(30)),
    manager: z.optional(z.union([Email, z.literal('')])),
    /** Who acts for them while they are away; '' clears it. */
    delegate: z.optional(z.union([Email, z.literal('')])),
    /** How approvals, assignments and reminders reach them; '' = the default (digest). */
    delivery: z.optional(z.enum(['immediate', 'digest', ''], { message: 'must be "immediate", "digest" or empty for the default' })),
    /** The days they are away (YYYY-MM-DD, first and last, in their time zone); '' and '' clear it. */
    awayFrom: z.optional(z.union([Day, z.literal('')])),
    awayTo: z.optional(z.union([Day, z.literal('')])),
  }),
  (ctx, caller, a) => {
    const email = normalizeEmail(a.email);
    const roles = [...new Set(a.roles.map((r) => r.toLowerCase()))];
    if (email === caller.email && caller.roles.includes('admin') && !roles.includes('admin')) {
      throw new PanelRefusal('You cannot remove your own admin role (ask another admin, so that Handoff always keeps one).');
    }
    const delegate = a.delegate === undefined ? undefined : a.delegate === '' ? null : normalizeEmail(a.delegate);
    if (delegate === email) throw new PanelRefusal('A person cannot be their own delegate: choose someone else, or leave it empty.');
    if ((a.awayFrom || a.awayTo) && !(a.awayFrom && a.awayTo))
      throw new PanelRefusal('Give both the first and the last day away (or neither).');
    if (a.awayFrom && a.awayTo && a.awayTo < a.awayFrom) throw new PanelRefusal('The last day away is before the first day away.');
    return withLock(ctx, () => {
      const store = new DirectoryStore(ctx);
      const before = store.list().find((p) => p.email === email);
      const zone = before?.timeZone || ctx.services.Session.getScriptTimeZone() || 'Etc/UTC';
      const away =
        a.awayFrom === undefined
          ? (before?.outOfOffice ?? null)
          : a.awayFrom && a.awayTo
            ? { from: dayStart(ctx, a.awayFrom, zone), to: dayStart(ctx, nextDay(a.awayTo), zone) - 1 }
            : null;
      store.upsert({
        ...(before ?? {}),
        email,
        name: a.name || email.split('@')[0] || email,
        roles,
        manager: a.manager ? normalizeEmail(a.manager) : (before?.manager ?? null),
        delegate: delegate === undefined ? (before?.delegate ?? null) : delegate,
        outOfOffice: away,
        digest: a.delivery === undefined ? (before?.digest ?? null) : a.delivery === '' ? null : a.delivery,
      });
      auditConfig(ctx, caller, 'directory', { email, rolesBefore: before?.roles ?? [], rolesAfter: roles });
      // Sidebar calls run as the user: a new operator can write the governed tabs only once the protections say so.
      const protections = syncProtections(ctx);
      return { email, roles, created: !before, protections };
    });
  },
  { delivery: 'Approvals and reminders by email', delegate: 'Delegate while away', awayFrom: 'First day away', awayTo: 'Last day away' },
);

// ---- Settings -----------------------------------------------------------------------------------

/** Timer settings (read by the timers: digest hour, dispatcher period), in one script property. */
export const TIMER_SETTINGS_PROPERTY = 'HANDOFF_TIMER_SETTINGS';
export const DISPATCHER_PERIODS = [1, 5, 10, 15, 30, 60] as const;

export interface PanelSettings {
  /** Approval links expire after this many days. */
  tokenExpiryDays: number;
  /** 'link': a signed link plus the confirming POST is enough when Apps Script cannot see the approver; 'sign_in': approvers must be signed in. */
  identityMode: 'link' | 'sign_in';
  /** Local hour (0-23) the daily digest goes out. */
  digestHour: number;
  /** Minutes between dispatcher runs (an add-on may run at most hourly; a bound script every minute). */
  dispatcherMinutes: number;
  /** How people whose row names no delivery get approvals, assignments and reminders (mail/delivery.ts). */
  defaultDelivery: 'digest' | 'immediate';
}

export function readSettings(ctx: AppContext): PanelSettings {
  const a = approvalSettings(ctx.services, '');
  let t: { digestHour?: unknown; dispatcherMinutes?: unknown; defaultDelivery?: unknown } = {};
  try {
    t = JSON.parse(ctx.services.PropertiesService.getScriptProperties().getProperty(TIMER_SETTINGS_PROPERTY) ?? '{}') as typeof t;
  } catch {
    t = {};
  }
  const hour =
    typeof t.digestHour === 'number' && Number.isInteger(t.digestHour) && t.digestHour >= 0 && t.digestHour <= 23 ? t.digestHour : 8;
  // Nothing saved: the period the timers actually use (10 minutes in a bound script, hourly as an add-on), not 60.
  const minutes =
    typeof t.dispatcherMinutes === 'number' && (DISPATCHER_PERIODS as readonly number[]).includes(t.dispatcherMinutes)
      ? t.dispatcherMinutes
      : effectivePeriod(readTimerState(ctx).config, installedAsAddOn(ctx));
  return {
    tokenExpiryDays: a.linkTtlDays,
    identityMode: a.signedLinkWithoutSignIn ? 'link' : 'sign_in',
    digestHour: hour,
    dispatcherMinutes: minutes,
    defaultDelivery: t.defaultDelivery === 'immediate' ? 'immediate' : 'digest',
  };
}

export const getSettings = panelFunction('handoffPanelSettings', 'admin', z.strictObject({}), (ctx) => ({
  settings: readSettings(ctx),
  dispatcherPeriods: [...DISPATCHER_PERIODS],
}));

export const saveSettings = panelFunction(
  'handoffPanelSaveSettings',
  'admin',
  z.strictObject({
    tokenExpiryDays: z.number().check(z.int('a whole number of days'), z.minimum(1, 'at least 1 day'), z.maximum(90, 'at most 90 days')),
    identityMode: z.enum(['link', 'sign_in']),
    digestHour: z
      .number()
      .check(z.int('a whole hour from 0 to 23'), z.minimum(0, 'a whole hour from 0 to 23'), z.maximum(23, 'a whole hour from 0 to 23')),
    dispatcherMinutes: z.literal(DISPATCHER_PERIODS, {
      error: `one of ${DISPATCHER_PERIODS.join(', ')} minutes`,
    }),
    /** Absent: kept as it is. */
    defaultDelivery: z.optional(z.enum(['digest', 'immediate'], { error: 'must be "digest" or "immediate"' })),
  }),
  (ctx, caller, s) => {
    const before = readSettings(ctx);
    withLock(ctx, () => {
      setApprovalSettings(ctx.services, null, { linkTtlDays: s.tokenExpiryDays, signedLinkWithoutSignIn: s.identityMode === 'link' });
      ctx.services.PropertiesService.getScriptProperties().setProperty(
        TIMER_SETTINGS_PROPERTY,
        JSON.stringify({
          digestHour: s.digestHour,
          dispatcherMinutes: s.dispatcherMinutes,
          defaultDelivery: s.defaultDelivery ?? before.defaultDelivery,
        }),
      );
    });
    // A new period applies now: the installed dispatcher trigger is replaced (it kept its old period until the
    // next Triggers > Install). No trigger yet: the period is used when one is installed.
    if (s.dispatcherMinutes !== before.dispatcherMinutes && readTimerState(ctx).trigger)
      installDispatcher(ctx, { periodMinutes: s.dispatcherMinutes });
    const after = readSettings(ctx);
    auditConfig(ctx, caller, 'settings', { before: { ...before }, after: { ...after } });
    return { settings: after };
  },
  {
    tokenExpiryDays: 'Approval links expire after (days)',
    identityMode: 'Approver identity',
    digestHour: 'Daily digest hour (0–23)',
    dispatcherMinutes: 'Dispatcher runs every',
    defaultDelivery: 'People without a choice get',
  },
);
