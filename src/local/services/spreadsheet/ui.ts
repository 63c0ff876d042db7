/**
 * SpreadsheetApp.getUi(): menus are recorded so tests can read them; alert/prompt answer from a script of
 * answers the test queues; sidebars and dialogs record the HtmlOutput they were given.
 */
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';

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
  kind: 'sidebar' | 'modal' | 'modeless';
  /** The HtmlOutput object as the script passed it (HtmlService is another service). */
  html: unknown;
  title: string | null;
}

export interface RecordedAlert {
  kind: 'alert' | 'prompt';
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

  menu(caption: string): RecordedMenu | undefined {
    return this.menus.find((m) => m.caption === caption);
  }

  lastDialog(): RecordedDialog | undefined {
    return this.dialogs[this.dialogs.length - 1];
  }

  reset(): void {
    this.menus = [];
    this.dialogs = [];
    this.alerts = [];
    this.answers = [];
  }
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
    const i = this.rec.menus.findIndex((m) => m.caption === this.caption);
    if (i >= 0) this.rec.menus[i] = recorded;
    else this.rec.menus.push(recorded);
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
    const [title, prompt, buttons] =
      c !== undefined ? [a, b ?? '', c] : b !== undefined && b in BUTTON_SET ? [null, a, b] : [null, a, 'OK'];
    const answer = this.rec.nextAnswer()?.button ?? 'OK';
    this.rec.alerts.push({ kind: 'alert', title, prompt, buttons, answer });
    return answer;
  }

  prompt(a: string, b?: string, c?: string): LocalPromptResponse {
    this.kernel.call('Ui', 'prompt');
    const [title, prompt, buttons] =
      c !== undefined ? [a, b ?? '', c] : b !== undefined && b in BUTTON_SET ? [null, a, b] : [null, a, 'OK'];
    const ans = this.rec.nextAnswer() ?? { button: 'OK', text: '' };
    const text = ans.text ?? '';
    this.rec.alerts.push({ kind: 'prompt', title, prompt, buttons, answer: ans.button, text });
    return new LocalPromptResponse(this.kernel, text, ans.button);
  }

  showSidebar(userInterface: unknown): void {
    this.kernel.call('Ui', 'showSidebar');
    this.rec.dialogs.push({ kind: 'sidebar', html: userInterface, title: this.kernel.meter.unmetered(() => titleOf(userInterface)) });
  }

  showModalDialog(userInterface: unknown, title: string): void {
    this.kernel.call('Ui', 'showModalDialog');
    this.rec.dialogs.push({ kind: 'modal', html: userInterface, title });
  }

  showModelessDialog(userInterface: unknown, title: string): void {
    this.kernel.call('Ui', 'showModelessDialog');
    this.rec.dialogs.push({ kind: 'modeless', html: userInterface, title });
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
