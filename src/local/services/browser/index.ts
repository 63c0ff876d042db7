/**
 * Browser: the old spreadsheet dialogs msgBox and inputBox (the reference recommends Ui.alert / Ui.prompt instead).
 * They answer from the same queue as SpreadsheetApp.getUi() (`ws.ui.answerAlert('YES')`, `ws.ui.answerPrompt(text)`)
 * and are recorded in `ws.ui.alerts` (kind 'msgBox' / 'inputBox'). msgBox returns "the lower case text of the button
 * that is clicked by the user (or 'cancel' for a dismissed dialog)"; inputBox "the text entered by the user (or
 * 'cancel' for a canceled or dismissed dialog)".
 */
import { gasError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';
import { BUTTON_SET, type UiRecorder } from '../spreadsheet/ui';

type GBrowser = GoogleAppsScript.Base.Browser;

export class LocalBrowser implements Implements<GBrowser, 'msgBox' | 'inputBox'> {
  readonly Buttons = BUTTON_SET;

  constructor(
    private readonly kernel: Kernel,
    private readonly rec: UiRecorder,
  ) {}

  /** Like getUi(): there is no browser window behind a time-driven trigger or a web app request. */
  private context(method: string): void {
    this.kernel.call('Browser', method);
    const kind = this.kernel.executions.current().kind;
    if (kind === 'time-trigger' || kind === 'web-app') throw gasError(`Cannot call Browser.${method}() from this context.`);
  }

  private args(a: string, b?: string, c?: string): [string | null, string, string] {
    if (c !== undefined) return [a, b ?? '', c];
    if (b !== undefined && b in BUTTON_SET) return [null, a, b];
    return [null, a, 'OK'];
  }

  msgBox(a: string, b?: string | GoogleAppsScript.Base.ButtonSet, c?: GoogleAppsScript.Base.ButtonSet): string {
    this.context('msgBox');
    const [title, prompt, buttons] = this.args(String(a), b as string | undefined, c as string | undefined);
    const pressed = this.rec.nextAnswer()?.button ?? 'OK';
    const answer = pressed === 'CLOSE' ? 'cancel' : pressed.toLowerCase();
    this.rec.alerts.push({ executionId: this.kernel.executions.current().id, kind: 'msgBox', title, prompt, buttons, answer });
    return answer;
  }

  inputBox(a: string, b?: string | GoogleAppsScript.Base.ButtonSet, c?: GoogleAppsScript.Base.ButtonSet): string {
    this.context('inputBox');
    const [title, prompt, buttons] = this.args(String(a), b as string | undefined, c as string | undefined);
    const ans = this.rec.nextAnswer() ?? { button: 'OK', text: '' };
    const cancelled = ans.button === 'CANCEL' || ans.button === 'CLOSE';
    const answer = cancelled ? 'cancel' : (ans.text ?? '');
    this.rec.alerts.push({
      executionId: this.kernel.executions.current().id,
      kind: 'inputBox',
      title,
      prompt,
      buttons,
      answer: ans.button.toLowerCase(),
      text: answer,
    });
    return answer;
  }

  toString(): string {
    return 'Browser';
  }
}
