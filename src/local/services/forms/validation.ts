import type { Kernel } from '../../kernel/kernel';
import type { AnswerValue, ValidationData, ValidationRule } from './model';

/** A built validation: opaque to scripts (as TextValidation is), carries its rule. */
export class LocalValidation {
  constructor(readonly data: ValidationData) {}
}

type TVB = GoogleAppsScript.Forms.TextValidationBuilder;
type PVB = GoogleAppsScript.Forms.ParagraphTextValidationBuilder;
type CVB = GoogleAppsScript.Forms.CheckboxValidationBuilder;

/**
 * FormApp.createTextValidation(), createParagraphTextValidation() and createCheckboxValidation().
 * One class: each builder's methods set the rule (the last one set wins, as in the Forms editor).
 */
export class LocalValidationBuilder
  implements Omit<TVB, 'build' | 'setHelpText'>, Omit<PVB, 'build' | 'setHelpText'>, Omit<CVB, 'build' | 'setHelpText'>
{
  private rule: ValidationRule | undefined;
  private helpText: string | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly service: string,
  ) {}

  private set(method: string, rule: ValidationRule): any {
    this.kernel.call(this.service, method);
    this.rule = rule;
    return this;
  }

  requireNumber(): any {
    return this.set('requireNumber', { kind: 'number' });
  }
  requireWholeNumber(): any {
    return this.set('requireWholeNumber', { kind: 'wholeNumber' });
  }
  requireNumberBetween(start: number, end: number): any {
    return this.set('requireNumberBetween', { kind: 'numberBetween', a: start, b: end });
  }
  requireNumberNotBetween(start: number, end: number): any {
    return this.set('requireNumberNotBetween', { kind: 'numberBetween', a: start, b: end, not: true });
  }
  requireNumberEqualTo(n: number): any {
    return this.set('requireNumberEqualTo', { kind: 'numberCompare', op: '=', n });
  }
  requireNumberNotEqualTo(n: number): any {
    return this.set('requireNumberNotEqualTo', { kind: 'numberCompare', op: '!=', n });
  }
  requireNumberGreaterThan(n: number): any {
    return this.set('requireNumberGreaterThan', { kind: 'numberCompare', op: '>', n });
  }
  requireNumberGreaterThanOrEqualTo(n: number): any {
    return this.set('requireNumberGreaterThanOrEqualTo', { kind: 'numberCompare', op: '>=', n });
  }
  requireNumberLessThan(n: number): any {
    return this.set('requireNumberLessThan', { kind: 'numberCompare', op: '<', n });
  }
  requireNumberLessThanOrEqualTo(n: number): any {
    return this.set('requireNumberLessThanOrEqualTo', { kind: 'numberCompare', op: '<=', n });
  }
  requireTextContainsPattern(pattern: string): any {
    return this.set('requireTextContainsPattern', { kind: 'contains', pattern });
  }
  requireTextDoesNotContainPattern(pattern: string): any {
    return this.set('requireTextDoesNotContainPattern', { kind: 'notContains', pattern });
  }
  requireTextMatchesPattern(pattern: string): any {
    return this.set('requireTextMatchesPattern', { kind: 'matches', pattern });
  }
  requireTextDoesNotMatchPattern(pattern: string): any {
    return this.set('requireTextDoesNotMatchPattern', { kind: 'notMatches', pattern });
  }
  requireTextIsEmail(): any {
    return this.set('requireTextIsEmail', { kind: 'email' });
  }
  requireTextIsUrl(): any {
    return this.set('requireTextIsUrl', { kind: 'url' });
  }
  requireTextLengthGreaterThanOrEqualTo(n: number): any {
    return this.set('requireTextLengthGreaterThanOrEqualTo', { kind: 'lengthAtLeast', n });
  }
  requireTextLengthLessThanOrEqualTo(n: number): any {
    return this.set('requireTextLengthLessThanOrEqualTo', { kind: 'lengthAtMost', n });
  }
  requireSelectAtLeast(n: number): any {
    return this.set('requireSelectAtLeast', { kind: 'selectAtLeast', n });
  }
  requireSelectAtMost(n: number): any {
    return this.set('requireSelectAtMost', { kind: 'selectAtMost', n });
  }
  requireSelectExactly(n: number): any {
    return this.set('requireSelectExactly', { kind: 'selectExactly', n });
  }

  setHelpText(text: string): this {
    this.kernel.call(this.service, 'setHelpText');
    this.helpText = String(text);
    return this;
  }

  build(): any {
    this.kernel.call(this.service, 'build');
    if (!this.rule) throw new Error('Invalid argument: validation has no requirement set.');
    return new LocalValidation({ rule: { ...this.rule }, ...(this.helpText !== undefined ? { helpText: this.helpText } : {}) });
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_RE = /^(https?:\/\/)?[^\s/]+\.[^\s]+$/i;

function parseNumber(s: string): number | null {
  const t = s.trim();
  if (!t || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  return Number(t);
}

function defaultMessage(rule: ValidationRule): string {
  switch (rule.kind) {
    case 'number':
      return 'Must be a number';
    case 'wholeNumber':
      return 'Must be a whole number';
    case 'numberBetween':
      return `Must be a number ${rule.not ? 'not ' : ''}between ${rule.a} and ${rule.b}`;
    case 'numberCompare': {
      const words = {
        '=': 'equal to',
        '!=': 'not equal to',
        '>': 'greater than',
        '>=': 'greater than or equal to',
        '<': 'less than',
        '<=': 'less than or equal to',
      }[rule.op];
      return `Must be a number ${words} ${rule.n}`;
    }
    case 'contains':
      return `Must contain ${rule.pattern}`;
    case 'notContains':
      return `Must not contain ${rule.pattern}`;
    case 'matches':
      return 'Must match pattern';
    case 'notMatches':
      return 'Must not match pattern';
    case 'email':
      return 'Must be an email';
    case 'url':
      return 'Must be a URL';
    case 'lengthAtLeast':
      return `Must be at least ${rule.n} characters`;
    case 'lengthAtMost':
      return `Must be at most ${rule.n} characters`;
    case 'selectAtLeast':
      return `Must select at least ${rule.n} options`;
    case 'selectAtMost':
      return `Must select at most ${rule.n} options`;
    case 'selectExactly':
      return `Must select exactly ${rule.n} options`;
  }
}

function passes(rule: ValidationRule, value: AnswerValue): boolean {
  if (Array.isArray(value)) {
    const n = value.length;
    switch (rule.kind) {
      case 'selectAtLeast':
        return n >= rule.n;
      case 'selectAtMost':
        return n <= rule.n;
      case 'selectExactly':
        return n === rule.n;
      default:
        return true;
    }
  }
  const s = value;
  switch (rule.kind) {
    case 'number':
      return parseNumber(s) !== null;
    case 'wholeNumber': {
      const n = parseNumber(s);
      return n !== null && Number.isInteger(n);
    }
    case 'numberBetween': {
      const n = parseNumber(s);
      if (n === null) return false;
      const inside = n >= Math.min(rule.a, rule.b) && n <= Math.max(rule.a, rule.b);
      return rule.not ? !inside : inside;
    }
    case 'numberCompare': {
      const n = parseNumber(s);
      if (n === null) return false;
      switch (rule.op) {
        case '=':
          return n === rule.n;
        case '!=':
          return n !== rule.n;
        case '>':
          return n > rule.n;
        case '>=':
          return n >= rule.n;
        case '<':
          return n < rule.n;
        case '<=':
          return n <= rule.n;
      }
      return false;
    }
    case 'contains':
      return new RegExp(rule.pattern).test(s);
    case 'notContains':
      return !new RegExp(rule.pattern).test(s);
    case 'matches':
      return new RegExp(`^(?:${rule.pattern})$`).test(s);
    case 'notMatches':
      return !new RegExp(`^(?:${rule.pattern})$`).test(s);
    case 'email':
      return EMAIL.test(s.trim());
    case 'url':
      return URL_RE.test(s.trim());
    case 'lengthAtLeast':
      return s.length >= rule.n;
    case 'lengthAtMost':
      return s.length <= rule.n;
    default:
      return true;
  }
}

/** The message Google Forms shows under the question, or null when the answer passes. */
export function checkValidation(v: ValidationData | undefined, value: AnswerValue): string | null {
  if (!v) return null;
  if (passes(v.rule, value)) return null;
  return v.helpText?.trim() ? v.helpText : defaultMessage(v.rule);
}
