/** SpreadsheetApp on the local Workspace. */
import type { Kernel } from '../../kernel/kernel';
import { LocalSpreadsheetApp } from './app';
import { SpreadsheetEnv } from './env';
import { SheetsInternal } from './internal';
import { LocalRange } from './range';
import { LocalSheet } from './sheet';
import { LocalSpreadsheet } from './spreadsheet';

export { SheetsInternal, SpreadsheetInternal, type FormResponseRow, type SheetsState } from './internal';
export type { UiRecorder, RecordedMenu, RecordedDialog, MenuEntry } from './ui';
export { LocalSpreadsheetApp } from './app';
export { LocalSpreadsheet } from './spreadsheet';
export { LocalSheet } from './sheet';
export { LocalRange } from './range';
export { LocalProtection } from './protection';

export function createSpreadsheetService(
  kernel: Kernel,
  timeZone: () => string,
): { SpreadsheetApp: LocalSpreadsheetApp; sheets: SheetsInternal; env: SpreadsheetEnv } {
  const env = new SpreadsheetEnv(kernel, timeZone);
  env.makeSheet = (ss, d) => new LocalSheet(env, ss, d);
  env.makeSpreadsheet = (ss) => new LocalSpreadsheet(env, ss);
  env.makeRange = (ss, d, row, col, numRows, numCols) => new LocalRange(env, ss, d, () => env.makeSheet(ss, d), row, col, numRows, numCols);
  return { SpreadsheetApp: new LocalSpreadsheetApp(env), sheets: new SheetsInternal(env), env };
}
