/** Developer metadata: key/value pairs on the spreadsheet, a sheet, a row or a column. */
import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import type { SpreadsheetEnv } from './env';
import type { MetadataData, SpreadsheetData } from './model';

const VISIBILITIES = ['DOCUMENT', 'PROJECT'];

/** addDeveloperMetadata(key) | (key, visibility) | (key, value) | (key, value, visibility). */
export function addMetadata(
  ss: SpreadsheetData,
  location: MetadataData['location'],
  key: string,
  a?: string,
  b?: string,
  sheetId?: number,
  index?: number,
): MetadataData {
  let value: string | null = null;
  let visibility: 'DOCUMENT' | 'PROJECT' = 'DOCUMENT';
  if (b !== undefined) {
    value = a ?? null;
    visibility = String(b) as 'DOCUMENT' | 'PROJECT';
  } else if (a !== undefined && VISIBILITIES.includes(String(a))) visibility = String(a) as 'DOCUMENT' | 'PROJECT';
  else if (a !== undefined) value = String(a);
  if (String(key).length > 30000) throw gasError('Argument too large: key');
  const m: MetadataData = { id: ss.nextObjectId++, key: String(key), value, visibility, location };
  if (sheetId !== undefined) m.sheetId = sheetId;
  if (index !== undefined) m.index = index;
  ss.metadata.push(m);
  return m;
}

type GMeta = GoogleAppsScript.Spreadsheet.DeveloperMetadata;

export class LocalDeveloperMetadata
  implements Implements<GMeta, 'getId' | 'getKey' | 'getValue' | 'setKey' | 'setValue' | 'remove' | 'getVisibility'>
{
  constructor(
    private readonly env: SpreadsheetEnv,
    private readonly ss: SpreadsheetData,
    readonly data: MetadataData,
  ) {}
  private call(m: string): void {
    this.env.kernel.call('DeveloperMetadata', m);
  }
  getId(): number {
    this.call('getId');
    return this.data.id;
  }
  getKey(): string {
    this.call('getKey');
    return this.data.key;
  }
  getValue(): string | null {
    this.call('getValue');
    return this.data.value;
  }
  getVisibility(): GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility {
    this.call('getVisibility');
    return this.data.visibility as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility;
  }
  setKey(key: string): LocalDeveloperMetadata {
    this.call('setKey');
    this.data.key = String(key);
    return this;
  }
  setValue(value: string): LocalDeveloperMetadata {
    this.call('setValue');
    this.data.value = value === null ? null : String(value);
    return this;
  }
  remove(): void {
    this.call('remove');
    this.ss.metadata = this.ss.metadata.filter((m) => m !== this.data);
  }
  toString(): string {
    return 'DeveloperMetadata';
  }
}

/** createDeveloperMetadataFinder(): withKey / withValue / withId / withLocationType, then find(). */
export class LocalMetadataFinder {
  private filters: Array<(m: MetadataData) => boolean> = [];
  constructor(
    private readonly env: SpreadsheetEnv,
    private readonly ss: SpreadsheetData,
    private readonly scope: (m: MetadataData) => boolean,
  ) {}
  private call(m: string): void {
    this.env.kernel.call('DeveloperMetadataFinder', m);
  }
  withKey(key: string): LocalMetadataFinder {
    this.call('withKey');
    this.filters.push((m) => m.key === key);
    return this;
  }
  withValue(value: string): LocalMetadataFinder {
    this.call('withValue');
    this.filters.push((m) => m.value === value);
    return this;
  }
  withId(id: number): LocalMetadataFinder {
    this.call('withId');
    this.filters.push((m) => m.id === id);
    return this;
  }
  withLocationType(t: unknown): LocalMetadataFinder {
    this.call('withLocationType');
    this.filters.push((m) => m.location === String(t));
    return this;
  }
  find(): LocalDeveloperMetadata[] {
    this.call('find');
    return this.ss.metadata
      .filter((m) => this.scope(m) && this.filters.every((f) => f(m)))
      .map((m) => new LocalDeveloperMetadata(this.env, this.ss, m));
  }
}
