/**
 * Runs any Apps Script project folder on a fresh local Workspace: loads appsscript.json, the script files in Apps
 * Script's order and the HTML files; restores the state saved by the previous run (a folder, default
 * <project>/.handoff-local); runs one function and/or fires triggers; reports logs, mail sent, executions and the
 * meter's table; saves the state again.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { estimateMs } from '../kernel/cost-model';
import { loadScript } from '../runtime';
import { onMissingMember } from '../runtime/server';
import { earlyDropFromEnv } from '../services/cache';
import { createWorkspace, type Workspace } from '../workspace';
import { explainMissing, type MissingMember } from './missing';
import { combinedSource, loadProject } from './project';

export interface RunnerOptions {
  folder: string;
  /** The function to run (as from the editor: kind 'script-run'). */
  fn?: string;
  args?: unknown[];
  /** Who runs it (Session.getActiveUser / getEffectiveUser). Default: the owner. */
  as?: string;
  /** The project's owner (first run only; kept in the state). */
  owner?: string;
  /** Triggers to fire, in order: open, edit:A1=value, submit:{json}, clock:1h, get:query, post:body. */
  triggers?: string[];
  /** The state folder (default <folder>/.handoff-local); `fresh` ignores what it holds. */
  state?: string;
  fresh?: boolean;
  /** What the script is bound to on the first run: a spreadsheet (default), a form, or nothing. */
  bound?: 'spreadsheet' | 'form' | 'none';
  maxRuntimeMs?: number;
}

export interface RunnerResult {
  ok: boolean;
  output: string;
  value?: unknown;
  ws: Workspace;
}

interface SavedState {
  owner: string;
  workspace: Record<string, unknown>;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration (examples: 90s, 10m, 2h, 1d)`);
  return Number(m[1]) * UNIT[m[2]!]!;
}

export function runProject(opts: RunnerOptions): RunnerResult {
  const folder = resolve(opts.folder);
  const project = loadProject(folder);
  const stateDir = resolve(opts.state ?? join(folder, '.handoff-local'));
  const statePath = join(stateDir, 'state.json');
  const saved: SavedState | null =
    !opts.fresh && existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as SavedState) : null;
  const owner = saved?.owner ?? opts.owner ?? 'owner@example.com';
  const ws = createWorkspace({ owner, ...(project.manifest.timeZone ? { timeZone: project.manifest.timeZone } : {}) });
  const drop = earlyDropFromEnv(process.env.HANDOFF_LOCAL_CACHE_DROP);
  if (drop) ws.caches.setEarlyDrop(drop);
  if (saved) ws.persistence.restore(saved.workspace);
  else if ((opts.bound ?? 'spreadsheet') === 'spreadsheet') ws.sheets.create(basename(folder), { owner, bind: true });
  else if (opts.bound === 'form')
    ws.forms.bind(ws.kernel.executions.run({ activeUser: owner }, () => ws.globals.FormApp.create(basename(folder)).getId()));
  ws.advanced.applyManifest(project.manifest as Parameters<Workspace['advanced']['applyManifest']>[0]);
  ws.html.setFiles(project.html);
  const script = loadScript(ws, combinedSource(project), `${basename(folder)}.gs`);

  const out: string[] = [];
  const misses: MissingMember[] = [];
  const firstExecution = ws.kernel.executions.history.length;
  const firstLog = ws.logs.entries.length;
  const firstMail = ws.mail.outbox().length;
  const metered = ws.kernel.meter.snapshot();
  const user = opts.as ?? owner;
  let ok = true;
  let value: unknown;
  const fail = (what: string, e: unknown) => {
    ok = false;
    const err = e instanceof Error ? e : new Error(String(e));
    out.push(`${what} failed: ${err.name === 'Exception' || err.name === 'Error' ? '' : `${err.name}: `}${err.message}`);
    const why = explainMissing(err, misses);
    if (why) out.push(`  missing: ${why}`);
  };

  onMissingMember((className, member) => misses.push({ className, member }));
  try {
    for (const t of opts.triggers ?? []) {
      try {
        out.push(fireTrigger(ws, t, user));
      } catch (e) {
        fail(`trigger ${t}`, e);
      }
    }
    if (opts.fn) {
      try {
        if (!script.hasFunction(opts.fn)) throw new Error(`Script function not found: ${opts.fn}`);
        value = script.call(opts.fn, opts.args ?? [], {
          activeUser: user,
          effectiveUser: user,
          kind: 'script-run',
          ...(opts.maxRuntimeMs ? { maxRuntimeMs: opts.maxRuntimeMs } : {}),
        });
        out.push(`${opts.fn} returned ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
      } catch (e) {
        fail(opts.fn, e);
      }
    }
  } finally {
    onMissingMember(null);
  }

  out.push('', '== logs ==');
  const logs = ws.logs.entries.slice(firstLog);
  out.push(...(logs.length ? logs.map((l) => `#${l.executionId} [${l.level}] ${l.message}`) : ['(none)']));
  out.push('', '== mail sent ==');
  const mail = ws.mail.outbox().slice(firstMail);
  out.push(...(mail.length ? mail.map((m) => `${m.from} → ${[...m.to, ...m.cc, ...m.bcc].join(', ')}: ${m.subject}`) : ['(none)']));
  out.push('', '== executions ==');
  // Executions of the runner's own bookkeeping (listing the script's functions) are not the script's.
  for (const x of ws.kernel.executions.history.slice(firstExecution).filter((h) => h.functionName || h.kind !== 'test')) {
    if (x.status !== 'COMPLETED') ok = false;
    out.push(
      `#${x.id} ${x.functionName || '(services)'} ${x.kind} as ${x.effectiveUser}: ${x.status} in ${Math.round(x.durationMs)} ms${x.error ? ` (${x.error})` : ''}`,
    );
  }
  out.push('', '== meter (service calls, estimated ms per the cost model) ==');
  out.push(...meterTable(metered.calls, ws.kernel.meter.snapshot().calls));

  mkdirSync(stateDir, { recursive: true });
  writeFileSync(statePath, JSON.stringify({ owner, workspace: ws.persistence.toJSON() } satisfies SavedState));
  out.push('', `state saved in ${statePath}`);
  return { ok, output: out.join('\n'), value, ws };
}

