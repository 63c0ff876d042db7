/**
 * The Handoff menu as Sheets shows it to a person: onOpen runs as them (a simple trigger, AuthMode.LIMITED) and the
 * menu it adds is theirs. An item runs its function as that person (kind menu), on the pool; when the function asks
 * (SpreadsheetApp.getUi().alert / prompt) the execution waits, as it waits for the user in Sheets, and the page
 * shows the question; the person's answer lets it go on. Sidebars and dialogs it shows are kept for the page as
 * they are shown: one shown before a question appears with it (Open panel's sidebar beside its alert, as in Sheets).
 */
import { randomUUID } from 'node:crypto';
import type { DialogQuestion, MenuEntry, RecordedAlert } from '../services/spreadsheet/ui';
import { BadRequest } from './errors';
import type { Playground } from './playground';

export interface ShownDialog {
  id: string;
  as: string;
  kind: 'sidebar' | 'modal' | 'modeless';
  title: string | null;
  html: string;
}

interface Run {
  id: string;
  as: string;
  fn: string;
  executionId: number | null;
  question: DialogQuestion | null;
  answer: ((a: { button: string; text?: string }) => void) | null;
  done: boolean;
  ok: boolean;
  result: unknown;
  error: string | null;
  /** ws.ui.dialogs' length when the run started: its dialogs are after it. */
  dialogsFrom: number;
  /** How many of its dialogs are kept for the page already. */
  dialogsKept: number;
  /** Resolves when something the page must see happens (a question, the end). */
  changed: Promise<void>;
  signal: () => void;
}

export interface RunView {
  run: string;
  fn: string;
  state: 'asking' | 'done';
  question: { kind: 'alert' | 'prompt'; title: string | null; prompt: string; buttons: string } | null;
  ok: boolean | null;
  error: string | null;
  result: unknown;
  alerts: Array<Pick<RecordedAlert, 'kind' | 'title' | 'prompt' | 'answer' | 'text'>>;
  dialogs: Array<{ id: string; kind: string; title: string | null }>;
}

export const MAX_KEPT = 100;

/** Every item of a menu (submenus flattened), in order. */
export function menuItems(entries: MenuEntry[]): Array<{ caption: string; functionName: string }> {
  return entries.flatMap((e) => (e.kind === 'item' ? [e] : e.kind === 'submenu' ? menuItems(e.entries) : []));
}

export class MenuRuns {
  private readonly runs = new Map<string, Run>();
  private readonly byExecution = new Map<number, Run>();
  private readonly dialogs = new Map<string, ShownDialog>();

  constructor(private readonly p: Playground) {
    p.ws.ui.asker = (q) => this.ask(q);
  }

  /** Runs onOpen as the person and returns the menus it added for them. */
  async menus(as: string): Promise<Array<{ caption: string; addon: boolean; entries: MenuEntry[] }>> {
    const mine = this.p.ws.ui.menusOf(as);
    mine.length = 0;
    if (!this.p.script.hasFunction('onOpen')) return [];
    await this.p.executions.run('onOpen', [{ authMode: 'LIMITED', user: as }], { activeUser: as, kind: 'simple-trigger' });
    return mine.map((m) => ({ caption: m.caption, addon: m.addon, entries: m.entries }));
  }

  /** Starts a menu item as the person; resolves when it asks something or ends. */
  async start(as: string, fn: unknown): Promise<RunView> {
    if (typeof fn !== 'string' || fn === '') throw new BadRequest('"fn" is required: the function of a menu item');
    const mine = this.p.ws.ui.menusOf(as);
    const items = mine.flatMap((m) => menuItems(m.entries));
    if (!items.some((i) => i.functionName === fn))
      throw new BadRequest(
        `"${fn}" is not an item of ${as}'s Handoff menu (open the menu first; its items: ${items.map((i) => i.functionName).join(', ') || 'none'})`,
        403,
      );
    const run: Run = {
      id: randomUUID(),
      as,
      fn,
      executionId: null,
      question: null,
      answer: null,
      done: false,
      ok: false,
      result: undefined,
      error: null,
      dialogsFrom: this.p.ws.ui.dialogs.length,
      dialogsKept: 0,
      changed: Promise.resolve(),
      signal: () => undefined,
    };
    this.rearm(run);
    this.keep(run);
    void this.p.executions
      .run(fn, [], { activeUser: as, kind: 'menu' }, (id) => {
        run.executionId = id;
        this.byExecution.set(id, run);
      })
      .then(
        (v) => {
          run.ok = true;
          run.result = v === undefined ? null : JSON.parse(JSON.stringify(v ?? null));
        },
        (e: unknown) => {
          run.error = e instanceof Error ? e.message : String(e);
        },
      )
      .finally(() => {
        run.done = true;
        this.keepDialogs(run);
        if (run.executionId !== null) this.byExecution.delete(run.executionId);
        this.p.changed();
        this.wake(run);
      });
    await run.changed;
    return this.view(run);
  }

