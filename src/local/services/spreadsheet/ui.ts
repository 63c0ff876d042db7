/**
 * SpreadsheetApp.getUi(): menus are recorded so tests can read them; alert/prompt answer from a script of
 * answers the test queues; sidebars and dialogs record the HtmlOutput they were given.
 */
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';
import { type AttemptInfo, NOT_HANDLED, RPC_ATTEMPT } from '../../runtime/rpc-hooks';

export type MenuEntry =
  | { kind: 'item'; caption: string; functionName: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; caption: string; entries: MenuEntry[] };

export interface RecordedMenu {
  caption: string;
  addon: boolean;
  entries: MenuEntry[];
}

export interface RecordedDialog {
  /** The execution that showed it, and the person it was shown to (that execution's active user). */
  executionId?: number;
  user?: string;
  kind: 'sidebar' | 'modal' | 'modeless';
  /** The HtmlOutput object as the script passed it (HtmlService is another service). */
  html: unknown;
  title: string | null;
}

export interface RecordedAlert {
  /** The execution that asked. */
  executionId?: number;
  kind: 'alert' | 'prompt' | 'msgBox' | 'inputBox';
  title: string | null;
  prompt: string;
  buttons: string;
  answer: string;
  text?: string;
}

export const BUTTON = { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' } as const;
export const BUTTON_SET = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;

/** Unmetered state readable by tests: `ws.ui.menus`, `ws.ui.dialogs`, `ws.ui.answerAlert('YES')`. */
export class UiRecorder {
  menus: RecordedMenu[] = [];
  dialogs: RecordedDialog[] = [];
  alerts: RecordedAlert[] = [];
  private answers: Array<{ button: string; text?: string }> = [];
  /** The add-on's name: the caption of createAddonMenu() menus. */
  addonName = 'Handoff';
  /**
   * Who answers alerts and prompts of executions running in worker threads (the playground: the person, in
   * the page). The execution waits until the promise settles, as a script waits for the user in Sheets.
   * Unset, or in single-thread mode, answers come from the queue (answerAlert / answerPrompt).
   */
  asker: ((q: DialogQuestion) => Promise<{ button: string; text?: string }>) | null = null;

  /** Queue the button the user presses on the next alert. */
  answerAlert(button: keyof typeof BUTTON): void {
    this.answers.push({ button });
  }

  /** Queue the text typed and the button pressed on the next prompt. */
  answerPrompt(text: string, button: keyof typeof BUTTON = 'OK'): void {
    this.answers.push({ button, text });
  }

  nextAnswer(): { button: string; text?: string } | undefined {
    return this.answers.shift();
  }

  private readonly byUser = new Map<string, RecordedMenu[]>();

  /** The menus added for one person (executions whose active user they were): each sees the menu onOpen built for them. */
  menusOf(user: string): RecordedMenu[] {
    const key = user.toLowerCase();
    let list = this.byUser.get(key);
    if (!list) this.byUser.set(key, (list = []));
    return list;
  }

  menu(caption: string): RecordedMenu | undefined {
    return this.menus.find((m) => m.caption === caption);
  }

  lastDialog(): RecordedDialog | undefined {
    return this.dialogs[this.dialogs.length - 1];
  }

  reset(): void {
    this.menus = [];
    this.byUser.clear();
    this.dialogs = [];
    this.alerts = [];
    this.answers = [];
  }
}

/** An alert or prompt waiting for the person's answer. */
export interface DialogQuestion {
  executionId: number;
  /** The person at the keyboard (the execution's active user). */
  user: string;
  kind: 'alert' | 'prompt';
  title: string | null;
  prompt: string;
  buttons: string;
}

type GMenu = GoogleAppsScript.Base.Menu;

export class LocalMenu implements Implements<GMenu, 'addItem' | 'addSeparator' | 'addSubMenu' | 'addToUi'> {
  readonly entries: MenuEntry[] = [];
  constructor(
    private readonly kernel: Kernel,
    private readonly rec: UiRecorder,
    readonly caption: string,
    private readonly addon: boolean,
  ) {}

  addItem(caption: string, functionName: string): LocalMenu {
    this.kernel.call('Menu', 'addItem');
    this.entries.push({ kind: 'item', caption, functionName });
    return this;
  }

  addSeparator(): LocalMenu {
    this.kernel.call('Menu', 'addSeparator');
    this.entries.push({ kind: 'separator' });
    return this;
  }

  addSubMenu(menu: GMenu | LocalMenu): LocalMenu {
    this.kernel.call('Menu', 'addSubMenu');
    const m = menu as unknown as LocalMenu;
    this.entries.push({ kind: 'submenu', caption: m.caption, entries: [...m.entries] });
    return this;
  }

  addToUi(): void {
    this.kernel.call('Menu', 'addToUi');
    const recorded: RecordedMenu = {
      caption: this.caption,
      addon: this.addon,
      entries: JSON.parse(JSON.stringify(this.entries)) as MenuEntry[],
    };
    const put = (list: RecordedMenu[]) => {
      const i = list.findIndex((m) => m.caption === this.caption);
      if (i >= 0) list[i] = recorded;
      else list.push(recorded);
    };
    put(this.rec.menus);
    put(this.rec.menusOf(this.kernel.executions.current().activeUser));
  }
}

export class LocalPromptResponse implements Implements<GoogleAppsScript.Base.PromptResponse, 'getResponseText' | 'getSelectedButton'> {
  constructor(
    private readonly kernel: Kernel,
    private readonly text: string,
    private readonly button: string,
  ) {}
  getResponseText(): string {
    this.kernel.call('PromptResponse', 'getResponseText');
    return this.text;
  }
  getSelectedButton(): GoogleAppsScript.Base.Button {
    this.kernel.call('PromptResponse', 'getSelectedButton');
    return this.button as unknown as GoogleAppsScript.Base.Button;
  }
}

type GUi = GoogleAppsScript.Base.Ui;

export class LocalUi
  implements Implements<GUi, 'createMenu' | 'createAddonMenu' | 'showSidebar' | 'showModalDialog' | 'showModelessDialog'>
{
  readonly Button = BUTTON;
  readonly ButtonSet = BUTTON_SET;
  constructor(
    private readonly kernel: Kernel,
    private readonly rec: UiRecorder,
  ) {}

  createMenu(caption: string): LocalMenu {
    this.kernel.call('Ui', 'createMenu');
    return new LocalMenu(this.kernel, this.rec, caption, false);
  }

  createAddonMenu(): LocalMenu {
    this.kernel.call('Ui', 'createAddonMenu');
    return new LocalMenu(this.kernel, this.rec, this.rec.addonName, true);
  }

  /** alert(prompt) | alert(prompt, buttons) | alert(title, prompt, buttons). Returns the queued answer, else OK. */
  alert(a: string, b?: string, c?: string): string {
    this.kernel.call('Ui', 'alert');
    return this.answered('alert', a, b, c, this.rec.nextAnswer() ?? { button: 'OK' }) as string;
  }

  prompt(a: string, b?: string, c?: string): LocalPromptResponse {
    this.kernel.call('Ui', 'prompt');
    return this.answered('prompt', a, b, c, this.rec.nextAnswer() ?? { button: 'OK', text: '' }) as LocalPromptResponse;
  }

  /** From a worker thread with an asker (the playground): the execution waits for the person's answer. */
  [RPC_ATTEMPT](method: string, args: unknown[], info: AttemptInfo): unknown {
    const ask = this.rec.asker;
    if (!info.canWait || !ask || (method !== 'alert' && method !== 'prompt')) return NOT_HANDLED;
    this.kernel.call('Ui', method);
    const [a, b, c] = args.map((x) => (x === undefined ? undefined : String(x)));
    const q = this.question(method, a ?? '', b, c);
    const e = this.kernel.executions.current();
    return ask({ ...q, executionId: e.id, user: e.activeUser }).then((ans) => this.answered(method, a ?? '', b, c, ans, e.id));
  }

  private question(kind: 'alert' | 'prompt', a: string, b?: string, c?: string): Omit<DialogQuestion, 'executionId' | 'user'> {
    const [title, prompt, buttons] =
      c !== undefined ? [a, b ?? '', c] : b !== undefined && b in BUTTON_SET ? [null, a, b] : [null, a, 'OK'];
    return { kind, title, prompt, buttons };
  }

  private answered(
    kind: 'alert' | 'prompt',
    a: string,
    b: string | undefined,
    c: string | undefined,
    ans: { button: string; text?: string },
    executionId = this.kernel.executions.current().id,
  ): string | LocalPromptResponse {
    const { title, prompt, buttons } = this.question(kind, a, b, c);
    if (kind === 'alert') {
      this.rec.alerts.push({ executionId, kind, title, prompt, buttons, answer: ans.button });
      return ans.button;
    }
    const text = ans.text ?? '';
    this.rec.alerts.push({ executionId, kind, title, prompt, buttons, answer: ans.button, text });
    return new LocalPromptResponse(this.kernel, text, ans.button);
  }

  showSidebar(userInterface: unknown): void {
    this.kernel.call('Ui', 'showSidebar');
    this.rec.dialogs.push({
      ...this.shownTo(),
      kind: 'sidebar',
      html: userInterface,
      title: this.kernel.meter.unmetered(() => titleOf(userInterface)),
    });
  }

  showModalDialog(userInterface: unknown, title: string): void {
    this.kernel.call('Ui', 'showModalDialog');
    this.rec.dialogs.push({ ...this.shownTo(), kind: 'modal', html: userInterface, title });
  }

  showModelessDialog(userInterface: unknown, title: string): void {
    this.kernel.call('Ui', 'showModelessDialog');
    this.rec.dialogs.push({ ...this.shownTo(), kind: 'modeless', html: userInterface, title });
  }

  private shownTo(): { executionId: number; user: string } {
    const e = this.kernel.executions.current();
    return { executionId: e.id, user: e.activeUser };
  }
}

function titleOf(html: unknown): string | null {
  const h = html as { getTitle?: () => string };
  try {
    return typeof h?.getTitle === 'function' ? h.getTitle() : null;
  } catch {
    return null;
  }
}
