/** What every SpreadsheetApp object shares: the kernel, the spreadsheets, the UI recorder and helpers. */
import { createHash } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel';
import { gasError, MESSAGES } from '../../kernel/errors';
import { evaluateFormula, FormulaError, Grid } from './formula';
import { Spills } from './spill';
import { MAX_CELLS, type SheetData, type SpreadsheetData } from './model';
import { plainValue, type Scalar, typedValue } from './values';
import { UiRecorder } from './ui';
import type { LocalRange } from './range';
import type { LocalSheet } from './sheet';
import type { LocalSpreadsheet } from './spreadsheet';

export const PROTECTED_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';
export const NO_ACCESS = 'You do not have permission to access the requested document.';
/** A viewer's write (the wording Apps Script uses for a write the user's sharing does not allow). */
export const NO_EDIT = 'You do not have permission to perform that action.';
export const OUTSIDE_SHEET = 'The coordinates of the range are outside the dimensions of the sheet.';

export class SpreadsheetEnv {
  readonly spreadsheets = new Map<string, SpreadsheetData>();
  /** The bound spreadsheet: what getActiveSpreadsheet returns (null for a standalone script). */
  activeId: string | null = null;
  readonly ui = new UiRecorder();
  counter = 0;
  /** >0 while the local Workspace itself writes (form responses): protections and sharing do not apply. */
  system = 0;
  private evaluating = new Set<string>();

  /** Set by app.ts (breaks the import cycle between the object classes). */
  makeSheet!: (ss: SpreadsheetData, sheet: SheetData) => LocalSheet;
  makeSpreadsheet!: (ss: SpreadsheetData) => LocalSpreadsheet;
  makeRange!: (ss: SpreadsheetData, sheet: SheetData, row: number, col: number, numRows: number, numCols: number) => LocalRange;

  constructor(
    readonly kernel: Kernel,
    public defaultTimeZone: () => string,
  ) {}

  newId(): string {
    this.counter++;
    const h = createHash('sha256').update(`handoff-local-spreadsheet:${this.kernel.owner}:${this.counter}`).digest('base64url');
    return '1' + h.slice(0, 43);
  }

  effectiveUser(): string {
    if (this.system > 0) return this.kernel.owner;
    return this.acting ?? this.kernel.executions.current().effectiveUser;
  }

  /** A person at the keyboard (a hand edit in the Sheets UI), not a script: see asUser. */
  private acting: string | null = null;

  /** Runs fn as a person editing by hand: unmetered, with that person's sharing and protections enforced. */
  asUser<T>(user: string, fn: () => T): T {
    const was = this.acting;
    this.acting = user;
    try {
      return this.kernel.meter.unmetered(fn);
    } finally {
      this.acting = was;
    }
  }

  /** Runs fn as the local Workspace itself: unmetered, protections and sharing not enforced. */
  asSystem<T>(fn: () => T): T {
    this.system++;
    try {
      return this.kernel.meter.unmetered(fn);
    } finally {
      this.system--;
    }
  }

  sheetIdFor(ss: SpreadsheetData): number {
    // Sheets uses 0 for the first sheet and large random ids for the others; deterministic here.
    const n = ss.nextSheetId++;
    return Number.parseInt(createHash('sha256').update(`${ss.id}:${n}`).digest('hex').slice(0, 8), 16) % 2_000_000_000;
  }

  checkCellLimit(ss: SpreadsheetData, extraCells: number): void {
    if (ss.cellCount() + extraCells > MAX_CELLS) throw gasError(MESSAGES.cellLimit);
  }

  /**
   * Throws Apps Script's error when the effective user may not change the file at all: only the owner and
   * editors may; viewers (and anyone who reached the file some other way) may read only.
   */
  assertCanEditFile(ss: SpreadsheetData): void {
    if (this.system > 0) return;
    if (!ss.canEditFile(this.effectiveUser())) throw gasError(NO_EDIT);
  }

  /** Throws Apps Script's error when the effective user may not edit these cells (sharing, then protections). */
  assertCanEdit(ss: SpreadsheetData, sheet: SheetData, row: number, col: number, numRows: number, numCols: number): void {
    if (this.system > 0) return;
    this.assertCanEditFile(ss);
    if (!ss.protections.length) return;
    const user = this.effectiveUser().toLowerCase();
    if (user === ss.owner.toLowerCase()) return;
    for (const p of ss.protections) {
      if (p.sheetId !== sheet.sheetId || p.warningOnly) continue;
      if (p.type === 'RANGE') {
        const overlaps =
          row <= p.row + p.numRows - 1 && p.row <= row + numRows - 1 && col <= p.col + p.numCols - 1 && p.col <= col + numCols - 1;
        if (!overlaps) continue;
      }
      if (!p.editors.some((e) => e.toLowerCase() === user)) throw gasError(PROTECTED_MESSAGE);
    }
  }

  /** A range from a stored reference (a VALUE_IN_RANGE rule's range); null when its sheet is gone. */
  rangeFromRef(ref: { spreadsheetId: string; sheetName: string; a1: string }): unknown {
    const ss = this.spreadsheets.get(ref.spreadsheetId);
    const sheet = ss?.sheetByName(ref.sheetName);
    return ss && sheet ? this.makeSheet(ss, sheet).rangeByA1(ref.a1) : null;
  }

  /** Array results of formulas spilling into neighbouring cells (spill.ts). */
  private readonly spills = new Spills(
    (ss, sheet, row, col) => this.compute(ss, sheet, row, col),
    () => this.kernel.clock.now(),
  );

  /** A cell's value as getValues returns it: formulas are computed (a subset, see formula.ts); arrays spill. */
  valueAt(ss: SpreadsheetData, sheet: SheetData, row: number, col: number): Scalar {
    const c = sheet.get(row, col);
    if (!c || c.f === undefined) {
      if (c?.v === undefined) {
        const spilled = this.spills.spilledInto(ss, sheet, row, col);
        if (spilled !== undefined) return typedValue(spilled, c?.nf, ss.timeZone);
      }
      return plainValue(c, ss.timeZone);
    }
    const anchor = this.spills.anchorValue(ss, sheet, row, col);
    const v = anchor !== undefined ? anchor : this.compute(ss, sheet, row, col);
    return typedValue(v instanceof Grid ? v.cells[0]![0]! : v, c.nf, ss.timeZone);
  }

  /** Computes a formula cell: a value or an array (an error is its code; a cycle is #REF!). */
  private compute(ss: SpreadsheetData, sheet: SheetData, row: number, col: number): Scalar | Grid {
    const c = sheet.get(row, col);
    if (!c || c.f === undefined) return plainValue(c, ss.timeZone);
    const key = `${sheet.sheetId}:${row}:${col}`;
    if (this.evaluating.has(key)) return '#REF!';
    this.evaluating.add(key);
    try {
      return evaluateFormula(c.f, {
        row,
        col,
        now: this.kernel.clock.now(),
        tz: ss.timeZone,
        cell: (sheetName, r, cc) => {
          const target = sheetName === null ? sheet : ss.sheetByName(sheetName);
          if (!target) throw new FormulaError('#REF!');
          return this.valueAt(ss, target, r, cc);
        },
        size: (sheetName) => {
          const target = sheetName === null ? sheet : ss.sheetByName(sheetName);
          if (!target) throw new FormulaError('#REF!');
          return { rows: target.maxRows, cols: target.maxColumns };
        },
      });
    } finally {
      this.evaluating.delete(key);
    }
  }
}
