/**
 * `class X implements Implements<GoogleAppsScript.Spreadsheet.Range, 'getValues' | 'setValues'>` checks, at
 * compile time, that each listed method accepts what Apps Script's signature accepts (parameters are
 * checked contravariantly; for overloads, the last declared overload). Return types are checked only when
 * they are primitives: the local classes return local objects where Apps Script returns its interfaces.
 * The local Workspace implements a subset of each Apps Script class, so `implements` the whole interface
 * is not possible; this keeps each implemented method honest.
 */
export type Implements<T, K extends keyof T> = {
  [P in K]: T[P] extends (...a: infer A) => infer R ? (...a: A) => R extends object ? unknown : R : T[P];
};
