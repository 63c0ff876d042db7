/**
 * The Sheets API v4 on the local Workspace.
 *   - model.ts: SheetsApiModel, plain request → response functions (for the advanced service and any HTTP surface);
 *   - routes.ts: REST verb + path → model method;
 *   - service.ts: the Apps Script advanced service `Sheets` (metered; Apps Script's errors);
 *   - errors.ts: SheetsApiError (code, status, message, body()) and the advanced service's exception.
 * The `Sheets` global appears only when the manifest enables it (`dependencies.enabledAdvancedServices`).
 */
import type { Kernel } from '../../kernel/kernel';
import type { SpreadsheetEnv } from '../spreadsheet/env';
import { SheetsApiModel } from './model';
import { LocalSheets } from './service';

export { SheetsApiModel, SHEETS_METHODS, isWrite, type SheetsMethod, type SheetsCall, type Caller } from './model';
export { SheetsApiError, googleJsonResponseException } from './errors';
export { route, REPEATED_PARAMS } from './routes';
export { LocalSheets } from './service';

export interface AdvancedService {
  userSymbol: string;
  serviceId: string;
  version: string;
}

export interface Manifest {
  dependencies?: { enabledAdvancedServices?: AdvancedService[] };
  [key: string]: unknown;
}

/** What the workspace exposes: the model, and the advanced services a manifest enables. */
export interface AdvancedServicesControls {
  /** The Sheets API model over this workspace's spreadsheets (for an HTTP surface or direct calls). */
  readonly sheetsApi: SheetsApiModel;
  /** Installs the globals a manifest's `dependencies.enabledAdvancedServices` lists (and removes ones it no longer lists). */
  applyManifest(manifest: Manifest): string[];
  /** Enables one advanced service under its user symbol (default: Sheets v4 as `Sheets`). */
  enable(service?: Partial<AdvancedService>): void;
  disable(userSymbol: string): void;
  enabled(): AdvancedService[];
}

export function createAdvancedServices(
  kernel: Kernel,
  env: SpreadsheetEnv,
  globals: () => Record<string, unknown>,
): AdvancedServicesControls {
  const sheetsApi = new SheetsApiModel(env);
  const on = new Map<string, AdvancedService>();
  const make = (s: AdvancedService): unknown => {
    if (s.serviceId === 'sheets' && s.version === 'v4') return new LocalSheets(kernel, sheetsApi, () => env.effectiveUser());
    throw new Error(`The local Workspace does not implement the advanced service ${s.serviceId} ${s.version}`);
  };
  const controls: AdvancedServicesControls = {
    sheetsApi,
    enable(partial = {}) {
      const s: AdvancedService = { userSymbol: 'Sheets', serviceId: 'sheets', version: 'v4', ...partial };
      globals()[s.userSymbol] = make(s);
      on.set(s.userSymbol, s);
    },
    disable(userSymbol) {
      delete globals()[userSymbol];
      on.delete(userSymbol);
    },
    applyManifest(manifest) {
      const wanted = manifest?.dependencies?.enabledAdvancedServices ?? [];
      for (const sym of [...on.keys()]) if (!wanted.some((w) => w.userSymbol === sym)) controls.disable(sym);
      for (const w of wanted) controls.enable(w);
      return wanted.map((w) => w.userSymbol);
    },
    enabled: () => [...on.values()],
  };
  return controls;
}
