/** Forms as plain data: what FormApp's objects read and write, and what toJSON() persists. */

export type ItemTypeName =
  | 'TEXT'
  | 'PARAGRAPH_TEXT'
  | 'MULTIPLE_CHOICE'
  | 'LIST'
  | 'CHECKBOX'
  | 'DATE'
  | 'DATETIME'
  | 'TIME'
  | 'SCALE'
  | 'GRID'
  | 'CHECKBOX_GRID'
  | 'SECTION_HEADER'
  | 'PAGE_BREAK';

/** Items that take an answer (section headers and page breaks do not). */
export const QUESTION_TYPES: readonly ItemTypeName[] = [
  'TEXT',
  'PARAGRAPH_TEXT',
  'MULTIPLE_CHOICE',
  'LIST',
  'CHECKBOX',
  'DATE',
  'DATETIME',
  'TIME',
  'SCALE',
  'GRID',
  'CHECKBOX_GRID',
];

export interface ChoiceData {
  value: string;
  isCorrect?: boolean;
}

export type ValidationRule =
  | { kind: 'number' }
  | { kind: 'wholeNumber' }
  | { kind: 'numberBetween'; a: number; b: number; not?: boolean }
  | { kind: 'numberCompare'; op: '=' | '!=' | '>' | '>=' | '<' | '<='; n: number }
  | { kind: 'contains' | 'notContains' | 'matches' | 'notMatches'; pattern: string }
  | { kind: 'email' }
  | { kind: 'url' }
  | { kind: 'lengthAtLeast' | 'lengthAtMost'; n: number }
  | { kind: 'selectAtLeast' | 'selectAtMost' | 'selectExactly'; n: number };

export interface ValidationData {
  rule: ValidationRule;
  helpText?: string;
}

export interface ItemData {
  id: number;
  type: ItemTypeName;
  title: string;
  helpText: string;
  required: boolean;
  choices?: ChoiceData[];
  otherOption?: boolean;
  validation?: ValidationData;
  scale?: { lower: number; upper: number; leftLabel: string; rightLabel: string };
  includesYear?: boolean;
  /** Grid and checkbox-grid items: the questions (rows) and the choices (columns). */
  rows?: string[];
  columns?: string[];
  /** Grid and checkbox-grid items: GridValidation / CheckboxGridValidation (requireLimitOneResponsePerColumn). */
  gridValidation?: { onePerColumn: boolean; helpText?: string };
}

/**
 * An answer as stored: string; string[] for checkboxes (choices) and grids (one per row, '' for a row not
 * answered); string[][] for checkbox grids (one array per row, [] for a row not answered; getResponse() gives '').
 */
export type AnswerValue = string | string[] | string[][];

export interface AnswerData {
  itemId: number;
  value: AnswerValue;
}

export interface ResponseData {
  id: string;
  timestamp: number;
  respondentEmail: string;
  answers: AnswerData[];
  /** Token in the edit-response URL. */
  editToken: string;
  /** Who submitted it, even when the form does not collect emails (for limit-one-response-per-user). */
  submittedBy?: string;
  /** Row of this response in the destination sheet, once written. */
  destinationRow?: number;
}

export type DestinationColumn = 'timestamp' | 'email' | number | `${number}:${number}`;

export interface DestinationData {
  type: 'SPREADSHEET';
  spreadsheetId: string;
  sheetName: string;
  /**
   * Column layout of the response sheet: 'timestamp', 'email', an item id, or `itemId:row` for one row of a grid
   * (each row of a grid has its own column, headed "Title [Row]"). Columns are never removed.
   */
  columns: Array<DestinationColumn>;
  /** Header text written per column (an item's title when it was last written). */
  headers: string[];
}

export interface FormData {
  id: string;
  publishedId: string;
  owner: string;
  title: string;
  description: string;
  confirmationMessage: string;
  collectEmail: boolean;
  allowResponseEdits: boolean;
  limitOneResponsePerUser: boolean;
  requireLogin: boolean;
  acceptingResponses: boolean;
  items: ItemData[];
  responses: ResponseData[];
  destination: DestinationData | null;
  editors: string[];
}