  /** The person's answer to the question the run is waiting on; resolves at the next question or the end. */
  async answer(runId: unknown, as: string, button: unknown, text: unknown): Promise<RunView> {
    const run = this.get(runId, as);
    if (!run.question || !run.answer) throw new BadRequest('This menu item is not waiting for an answer', 409);
    const allowed = buttonsOf(run.question.buttons);
    const b = String(button ?? '').toUpperCase();
    if (b !== 'CLOSE' && !allowed.includes(b)) throw new BadRequest(`"button" must be one of ${[...allowed, 'CLOSE'].join(', ')}`);
    const answer = run.answer;
    run.question = null;
    run.answer = null;
    this.rearm(run);
    answer({ button: b, ...(typeof text === 'string' ? { text } : {}) });
    await run.changed;
    return this.view(run);
  }

  dialog(id: unknown, as: string): ShownDialog {
    const d = typeof id === 'string' ? this.dialogs.get(id) : undefined;
    if (!d || d.as.toLowerCase() !== as.toLowerCase())
      throw new BadRequest('No such dialog (it belongs to someone else, or the playground restarted)', 404);
    return d;
  }

  /** ws.ui.asker: a question from an execution; one started from the menu page waits for the person's answer. */
  private ask(q: DialogQuestion): Promise<{ button: string; text?: string }> {
    const run = this.byExecution.get(q.executionId);
    // Not started from the menu page (a sidebar call, a trigger): nobody is looking, so the default answer.
    if (!run) return Promise.resolve(this.p.ws.ui.nextAnswer() ?? { button: 'OK', text: '' });
    // What it showed before asking is on screen while the question is: the page shows both.
    this.keepDialogs(run);
    return new Promise((resolve) => {
      run.question = q;
      run.answer = resolve;
      this.wake(run);
    });
  }

  /** The next thing the page waits for (a question, the end). */
  private rearm(run: Run): void {
    run.changed = new Promise<void>((resolve) => (run.signal = resolve));
  }

  private wake(run: Run): void {
    run.signal();
  }

  private get(id: unknown, as: string): Run {
    const run = typeof id === 'string' ? this.runs.get(id) : undefined;
    if (!run || run.as.toLowerCase() !== as.toLowerCase())
      throw new BadRequest('No such menu run (it belongs to someone else, or the playground restarted)', 404);
    return run;
  }

  private view(run: Run): RunView {
    const alerts = this.p.ws.ui.alerts
      .filter((a) => run.executionId !== null && a.executionId === run.executionId)
      .map((a) => ({
        kind: a.kind,
        title: a.title,
        prompt: a.prompt,
        answer: a.answer,
        ...(a.text !== undefined ? { text: a.text } : {}),
      }));
    const q = run.question;
    return {
      run: run.id,
      fn: run.fn,
      state: q ? 'asking' : 'done',
      question: q ? { kind: q.kind, title: q.title, prompt: q.prompt, buttons: q.buttons } : null,
      ok: run.done ? run.ok : null,
      error: run.error,
      result: run.result ?? null,
      alerts,
      dialogs: [...this.dialogs.values()]
        .filter((d) => d.id.startsWith(`${run.id}:`))
        .map((d) => ({ id: d.id, kind: d.kind, title: d.title })),
    };
  }

  /** Keeps the sidebars and dialogs the run has shown since the last time (idempotent). */
  private keepDialogs(run: Run): void {
    const shown = this.p.ws.ui.dialogs
      .slice(run.dialogsFrom)
      .filter((d) => d.executionId !== undefined && d.executionId === run.executionId);
    shown.forEach((d, i) => {
      if (i < run.dialogsKept) return;
      const out = d.html as { getContent?: () => string };
      const html = this.p.ws.kernel.meter.unmetered(() => (typeof out?.getContent === 'function' ? out.getContent() : String(d.html)));
      const id = `${run.id}:${i}`;
      this.dialogs.set(id, { id, as: run.as, kind: d.kind, title: d.title, html });
    });
    run.dialogsKept = Math.max(run.dialogsKept, shown.length);
    while (this.dialogs.size > MAX_KEPT) this.dialogs.delete(this.dialogs.keys().next().value as string);
  }

  private keep(run: Run): void {
    this.runs.set(run.id, run);
    while (this.runs.size > MAX_KEPT) this.runs.delete(this.runs.keys().next().value as string);
  }
}

/** The buttons of a ButtonSet, as the values Apps Script returns. */
export function buttonsOf(set: string): string[] {
  switch (set) {
    case 'OK_CANCEL':
      return ['OK', 'CANCEL'];
    case 'YES_NO':
      return ['YES', 'NO'];
    case 'YES_NO_CANCEL':
      return ['YES', 'NO', 'CANCEL'];
    default:
      return ['OK'];
  }
}
