/** JSON-serialisable values: everything in the model is plain data (rows in a sheet, google.script.run payloads). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A stored field value. See definition/schema.ts for the shape per field type. */
export type FieldValue = string | number | boolean | string[] | null;
export type Fields = Record<string, FieldValue>;

/** One problem with a definition or with field values: where, and what is wrong in plain English. */
export interface Problem {
  path: string;
  message: string;
}