function meterTable(before: Record<string, number>, after: Record<string, number>): string[] {
  const rows = Object.entries(after)
    .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
    .filter(([, n]) => n > 0);
  if (!rows.length) return ['(no service calls)'];
  let total = 0;
  const lines = rows.map(([k, n]) => {
    const [service, method] = [k.slice(0, k.indexOf('.')), k.slice(k.indexOf('.') + 1)];
    const ms = n * estimateMs({ service, method });
    total += ms;
    return `${k.padEnd(44)} ${String(n).padStart(6)} ${String(Math.round(ms)).padStart(9)}`;
  });
  return [
    `${'call'.padEnd(44)} ${'count'.padStart(6)} ${'est. ms'.padStart(9)}`,
    ...lines,
    `${'total'.padEnd(44)} ${''.padStart(6)} ${String(Math.round(total)).padStart(9)}`,
  ];
}

/** Fires one trigger given as `kind[:argument]`; returns a line saying what happened. */
function fireTrigger(ws: Workspace, spec: string, user: string): string {
  const i = spec.indexOf(':');
  const kind = i < 0 ? spec : spec.slice(0, i);
  const arg = i < 0 ? '' : spec.slice(i + 1);
  const script = ws.runtime.script!;
  switch (kind) {
    case 'open': {
      if (!script.hasFunction('onOpen')) return 'open: the script has no onOpen';
      const source = ws.kernel.meter.unmetered(
        () => ws.globals.SpreadsheetApp.getActiveSpreadsheet() ?? ws.globals.FormApp.getActiveForm(),
      );
      script.call('onOpen', [{ authMode: 'LIMITED', source, user: { email: user } }], {
        activeUser: user,
        kind: 'simple-trigger',
        authMode: 'LIMITED',
      });
      return `open: onOpen ran as ${user}`;
    }
    case 'edit': {
      const m = /^([^=]+)=(.*)$/s.exec(arg);
      if (!m) throw new Error('edit needs A1=value, e.g. --trigger edit:B2=Approved');
      const range = ws.kernel.executions.run({ activeUser: user }, () => {
        const r = ws.globals.SpreadsheetApp.getActiveSpreadsheet()!.getActiveSheet().getRange(m[1]!);
        const oldValue = r.getValue();
        r.setValue(m[2]!);
        return { r, oldValue };
      });
      if (!script.hasFunction('onEdit')) return `edit: ${m[1]} set to ${m[2]} (the script has no onEdit)`;
      const e = {
        authMode: 'LIMITED',
        range: range.r,
        value: m[2],
        oldValue: range.oldValue,
        source: range.r.getSheet().getParent(),
        user: { email: user },
      };
      script.call('onEdit', [e], { activeUser: user, kind: 'simple-trigger', authMode: 'LIMITED' });
      return `edit: ${m[1]} set to ${m[2]}; onEdit ran as ${user}`;
    }
    case 'submit': {
      const form = (ws.globals.FormApp as unknown as { activeFormId: string | null }).activeFormId ?? ws.forms.list()[0]?.id;
      if (!form) throw new Error('submit: the project has no form (bind one, or create one with FormApp.create first)');
      const answers = arg ? (JSON.parse(arg) as Record<string, string | string[]>) : {};
      const r = ws.forms.submitAs(form, user, answers);
      return `submit: response ${r.responseId} by ${user}; ${r.runs.length} trigger run(s)`;
    }
    case 'clock': {
      const n = ws.triggers.advance(parseDuration(arg || '1h'));
      return `clock: now ${new Date(ws.kernel.clock.now()).toISOString()}; ${n} trigger run(s)`;
    }
    case 'get':
    case 'post': {
      if (!ws.webapp.url()) ws.webapp.deploy({});
      const r =
        kind === 'get' ? ws.webapp.get(arg.startsWith('?') || !arg ? arg : `?${arg}`, { as: user }) : ws.webapp.post('', arg, { as: user });
      return `${kind}: ${r.status} ${r.contentType ?? ''}\n${String(r.body).slice(0, 2000)}`;
    }
    default:
      throw new Error(`unknown trigger "${spec}" (open, edit:A1=value, submit:{json}, clock:1h, get:query, post:body)`);
  }
}
