/** Range.setDataValidation(s) / getDataValidation(s) / clearDataValidations over the cells' stored rules. */
import { LocalDataValidation, ruleData, type RuleData } from './data-validation';
import type { SpreadsheetEnv } from './env';
import type { LocalRange } from './range';

export function setRules(range: LocalRange, method: string, rules: unknown): LocalRange {
  let grid: Array<Array<RuleData | undefined>>;
  if (method === 'setDataValidations') grid = range.checkDimensions(rules, method).map((row) => row.map((r) => ruleData(r)));
  else {
    const one = ruleData(rules);
    grid = range.grid(() => one);
  }
  range.assertWritable();
  const sheet = range.sheetData;
  grid.forEach((row, i) =>
    row.forEach((dv, j) => {
      const r = range.row + i;
      const c = range.col + j;
      const { dv: _old, ...rest } = sheet.get(r, c) ?? {};
      const next = dv ? { ...rest, dv: structuredClone(dv) } : rest;
      sheet.set(r, c, Object.keys(next).length ? next : undefined);
    }),
  );
  return range;
}

export function getRules(range: LocalRange, env: SpreadsheetEnv): Array<Array<LocalDataValidation | null>> {
  const resolve = (ref: { spreadsheetId: string; sheetName: string; a1: string }) => env.rangeFromRef(ref);
  return range.grid((r, c) => {
    const dv = range.sheetData.get(r, c)?.dv;
    return dv ? new LocalDataValidation(structuredClone(dv), resolve, env.kernel) : null;
  });
}
