/** A sheet's rows and columns: inserting and deleting them (protections, the cell limit and frozen rows checked), freezing, widths. */
import { gasError } from '../../kernel/errors';
import { COLUMNS_OUT_OF_BOUNDS, DELETE_ALL_COLUMNS, DELETE_ALL_ROWS, ROWS_OUT_OF_BOUNDS, SheetBase } from './sheet-base';

export abstract class SheetRowsColumns extends SheetBase {
  private growRows(before: number, howMany: number, method: string): this {
    if (!(before >= 1) || before > this.data.maxRows + 1 || !(howMany >= 1)) throw gasError(ROWS_OUT_OF_BOUNDS);
    this.env.assertCanEdit(this.ss, this.data, 1, 1, this.data.maxRows, this.data.maxColumns);
    this.env.checkCellLimit(this.ss, howMany * this.data.maxColumns);
    this.data.insertRows(before, howMany);
    void method;
    return this;
  }

  private growColumns(before: number, howMany: number): this {
    if (!(before >= 1) || before > this.data.maxColumns + 1 || !(howMany >= 1)) throw gasError(COLUMNS_OUT_OF_BOUNDS);
    this.env.assertCanEdit(this.ss, this.data, 1, 1, this.data.maxRows, this.data.maxColumns);
    this.env.checkCellLimit(this.ss, howMany * this.data.maxRows);
    this.data.insertColumns(before, howMany);
    return this;
  }

  insertRowsAfter(afterPosition: number, howMany: number): this {
    this.call('insertRowsAfter');
    return this.growRows(afterPosition + 1, howMany, 'insertRowsAfter');
  }
  insertRowsBefore(beforePosition: number, howMany: number): this {
    this.call('insertRowsBefore');
    return this.growRows(beforePosition, howMany, 'insertRowsBefore');
  }
  insertRowAfter(afterPosition: number): this {
    this.call('insertRowAfter');
    return this.growRows(afterPosition + 1, 1, 'insertRowAfter');
  }
  insertRowBefore(beforePosition: number): this {
    this.call('insertRowBefore');
    return this.growRows(beforePosition, 1, 'insertRowBefore');
  }
  insertRows(rowIndex: number, numRows?: number): void {
    this.call('insertRows');
    this.growRows(rowIndex, numRows ?? 1, 'insertRows');
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    this.call('insertColumnsAfter');
    return this.growColumns(afterPosition + 1, howMany);
  }
  insertColumnsBefore(beforePosition: number, howMany: number): this {
    this.call('insertColumnsBefore');
    return this.growColumns(beforePosition, howMany);
  }
  insertColumnAfter(afterPosition: number): this {
    this.call('insertColumnAfter');
    return this.growColumns(afterPosition + 1, 1);
  }
  insertColumnBefore(beforePosition: number): this {
    this.call('insertColumnBefore');
    return this.growColumns(beforePosition, 1);
  }
  insertColumns(columnIndex: number, numColumns?: number): void {
    this.call('insertColumns');
    this.growColumns(columnIndex, numColumns ?? 1);
  }

  private shrinkRows(start: number, howMany: number): void {
    if (!(start >= 1) || !(howMany >= 1) || start + howMany - 1 > this.data.maxRows) throw gasError(ROWS_OUT_OF_BOUNDS);
    if (this.data.maxRows - howMany <= this.data.frozenRows) throw gasError(DELETE_ALL_ROWS);
    this.env.assertCanEdit(this.ss, this.data, start, 1, howMany, this.data.maxColumns);
    this.data.deleteRows(start, howMany);
  }

  private shrinkColumns(start: number, howMany: number): void {
    if (!(start >= 1) || !(howMany >= 1) || start + howMany - 1 > this.data.maxColumns) throw gasError(COLUMNS_OUT_OF_BOUNDS);
    if (this.data.maxColumns - howMany <= this.data.frozenColumns) throw gasError(DELETE_ALL_COLUMNS);
    this.env.assertCanEdit(this.ss, this.data, 1, start, this.data.maxRows, howMany);
    this.data.deleteColumns(start, howMany);
  }

  deleteRow(rowPosition: number): this {
    this.call('deleteRow');
    this.shrinkRows(rowPosition, 1);
    return this;
  }
  deleteRows(rowPosition: number, howMany: number): void {
    this.call('deleteRows');
    this.shrinkRows(rowPosition, howMany);
  }
  deleteColumn(columnPosition: number): this {
    this.call('deleteColumn');
    this.shrinkColumns(columnPosition, 1);
    return this;
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    this.call('deleteColumns');
    this.shrinkColumns(columnPosition, howMany);
  }

  setFrozenRows(rows: number): void {
    this.call('setFrozenRows');
    this.env.assertCanEditFile(this.ss);
    if (rows < 0 || rows >= this.data.maxRows) throw gasError(ROWS_OUT_OF_BOUNDS);
    this.data.frozenRows = rows;
  }

  setFrozenColumns(columns: number): void {
    this.call('setFrozenColumns');
    this.env.assertCanEditFile(this.ss);
    if (columns < 0 || columns >= this.data.maxColumns) throw gasError(COLUMNS_OUT_OF_BOUNDS);
    this.data.frozenColumns = columns;
  }

  autoResizeColumns(startColumn: number, numColumns: number): this {
    this.call('autoResizeColumns');
    void startColumn;
    void numColumns;
    return this;
  }
  autoResizeColumn(columnPosition: number): this {
    this.call('autoResizeColumn');
    void columnPosition;
    return this;
  }
  setColumnWidth(columnPosition: number, width: number): this {
    this.call('setColumnWidth');
    void columnPosition;
    void width;
    return this;
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): this {
    this.call('setColumnWidths');
    void startColumn;
    void numColumns;
    void width;
    return this;
  }
}
