/** Range formatting: recorded on the sheet (`ws.sheets.get(id).styles()`), read back for the top-left cell, never rendered. */
import { RangeBase } from './range-base';

export abstract class RangeStyles extends RangeBase {
  private style(method: string, prop: string, value: unknown): this {
    this.call(method);
    this.env.assertCanEditFile(this.ss);
    this.sheetData.styles.push({ row: this.row, col: this.col, numRows: this.numRows, numCols: this.numCols, prop, value });
    return this;
  }

  private styleOf(prop: string, fallback: unknown): unknown {
    for (let i = this.sheetData.styles.length - 1; i >= 0; i--) {
      const s = this.sheetData.styles[i]!;
      if (s.prop === prop && this.row >= s.row && this.row < s.row + s.numRows && this.col >= s.col && this.col < s.col + s.numCols) {
        return Array.isArray(s.value)
          ? ((s.value as unknown[][])[this.row - s.row]?.[this.col - s.col] ?? fallback)
          : (s.value ?? fallback);
      }
    }
    return fallback;
  }

  setFontWeight(fontWeight: string | null): this {
    return this.style('setFontWeight', 'fontWeight', fontWeight);
  }
  setFontWeights(fontWeights: unknown[][]): this {
    return this.style('setFontWeights', 'fontWeight', fontWeights);
  }
  setBackground(color: string | null): this {
    return this.style('setBackground', 'background', color);
  }
  setBackgrounds(color: Array<Array<string | null>>): this {
    return this.style('setBackgrounds', 'background', color);
  }
  setFontColor(color: string | null): this {
    return this.style('setFontColor', 'fontColor', color);
  }
  setFontStyle(fontStyle: string | null): this {
    return this.style('setFontStyle', 'fontStyle', fontStyle);
  }
  setFontSize(size: number): this {
    return this.style('setFontSize', 'fontSize', size);
  }
  setFontFamily(fontFamily: string | null): this {
    return this.style('setFontFamily', 'fontFamily', fontFamily);
  }
  setHorizontalAlignment(alignment: string | null): this {
    return this.style('setHorizontalAlignment', 'horizontalAlignment', alignment);
  }
  setVerticalAlignment(alignment: string | null): this {
    return this.style('setVerticalAlignment', 'verticalAlignment', alignment);
  }
  setWrap(isWrapEnabled: boolean): this {
    return this.style('setWrap', 'wrap', isWrapEnabled);
  }
  setNote(note: string | null): this {
    return this.style('setNote', 'note', note);
  }
  getNote(): string {
    this.call('getNote');
    return String(this.styleOf('note', '') ?? '');
  }
  getBackground(): string {
    this.call('getBackground');
    return String(this.styleOf('background', '#ffffff') ?? '#ffffff');
  }
  getFontWeight(): GoogleAppsScript.Spreadsheet.FontWeight {
    this.call('getFontWeight');
    return String(this.styleOf('fontWeight', 'normal') ?? 'normal') as unknown as GoogleAppsScript.Spreadsheet.FontWeight;
  }
}
