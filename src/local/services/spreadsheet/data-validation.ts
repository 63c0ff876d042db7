/**
 * Data validation: SpreadsheetApp.newDataValidation() builds a rule; Range.setDataValidation(s) stores it on cells.
 * Rules are recorded, not enforced on script writes: Apps Script writes an invalid value too (validation applies to
 * what a person types, where the UI flags or rejects it).
 */
import { gasError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';
import { isDate } from './values';

export const DATA_VALIDATION_CRITERIA = Object.freeze(
  Object.fromEntries(
    [
      'DATE_AFTER',
      'DATE_BEFORE',
      'DATE_BETWEEN',
      'DATE_EQUAL_TO',
      'DATE_IS_VALID_DATE',
      'DATE_NOT_BETWEEN',
      'DATE_ON_OR_AFTER',
      'DATE_ON_OR_BEFORE',
      'NUMBER_BETWEEN',
      'NUMBER_EQUAL_TO',
      'NUMBER_GREATER_THAN',
      'NUMBER_GREATER_THAN_OR_EQUAL_TO',
      'NUMBER_LESS_THAN',
      'NUMBER_LESS_THAN_OR_EQUAL_TO',
      'NUMBER_NOT_BETWEEN',
      'NUMBER_NOT_EQUAL_TO',
      'TEXT_CONTAINS',
      'TEXT_DOES_NOT_CONTAIN',
      'TEXT_EQUAL_TO',
      'TEXT_IS_VALID_EMAIL',
      'TEXT_IS_VALID_URL',
      'VALUE_IN_LIST',
      'VALUE_IN_RANGE',
      'CUSTOM_FORMULA',
      'CHECKBOX',
    ].map((k) => [k, k]),
  ),
) as Record<string, string>;

/** A range argument of VALUE_IN_RANGE, kept as a reference (JSON-safe). */
export interface RangeRef {
  $range: { spreadsheetId: string; sheetName: string; a1: string };
}

/** A stored rule (JSON-safe: Dates as { $date }). */
export interface RuleData {
  criteria: string;
  args: unknown[];
  allowInvalid: boolean;
  helpText: string | null;
}

export interface RangeLike {
  getA1Notation(): string;
  getSheet(): { getName(): string; getParent(): { getId(): string } };
}

/** Turns a stored range reference back into a Range (set by app.ts). */
export type RangeResolver = (ref: RangeRef['$range']) => unknown;

function isRangeLike(v: unknown): v is RangeLike {
  return !!v && typeof (v as RangeLike).getA1Notation === 'function' && typeof (v as RangeLike).getSheet === 'function';
}

function toData(v: unknown): unknown {
  if (isDate(v)) return { $date: v.getTime() };
  if (isRangeLike(v)) {
    const sheet = v.getSheet();
    return { $range: { spreadsheetId: sheet.getParent().getId(), sheetName: sheet.getName(), a1: v.getA1Notation() } };
  }
  if (Array.isArray(v)) return v.map(toData);
  return v;
}

function fromData(v: unknown, resolve: RangeResolver): unknown {
  if (Array.isArray(v)) return v.map((x) => fromData(x, resolve));
  if (v && typeof v === 'object' && '$date' in v) return new Date((v as { $date: number }).$date);
  if (v && typeof v === 'object' && '$range' in v) return resolve((v as RangeRef).$range);
  return v;
}

function signature(method: string, args: unknown[]): Error {
  const kinds = args.map((a) => (isDate(a) ? 'Date' : typeof a === 'string' ? 'String' : typeof a === 'number' ? 'number' : 'Object'));
  return gasError(
    `The parameters (${kinds.join(',')}) don't match the method signature for SpreadsheetApp.DataValidationBuilder.${method}.`,
  );
}

type GRule = GoogleAppsScript.Spreadsheet.DataValidation;
type Getters = 'getAllowInvalid' | 'getCriteriaType' | 'getCriteriaValues' | 'getHelpText';

export class LocalDataValidation implements Implements<GRule, Getters | 'copy'> {
  constructor(
    readonly data: RuleData,
    protected readonly resolve: RangeResolver,
    protected readonly kernel: Kernel,
  ) {}
  copy(): LocalDataValidationBuilder {
    return new LocalDataValidationBuilder(this.kernel, this.resolve, structuredClone(this.data));
  }
  getAllowInvalid(): boolean {
    return this.data.allowInvalid;
  }
  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    return this.data.criteria as unknown as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  }
  getCriteriaValues(): unknown[] {
    return fromData(this.data.args, this.resolve) as unknown[];
  }
  getHelpText(): string {
    return this.data.helpText as string;
  }
  toString(): string {
    return 'DataValidation';
  }
}

type GBuilder = GoogleAppsScript.Spreadsheet.DataValidationBuilder;

export class LocalDataValidationBuilder extends LocalDataValidation implements Implements<GBuilder, Getters | 'copy' | 'build'> {
  constructor(kernel: Kernel, resolve: RangeResolver, data?: RuleData) {
    super(data ?? { criteria: '', args: [], allowInvalid: true, helpText: null }, resolve, kernel);
  }

  private set(criteria: string, args: unknown[]): this {
    this.data.criteria = criteria;
    this.data.args = toData(args) as unknown[];
    return this;
  }
  private dates(method: string, criteria: string, args: unknown[]): this {
    if (!args.every(isDate)) throw signature(method, args);
    return this.set(criteria, args);
  }
  private numbers(method: string, criteria: string, args: unknown[]): this {
    if (!args.every((a) => typeof a === 'number')) throw signature(method, args);
    return this.set(criteria, args);
  }

