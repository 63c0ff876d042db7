/** Session: the active and effective user of the running execution, the script's time zone. */
import { createHash } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';
import { LocalUser } from './user';

export { LocalUser, emailOf } from './user';

/** Settings of the loaded script project (from its manifest). */
export interface ScriptSettings {
  /** appsscript.json "timeZone"; Session.getScriptTimeZone() and the default for new spreadsheets. */
  timeZone: string;
  scriptId: string;
  locale: string;
}

type GSession = GoogleAppsScript.Base.Session;

export class LocalSession
  implements
    Implements<GSession, 'getActiveUser' | 'getEffectiveUser' | 'getScriptTimeZone' | 'getTemporaryActiveUserKey' | 'getActiveUserLocale'>
{
  constructor(
    private readonly kernel: Kernel,
    private readonly settings: ScriptSettings,
  ) {}

  /**
   * The user at the keyboard, as far as Apps Script reveals them: the email is blank when the code runs with
   * someone else's authorization (web app executing as the deployer, installable trigger) unless both are
   * in the same Google Workspace domain; consumer accounts never see another person's email.
   */
  visibleActiveUser(): string {
    const e = this.kernel.executions.current();
    const active = e.activeUser;
    if (!active || active.toLowerCase() === e.effectiveUser.toLowerCase()) return active;
    if (this.kernel.accountType === 'consumer') return '';
    return this.kernel.isInDomain(active) && this.kernel.isInDomain(e.effectiveUser) ? active : '';
  }

  getActiveUser(): LocalUser {
    this.kernel.call('Session', 'getActiveUser');
    return new LocalUser(this.kernel, this.visibleActiveUser());
  }

  getEffectiveUser(): LocalUser {
    this.kernel.call('Session', 'getEffectiveUser');
    return new LocalUser(this.kernel, this.kernel.executions.current().effectiveUser);
  }

  getScriptTimeZone(): string {
    this.kernel.call('Session', 'getScriptTimeZone');
    return this.settings.timeZone;
  }

  getActiveUserLocale(): string {
    this.kernel.call('Session', 'getActiveUserLocale');
    return this.settings.locale;
  }

  /** Stable per (script, active user); Apps Script rotates it every 30 days (not modelled). */
  getTemporaryActiveUserKey(): string {
    this.kernel.call('Session', 'getTemporaryActiveUserKey');
    const user = this.kernel.executions.current().activeUser;
    return createHash('sha256').update(`${this.settings.scriptId}:${user.toLowerCase()}`).digest('base64').replace(/=+$/, '').slice(0, 43);
  }

  toString(): string {
    return 'Session';
  }
}
