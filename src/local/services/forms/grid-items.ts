/**
 * GridItem and CheckboxGridItem ("a grid of columns and rows" with one radio choice per row, or several
 * checkboxes per row), and FormApp.createGridValidation() / createCheckboxGridValidation().
 */
import { gasError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import { gridResponse } from './grid-answers';
import { QuestionView } from './item-base';

/** A built GridValidation or CheckboxGridValidation: opaque to scripts, carries its rule. */
export class LocalGridValidation {
  constructor(
    readonly kind: 'GRID' | 'CHECKBOX_GRID',
    readonly onePerColumn: boolean,
    readonly helpText: string | undefined,
  ) {}
}

/** GridValidationBuilder / CheckboxGridValidationBuilder: requireLimitOneResponsePerColumn, setHelpText, build. */
export class LocalGridValidationBuilder
  implements
    Pick<GoogleAppsScript.Forms.GridValidationBuilder, 'requireLimitOneResponsePerColumn'>,
    Pick<GoogleAppsScript.Forms.CheckboxGridValidationBuilder, 'requireLimitOneResponsePerColumn'>
{
  private onePerColumn = false;
  private helpText: string | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly kind: 'GRID' | 'CHECKBOX_GRID',
  ) {}

  private m(method: string): void {
    this.kernel.call(this.kind === 'GRID' ? 'GridValidationBuilder' : 'CheckboxGridValidationBuilder', method);
  }

  /** "Requires limit of one response per column for a grid item." */
  requireLimitOneResponsePerColumn(): any {
    this.m('requireLimitOneResponsePerColumn');
    this.onePerColumn = true;
    return this;
  }

  setHelpText(text: string): any {
    this.m('setHelpText');
    this.helpText = String(text);
    return this;
  }

  build(): any {
    this.m('build');
    if (!this.onePerColumn) throw new Error('Invalid argument: validation has no requirement set.');
    return new LocalGridValidation(this.kind, true, this.helpText);
  }
}

/** The typed view of a GRID or CHECKBOX_GRID item. */
export class GridView extends QuestionView {
  getRows(): string[] {
    this.m('getRows');
    return (this.data().rows ?? []).slice();
  }

  /** "Throws an exception if the given array is empty." (the message is ours). */
  setRows(rows: string[]): any {
    this.m('setRows');
    if (!Array.isArray(rows) || rows.length === 0) throw gasError('Invalid argument: rows');
    this.data().rows = rows.map(String);
    this.ctx.itemsChanged?.(this.formId);
    return this;
  }

  getColumns(): string[] {
    this.m('getColumns');
    return (this.data().columns ?? []).slice();
  }

  setColumns(columns: string[]): any {
    this.m('setColumns');
    if (!Array.isArray(columns) || columns.length === 0) throw gasError('Invalid argument: columns');
    this.data().columns = columns.map(String);
    return this;
  }

  setValidation(validation: GoogleAppsScript.Forms.GridValidation | GoogleAppsScript.Forms.CheckboxGridValidation): any {
    this.m('setValidation');
    const d = this.data();
    if (!(validation instanceof LocalGridValidation) || validation.kind !== d.type) throw gasError('Invalid argument: validation');
    d.gridValidation = {
      onePerColumn: validation.onePerColumn,
      ...(validation.helpText !== undefined ? { helpText: validation.helpText } : {}),
    };
    return this;
  }

  clearValidation(): any {
    this.m('clearValidation');
    delete this.data().gridValidation;
    return this;
  }

  /** String[] (grid) or String[][] (checkbox grid), one entry per row; null for a row not answered. */
  createResponse(responses: string[] | string[][]): GoogleAppsScript.Forms.ItemResponse {
    this.m('createResponse');
    const value = gridResponse(this.data(), responses);
    if (value === null) throw gasError('Invalid response submitted to item.');
    return this.respond(value);
  }
}