  build(): LocalDataValidation {
    if (!this.data.criteria) throw gasError('You must specify a criteria type.');
    return new LocalDataValidation(structuredClone(this.data), this.resolve, this.kernel);
  }
  override copy(): LocalDataValidationBuilder {
    return new LocalDataValidationBuilder(this.kernel, this.resolve, structuredClone(this.data));
  }
  setAllowInvalid(allowInvalidData: boolean): this {
    this.data.allowInvalid = !!allowInvalidData;
    return this;
  }
  setHelpText(helpText: string): this {
    this.data.helpText = String(helpText);
    return this;
  }
  withCriteria(criteria: string, args: unknown[]): this {
    if (!Object.hasOwn(DATA_VALIDATION_CRITERIA, String(criteria))) throw signature('withCriteria', [criteria, args]);
    return this.set(String(criteria), Array.isArray(args) ? args : []);
  }
  requireCheckbox(...values: unknown[]): this {
    return this.set('CHECKBOX', values);
  }
  requireDate(...a: unknown[]): this {
    if (a.length) throw signature('requireDate', a);
    return this.set('DATE_IS_VALID_DATE', []);
  }
  requireDateAfter(date: Date): this {
    return this.dates('requireDateAfter', 'DATE_AFTER', [date]);
  }
  requireDateBefore(date: Date): this {
    return this.dates('requireDateBefore', 'DATE_BEFORE', [date]);
  }
  requireDateBetween(start: Date, end: Date): this {
    return this.dates('requireDateBetween', 'DATE_BETWEEN', [start, end]);
  }
  requireDateEqualTo(date: Date): this {
    return this.dates('requireDateEqualTo', 'DATE_EQUAL_TO', [date]);
  }
  requireDateNotBetween(start: Date, end: Date): this {
    return this.dates('requireDateNotBetween', 'DATE_NOT_BETWEEN', [start, end]);
  }
  requireDateOnOrAfter(date: Date): this {
    return this.dates('requireDateOnOrAfter', 'DATE_ON_OR_AFTER', [date]);
  }
  requireDateOnOrBefore(date: Date): this {
    return this.dates('requireDateOnOrBefore', 'DATE_ON_OR_BEFORE', [date]);
  }
  requireFormulaSatisfied(formula: string): this {
    return this.set('CUSTOM_FORMULA', [String(formula)]);
  }
  requireNumberBetween(start: number, end: number): this {
    return this.numbers('requireNumberBetween', 'NUMBER_BETWEEN', [start, end]);
  }
  requireNumberEqualTo(n: number): this {
    return this.numbers('requireNumberEqualTo', 'NUMBER_EQUAL_TO', [n]);
  }
  requireNumberGreaterThan(n: number): this {
    return this.numbers('requireNumberGreaterThan', 'NUMBER_GREATER_THAN', [n]);
  }
  requireNumberGreaterThanOrEqualTo(n: number): this {
    return this.numbers('requireNumberGreaterThanOrEqualTo', 'NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }
  requireNumberLessThan(n: number): this {
    return this.numbers('requireNumberLessThan', 'NUMBER_LESS_THAN', [n]);
  }
  requireNumberLessThanOrEqualTo(n: number): this {
    return this.numbers('requireNumberLessThanOrEqualTo', 'NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }
  requireNumberNotBetween(start: number, end: number): this {
    return this.numbers('requireNumberNotBetween', 'NUMBER_NOT_BETWEEN', [start, end]);
  }
  requireNumberNotEqualTo(n: number): this {
    return this.numbers('requireNumberNotEqualTo', 'NUMBER_NOT_EQUAL_TO', [n]);
  }
  requireTextContains(text: string): this {
    return this.set('TEXT_CONTAINS', [String(text)]);
  }
  requireTextDoesNotContain(text: string): this {
    return this.set('TEXT_DOES_NOT_CONTAIN', [String(text)]);
  }
  requireTextEqualTo(text: string): this {
    return this.set('TEXT_EQUAL_TO', [String(text)]);
  }
  requireTextIsEmail(): this {
    return this.set('TEXT_IS_VALID_EMAIL', []);
  }
  requireTextIsUrl(): this {
    return this.set('TEXT_IS_VALID_URL', []);
  }
  /** getCriteriaValues gives [values as strings, showDropdown] (showDropdown true when omitted). */
  requireValueInList(values: unknown[], showDropdown?: boolean): this {
    if (!Array.isArray(values)) throw signature('requireValueInList', [values]);
    return this.set('VALUE_IN_LIST', [values.map(String), showDropdown ?? true]);
  }
  requireValueInRange(range: unknown, showDropdown?: boolean): this {
    if (!isRangeLike(range)) throw signature('requireValueInRange', [range]);
    return this.set('VALUE_IN_RANGE', [range, showDropdown ?? true]);
  }
  override toString(): string {
    return 'DataValidationBuilder';
  }
}

export function ruleData(rule: unknown): RuleData | undefined {
  if (rule === null || rule === undefined) return undefined;
  if (!(rule instanceof LocalDataValidation) || rule instanceof LocalDataValidationBuilder)
    throw gasError(
      `The parameters (${rule instanceof LocalDataValidationBuilder ? 'DataValidationBuilder' : 'Object'}) don't match the method signature for SpreadsheetApp.Range.setDataValidation.`,
    );
  return structuredClone(rule.data);
}
