/**
 * The Apps Script advanced service `Sheets` (Sheets API v4) on the local Workspace: `Sheets.Spreadsheets.get`,
 * `.batchUpdate`, and `Sheets.Spreadsheets.Values.get/batchGet/update/batchUpdate/append/clear/batchClear`, with
 * Apps Script's argument order (request body first, then path parameters, then optional arguments). Each call runs
 * as the execution's effective user, is metered as one `Sheets` call with its cells (the cost model's Sheets API
 * row), and an API error is thrown as Apps Script throws it: GoogleJsonResponseException, "API call to
 * sheets.spreadsheets.values.batchGet failed with error: …".
 * The global exists only when the manifest enables the service (see index.ts: applyManifest).
 */
import { gasError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import { googleJsonResponseException, SheetsApiError } from './errors';
import type { SheetsApiModel, SheetsCall, SheetsMethod } from './model';

type Args = Record<string, unknown> | undefined;

class Port {
  constructor(
    readonly kernel: Kernel,
    readonly model: SheetsApiModel,
    readonly user: () => string,
  ) {}

  run(method: SheetsMethod, meter: string, call: SheetsCall): unknown {
    let usage = { cellsRead: 0, cellsWritten: 0 };
    try {
      const r = this.model.invoke(method, call, { user: this.user() });
      usage = r.usage;
      return r.response;
    } catch (e) {
      if (e instanceof SheetsApiError) throw googleJsonResponseException(method, e);
      throw e;
    } finally {
      this.kernel.call('Sheets', meter, usage);
    }
  }
}

function arity(args: readonly unknown[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    throw gasError(`Invalid number of arguments provided. Expected ${min === max ? min : `${min}-${max}`} only`);
  }
}

function params(optional: Args): Record<string, unknown> {
  if (optional === undefined || optional === null) return {};
  if (typeof optional !== 'object') throw gasError('Invalid argument: optionalArgs');
  return { ...optional };
}

export class LocalValuesCollection {
  constructor(private readonly port: Port) {}

  get(...a: unknown[]): unknown {
    arity(a, 2, 3);
    const [spreadsheetId, range, optionalArgs] = a as [string, string, Args];
    return this.port.run('sheets.spreadsheets.values.get', 'Spreadsheets.Values.get', {
      spreadsheetId,
      range,
      params: params(optionalArgs),
    });
  }

  batchGet(...a: unknown[]): unknown {
    arity(a, 1, 2);
    const [spreadsheetId, optionalArgs] = a as [string, Args];
    return this.port.run('sheets.spreadsheets.values.batchGet', 'Spreadsheets.Values.batchGet', {
      spreadsheetId,
      params: params(optionalArgs),
    });
  }

  update(...a: unknown[]): unknown {
    arity(a, 3, 4);
    const [resource, spreadsheetId, range, optionalArgs] = a as [unknown, string, string, Args];
    return this.port.run('sheets.spreadsheets.values.update', 'Spreadsheets.Values.update', {
      spreadsheetId,
      range,
      params: params(optionalArgs),
      body: resource,
    });
  }

  append(...a: unknown[]): unknown {
    arity(a, 3, 4);
    const [resource, spreadsheetId, range, optionalArgs] = a as [unknown, string, string, Args];
    return this.port.run('sheets.spreadsheets.values.append', 'Spreadsheets.Values.append', {
      spreadsheetId,
      range,
      params: params(optionalArgs),
      body: resource,
    });
  }

  batchUpdate(...a: unknown[]): unknown {
    arity(a, 2, 2);
    const [resource, spreadsheetId] = a as [unknown, string];
    return this.port.run('sheets.spreadsheets.values.batchUpdate', 'Spreadsheets.Values.batchUpdate', { spreadsheetId, body: resource });
  }

  clear(...a: unknown[]): unknown {
    arity(a, 3, 3);
    const [resource, spreadsheetId, range] = a as [unknown, string, string];
    return this.port.run('sheets.spreadsheets.values.clear', 'Spreadsheets.Values.clear', { spreadsheetId, range, body: resource });
  }

  batchClear(...a: unknown[]): unknown {
    arity(a, 2, 2);
    const [resource, spreadsheetId] = a as [unknown, string];
    return this.port.run('sheets.spreadsheets.values.batchClear', 'Spreadsheets.Values.batchClear', { spreadsheetId, body: resource });
  }
}

export class LocalSpreadsheetsCollection {
  readonly Values: LocalValuesCollection;

  constructor(private readonly port: Port) {
    this.Values = new LocalValuesCollection(port);
  }

  get(...a: unknown[]): unknown {
    arity(a, 1, 2);
    const [spreadsheetId, optionalArgs] = a as [string, Args];
    return this.port.run('sheets.spreadsheets.get', 'Spreadsheets.get', { spreadsheetId, params: params(optionalArgs) });
  }

  batchUpdate(...a: unknown[]): unknown {
    arity(a, 2, 2);
    const [resource, spreadsheetId] = a as [unknown, string];
    return this.port.run('sheets.spreadsheets.batchUpdate', 'Spreadsheets.batchUpdate', { spreadsheetId, body: resource });
  }
}

/** The builders scripts use to start a request object (`Sheets.newValueRange()`); each returns an empty object. */
const BUILDERS = [
  'newValueRange',
  'newBatchUpdateValuesRequest',
  'newBatchClearValuesRequest',
  'newClearValuesRequest',
  'newBatchUpdateSpreadsheetRequest',
  'newRequest',
  'newGridRange',
  'newGridCoordinate',
  'newRowData',
  'newCellData',
  'newExtendedValue',
  'newCellFormat',
  'newNumberFormat',
  'newUpdateCellsRequest',
  'newAppendCellsRequest',
  'newAppendDimensionRequest',
  'newAddSheetRequest',
  'newSheetProperties',
] as const;

export class LocalSheets {
  readonly Spreadsheets: LocalSpreadsheetsCollection;

  constructor(kernel: Kernel, model: SheetsApiModel, user: () => string) {
    this.Spreadsheets = new LocalSpreadsheetsCollection(new Port(kernel, model, user));
    for (const name of BUILDERS) {
      Object.defineProperty(this, name, { value: () => ({}), enumerable: false });
    }
  }
}
