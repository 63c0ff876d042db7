import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import { LocalTriggerBuilder } from './builders';
import { webAppUrl, type ScriptConfig } from './config';
import { asEnum, AuthMode, AuthorizationStatus, EventType, InstallationSource, makeEnum, TriggerSource } from './enums';
import { LocalTrigger } from './trigger';
import type { TriggerStore } from './triggers';

type S = GoogleAppsScript.Script.ScriptApp;

export const WeekDay = makeEnum<typeof GoogleAppsScript.Base.Weekday>([
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
]);

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

/** The ScriptApp global. */
export class LocalScriptApp
  implements
    Omit<
      S,
      'newStateToken' | 'getProjectKey' | 'getScriptTriggers' | 'getUserTriggers' | 'invalidateAuth' | 'requireAllScopes' | 'requireScopes'
    >
{
  readonly AuthMode = AuthMode;
  readonly AuthorizationStatus = AuthorizationStatus;
  readonly EventType = EventType;
  readonly InstallationSource = InstallationSource;
  readonly TriggerSource = TriggerSource;
  readonly WeekDay = WeekDay;

  constructor(
    private readonly kernel: Kernel,
    private readonly store: TriggerStore,
    private readonly config: ScriptConfig,
  ) {}

  private user(): string {
    return this.kernel.executions.current().effectiveUser;
  }

  newTrigger(functionName: string): GoogleAppsScript.Script.TriggerBuilder {
    this.kernel.call('ScriptApp', 'newTrigger');
    if (typeof functionName !== 'string' || !functionName) throw gasError('Invalid argument: functionName');
    return new LocalTriggerBuilder(
      { kernel: this.kernel, store: this.store, config: this.config },
      functionName,
    ) as unknown as GoogleAppsScript.Script.TriggerBuilder;
  }

  /** The current user's triggers in this project (another user's triggers are invisible, as in Apps Script). */
  getProjectTriggers(): GoogleAppsScript.Script.Trigger[] {
    this.kernel.call('ScriptApp', 'getProjectTriggers');
    return this.store.forUser(this.user()).map((r) => new LocalTrigger(this.kernel, r) as unknown as GoogleAppsScript.Script.Trigger);
  }

  /** The current user's triggers for one spreadsheet or form. */
  getUserTriggers(doc: { getId(): string }): GoogleAppsScript.Script.Trigger[] {
    this.kernel.call('ScriptApp', 'getUserTriggers');
    if (!doc || typeof doc.getId !== 'function') throw gasError('Invalid argument: document');
    const id = this.kernel.meter.unmetered(() => doc.getId());
    return this.store
      .forUser(this.user())
      .filter((r) => r.sourceId === id)
      .map((r) => new LocalTrigger(this.kernel, r) as unknown as GoogleAppsScript.Script.Trigger);
  }

  deleteTrigger(trigger: GoogleAppsScript.Script.Trigger): void {
    this.kernel.call('ScriptApp', 'deleteTrigger');
    const rec = trigger instanceof LocalTrigger ? trigger.record : undefined;
    if (!rec) throw gasError('Invalid argument: trigger');
    const mine = this.store.get(rec.uid);
    // Deleting a trigger that is already gone (or belongs to someone else) is a no-op without error here.
    if (mine && mine.owner === this.user()) this.store.remove(rec.uid);
  }

  getService(): GoogleAppsScript.Script.Service {
    this.kernel.call('ScriptApp', 'getService');
    const cfg = this.config;
    const k = this.kernel;
    return {
      getUrl(): string {
        k.call('Service', 'getUrl');
        return webAppUrl(cfg.webApp) as string;
      },
      isEnabled(): boolean {
        k.call('Service', 'isEnabled');
        return cfg.webApp.deploymentId !== null;
      },
      disable(): void {
        throw gasError('Service.disable() is deprecated.');
      },
    };
  }

  getScriptId(): string {
    this.kernel.call('ScriptApp', 'getScriptId');
    return this.config.scriptId;
  }

  /** A stand-in OAuth token naming the user: enough for code that passes it along (UrlFetch headers). */
  getOAuthToken(): string {
    this.kernel.call('ScriptApp', 'getOAuthToken');
    const e = this.kernel.executions.current();
    return `ya29.local.${b64url(e.effectiveUser)}.${e.id}`;
  }

  /** An unsigned OpenID token (JWT shape) with the user's email: signature is not verifiable. */
  getIdentityToken(): string {
    this.kernel.call('ScriptApp', 'getIdentityToken');
    const e = this.kernel.executions.current();
    const now = Math.floor(this.kernel.clock.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({
        iss: 'https://accounts.google.com',
        email: e.effectiveUser,
        email_verified: true,
        aud: this.config.scriptId,
        iat: now,
        exp: now + 3600,
      }),
    );
    return `${header}.${payload}.`;
  }

  getInstallationSource(): GoogleAppsScript.Script.InstallationSource {
    this.kernel.call('ScriptApp', 'getInstallationSource');
    return asEnum(this.config.installedAsAddOn ? 'APPS_MARKETPLACE_DOMAIN_ADD_ON' : 'NONE');
  }

  getAuthorizationInfo(_authMode: GoogleAppsScript.Script.AuthMode): GoogleAppsScript.Script.AuthorizationInfo {
    this.kernel.call('ScriptApp', 'getAuthorizationInfo');
    return {
      getAuthorizationStatus: () => asEnum('NOT_REQUIRED'),
      getAuthorizationUrl: () => null as unknown as string,
    };
  }

  /** Deprecated in Apps Script; kept for old scripts. */
  getProjectKey(): string {
    return this.config.scriptId;
  }

  invalidateAuth(): void {
    this.kernel.call('ScriptApp', 'invalidateAuth');
  }

  requireAllScopes(_authMode: GoogleAppsScript.Script.AuthMode): void {
    this.kernel.call('ScriptApp', 'requireAllScopes');
  }

  requireScopes(_authMode: GoogleAppsScript.Script.AuthMode, _scopes: string[]): void {
    this.kernel.call('ScriptApp', 'requireScopes');
  }
}
