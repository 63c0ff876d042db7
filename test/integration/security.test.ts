/**
 * Every top-level function of dist/Code.js, called as an attacker would call it: google.script.run reaches every
 * global function whose name does not end in "_", with any plain JSON arguments. The functions are enumerated from the
 * bundle itself (a new export is covered without editing this file). Each is called with a range of argument shapes
 * (forged events, requests aimed at another person's request, operator and admin payloads) as
 *   (a) a requester who does not own the target request,
 *   (b) an approver who is not involved in it,
 *   (c) unknown users (a stranger with an email, and nobody signed in),
 * in the sidebar (running as the caller) and, for the identified callers, from a web-app page (running as the
 * deployer). Asserted: no result or message carries the target's data (a marker planted in a field); the target
 * request, the Outbox, Directory, Config and the script properties are unchanged; Audit gains only refusals; no mail
 * is sent; no trigger is created; every refusal is a sentence (no ZodError, no JSON of issues, no TypeError).
 */
import { auditView } from '../support/audit-view';
import { readFileSync } from 'node:fs';
import { purchaseApproval } from '../../src/templates';
import { PEOPLE, MAX, FAY, RITA, laptop } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { CODE_PATH, loadBundle, type CallOptions, type Harness } from './harness';

const SAM = 'sam@acme.test';
const MALLORY = 'mallory@evil.test';
const MARKER = 'MARKER-c0ffee-51f3';
const TARGET = 'PR-000001';
const TABS = ['Requests', 'Outbox', 'Directory', 'Config'];

/** The bundle's global functions, as Apps Script sees them (every one a page can call, except names ending in "_"). */
function topLevelFunctions(): string[] {
  return loadBundle(OWNER)
    .script.functionNames()
    .filter((n) => !n.endsWith('_'));
}

function world(): Harness {
  // One vm context for all calls (the sweep makes thousands); the bundle keeps no state between executions anyway.
  const h = loadBundle(OWNER, { reuseContext: true });
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', [...PEOPLE, [SAM, 'Sam Sales', '', MAX, '', '', '', '', '']]);
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  h.ws.webapp.deploy({ access: 'ANYONE_ANONYMOUS' });
  h.call('handoffInstallTimers');
  // Sam's request holds the marker; Rita has one of her own.
  h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: { ...laptop, justification: MARKER } }], { as: SAM });
  h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
  for (const who of [RITA, FAY, MALLORY]) h.ws.sheets.get(h.spreadsheetId).share(who, 'editor');
  return h;
}

