/** The script project's settings that ScriptApp, the web app and the trigger limits read. Persisted. */
export interface ScriptConfig {
  scriptId: string;
  /** The script's time zone (appsscript.json "timeZone"); clock triggers default to it. */
  timeZone: string;
  /** Installed from the Google Workspace Marketplace: time-driven triggers at most once an hour. */
  installedAsAddOn: boolean;
  /** The head deployment: ScriptApp.getService().getUrl() returns its URL. */
  webApp: WebAppDeployment;
  /** Further deployments of the same script (each with its own id, URL, executeAs and access). */
  moreWebApps: WebAppDeployment[];
}

export type ExecuteAs = 'USER_DEPLOYING' | 'USER_ACCESSING';
export type WebAppAccess = 'MYSELF' | 'DOMAIN' | 'ANYONE' | 'ANYONE_ANONYMOUS';

export interface WebAppDeployment {
  /** Null until deployed: ScriptApp.getService().getUrl() returns null then. */
  deploymentId: string | null;
  executeAs: ExecuteAs;
  access: WebAppAccess;
  /** The account that deployed the web app (USER_DEPLOYING runs as this account). */
  deployer: string;
}

export function defaultScriptConfig(owner: string): ScriptConfig {
  return {
    scriptId: '1LocalScriptIdHandoff0000000000000000000000000000000000',
    timeZone: 'Etc/UTC',
    installedAsAddOn: false,
    webApp: { deploymentId: null, executeAs: 'USER_DEPLOYING', access: 'ANYONE', deployer: owner },
    moreWebApps: [],
  };
}

export function webAppUrl(d: WebAppDeployment): string | null {
  return d.deploymentId ? `https://script.google.com/macros/s/${d.deploymentId}/exec` : null;
}

/** The deployment id in a /macros/s/<id>/exec (or /dev) URL; null for a path or query without one. */
export function deploymentIdOf(url: string): string | null {
  const m = /\/macros\/s\/([^/?#]+)\/(?:exec|dev)(?:[/?#]|$)/.exec(String(url ?? ''));
  return m ? m[1]! : null;
}
