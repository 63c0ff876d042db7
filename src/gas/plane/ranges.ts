/** A1 ranges for the Sheets API: quoted tab names, rows and tails of a tab. */
const LETTERS = (n: number): string => {
  let s = '';
  let x = n;
  while (x > 0) {
    const r = (x - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
};

export const columnLetters = LETTERS;

export function quoteTab(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Rows first..last (inclusive), columns 1..width. */
export function rowsRange(tab: string, first: number, last: number, width: number): string {
  return `${quoteTab(tab)}!A${first}:${LETTERS(Math.max(1, width))}${last}`;
}

/** Rows from `first` to the end of the grid, columns 1..width (the API returns them up to the last with content). */
export function tailRange(tab: string, first: number, width: number): string {
  return `${quoteTab(tab)}!A${first}:${LETTERS(Math.max(1, width))}`;
}

/** Columns lo..hi (1-based) from row `first` to the end of the grid. */
export function colsRange(tab: string, first: number, lo: number, hi: number): string {
  return `${quoteTab(tab)}!${LETTERS(lo)}${first}:${LETTERS(hi)}`;
}