const act = (action: unknown) => ({ requestId: TARGET, expectedRevision: 1, action });
const SHAPES: unknown[][] = [
  [],
  [null],
  [TARGET],
  [42],
  [[TARGET]],
  [{}],
  ['=HYPERLINK("http://evil.test","x")'],
  [{ requestId: TARGET }],
  [act({ type: 'approve', comment: 'ok' })],
  [act({ type: 'reject', comment: 'no' })],
  [act({ type: 'cancel', reason: 'mine now' })],
  [act({ type: 'resubmit', fields: { item: 'Yacht' } })],
  [act({ type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-1' } })],
  [act({ type: 'edit_fields', fields: { item: 'Yacht' }, reason: 'x' })],
  [act({ type: 'reassign', to: MALLORY, reason: 'x' })],
  [act({ type: 'override_state', to: 'approved', reason: 'x' })],
  [{ requestId: TARGET, expectedRevision: '1', action: { type: 'approve' } }],
  [{ workflowId: 'purchase-approval', fields: laptop, requester: SAM }],
  [{ workflowId: 'purchase-approval', fields: 'all of them' }],
  [{ requestIds: [TARGET], op: 'cancel', reason: 'x' }],
  [{ requestIds: [TARGET], op: 'remind', reason: 'x' }],
  [{ definition: { ...purchaseApproval, name: 'Pwned' } }],
  [{ ...purchaseApproval, name: 'Pwned' }],
  [{ email: MALLORY, name: 'M', roles: ['admin'] }],
  [{ tokenExpiryDays: 365, identityMode: 'link', digestHour: 1, dispatcherMinutes: 1 }],
  [{ limit: 100 }],
  [{ authMode: 'FULL' }],
  [{ triggerUid: '1' }],
  [{ range: { getSheet: 'Requests' }, value: 'approved', user: { email: RITA } }],
  [{ response: { id: 'x' }, source: { id: 'y' } }],
  [{ parameter: { api: 'card', t: 'x.y' }, postData: { contents: 't=x.y&comment=hi', type: 'application/x-www-form-urlencoded' } }],
  [{ parameter: { t: 'abc.def', confirmed: '1' } }],
  [{ parameter: { status: 'abc.def' } }],
  [
    {
      commonEventObject: { parameters: { requestId: TARGET, stepId: 'manager', round: '1', approver: MAX, decision: 'approve' } },
      gmail: { messageId: 'm1', accessToken: 'tok' },
    },
  ],
  [TARGET, { requestId: TARGET }],
];

/** A refusal people can read: one or more sentences, no validator dump, no JavaScript error text. */
function unreadable(message: string): string | null {
  if (
    /ZodError|"code"\s*:|"path"\s*:|\[\s*\{|is not a function|Cannot read prop|of undefined|of null|is not defined|\binternal\b/.test(
      message,
    )
  )
    return 'carries an internal error or a validator dump';
  if (message.length > 700) return 'is too long';
  if (!/^["“(A-Z0-9]/.test(message.trim())) return 'does not start like a sentence';
  return null;
}

interface Persona {
  name: string;
  opts: CallOptions;
}
const PERSONAS: Persona[] = [
  { name: 'requester who does not own it (sidebar)', opts: { as: RITA, runAs: RITA } },
  { name: 'approver not involved (sidebar)', opts: { as: FAY, runAs: FAY } },
  { name: 'stranger (sidebar)', opts: { as: MALLORY, runAs: MALLORY } },
  { name: 'nobody signed in (sidebar)', opts: { as: '', runAs: '' } },
  { name: 'requester who does not own it (web-app page)', opts: { as: RITA, kind: 'web-app' } },
  { name: 'approver not involved (web-app page)', opts: { as: FAY, kind: 'web-app' } },
];

function snapshot(h: Harness) {
  const props = h.ws.kernel.meter.unmetered(() => h.services.PropertiesService.getScriptProperties().getProperties());
  const kept = Object.fromEntries(Object.entries(props).filter(([k]) => !k.endsWith(':refusals')));
  return {
    tabs: JSON.stringify(TABS.map((t) => h.sheet.values(t))),
    audit: auditView(h.sheet.values('Audit')).length,
    mail: h.ws.mail.outbox().length,
    triggers: JSON.stringify(h.ws.triggers.list().map((t) => [t.uid, t.handler, t.owner])),
    props: JSON.stringify(kept),
  };
}

describe('every top-level function of dist/Code.js, called by people who may not', () => {
  const functions = topLevelFunctions();

  it('finds every entry point of the bundle', () => {
    const h = loadBundle(OWNER);
    // The same list as the bundle's own top-level declarations (esbuild.config.mjs writes one per export of main.ts).
    const declared = [...readFileSync(CODE_PATH, 'utf8').matchAll(/^function ([A-Za-z0-9_$]+)\s*\(/gm)].map((m) => m[1]);
    expect([...functions].sort()).toEqual([...declared].sort());
    expect(functions.length).toBeGreaterThanOrEqual(50);
    for (const fn of ['doGet', 'doPost', 'handoffGetRequest', 'handoffTimerRun', 'handoffPanelAct', 'onOpen'])
      expect(functions).toContain(fn);
    for (const fn of functions) expect(typeof h.context[fn]).toBe('function');
  });

  for (const persona of PERSONAS) {
    it(`as a ${persona.name}: refuses or does no harm`, () => {
      const h = world();
      const target = () => {
        const rows = h.sheet.values('Requests');
        const head = rows[0] as string[];
        const row = rows.find((r) => r[head.indexOf('ID')] === TARGET)!;
        return [row[head.indexOf('Revision')], row[head.indexOf('State')]];
      };
      const before = target();
      const problems: string[] = [];
      for (const fn of functions) {
        const was = snapshot(h);
        for (const args of SHAPES) {
          const label = `${fn}(${JSON.stringify(args).slice(1, -1).slice(0, 80)})`;
          let out = '';
          try {
            out = JSON.stringify(h.call(fn, args, persona.opts) ?? null);
          } catch (e) {
            const message = String((e as Error)?.message ?? e);
            out = message;
            const why = unreadable(message);
            if (why) problems.push(`${label}: its refusal ${why}: ${message.slice(0, 300)}`);
          }
          if (out.includes(MARKER)) problems.push(`${label}: answered with the target's data`);
        }
        const now = snapshot(h);
        if (now.tabs !== was.tabs) problems.push(`${fn}: changed ${TABS.join('/')} tabs`);
        if (now.mail !== was.mail) problems.push(`${fn}: sent ${now.mail - was.mail} email(s)`);
        if (now.triggers !== was.triggers) problems.push(`${fn}: changed the triggers`);
        if (now.props !== was.props) problems.push(`${fn}: changed script properties`);
        const added = auditView(h.sheet.values('Audit')).slice(was.audit);
        const head = auditView(h.sheet.values('Audit'))[0] as string[];
        const notRefusals = added.filter((r) => r[head.indexOf('Action')] !== 'refused');
        if (notRefusals.length) problems.push(`${fn}: wrote ${notRefusals.map((r) => r[head.indexOf('Action')]).join(', ')} to Audit`);
      }
      expect(problems).toEqual([]);
      expect(target()).toEqual(before);
    });
  }
});
