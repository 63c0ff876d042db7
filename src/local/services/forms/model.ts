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
}

/** An answer as Apps Script's ItemResponse.getResponse() returns it: string, or string[] for checkboxes. */
export type AnswerValue = string | string[];

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

export interface DestinationData {
  type: 'SPREADSHEET';
  spreadsheetId: string;
  sheetName: string;
  /** Column layout of the response sheet: 'timestamp', 'email' or an item id. Columns are never removed. */
  columns: Array<'timestamp' | 'email' | number>;
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
