import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import { emailOf, LocalUser } from '../session/user';
import type { SpreadsheetEnv } from './env';
import type { ProtectionData, SheetData, SpreadsheetData } from './model';
import type { LocalRange } from './range';

type GProtection = GoogleAppsScript.Spreadsheet.Protection;
type Methods =
  | 'setDescription'
  | 'getDescription'
  | 'addEditor'
  | 'addEditors'
  | 'removeEditor'
  | 'removeEditors'
  | 'getEditors'
  | 'setWarningOnly'
  | 'isWarningOnly'
  | 'canEdit'
  | 'remove'
  | 'getProtectionType'
  | 'getRange'
  | 'setDomainEdit'
  | 'canDomainEdit';

/**
 * Protection of a sheet or range. New protections get the owner, the creating user and the spreadsheet's
 * editors as editors (Apps Script's sample removes all but the current user); the owner can never be removed.
 */
export class LocalProtection implements Implements<GProtection, Methods> {
  constructor(
    private readonly env: SpreadsheetEnv,
    private readonly ss: SpreadsheetData,
    readonly data: ProtectionData,
  ) {}

  static create(env: SpreadsheetEnv, ss: SpreadsheetData, sheet: SheetData, type: 'SHEET' | 'RANGE', range?: LocalRange): LocalProtection {
    if (!ss.canEditFile(env.effectiveUser())) throw gasError('You do not have permission to perform that action.');
    if (type === 'SHEET') {
      const existing = ss.protections.find((p) => p.type === 'SHEET' && p.sheetId === sheet.sheetId);
      if (existing) return new LocalProtection(env, ss, existing);
    }
    const editors = [ss.owner, env.effectiveUser(), ...ss.editors].filter(
      (e, i, a) => e && a.findIndex((x) => x.toLowerCase() === e.toLowerCase()) === i,
    );
    const data: ProtectionData = {
      id: ss.nextObjectId++,
      type,
      sheetId: sheet.sheetId,
      row: range?.row ?? 1,
      col: range?.col ?? 1,
      numRows: range?.numRows ?? sheet.maxRows,
      numCols: range?.numCols ?? sheet.maxColumns,
      description: '',
      editors,
      warningOnly: false,
      domainEdit: false,
    };
    ss.protections.push(data);
    return new LocalProtection(env, ss, data);
  }

  private call(method: string): void {
    this.env.kernel.call('Protection', method);
  }

  private assertManage(): void {
    if (!this.canEditNow()) throw gasError('You do not have permission to perform that action.');
  }

  private canEditNow(): boolean {
    const u = this.env.effectiveUser().toLowerCase();
    return u === this.ss.owner.toLowerCase() || this.data.warningOnly || this.data.editors.some((e) => e.toLowerCase() === u);
  }

  setDescription(description: string): LocalProtection {
    this.call('setDescription');
    this.assertManage();
    this.data.description = String(description);
    return this;
  }

  getDescription(): string {
    this.call('getDescription');
    return this.data.description;
  }

  addEditor(emailAddress: string | GoogleAppsScript.Base.User): LocalProtection {
    this.call('addEditor');
    this.assertManage();
    this.add([emailOf(emailAddress)]);
    return this;
  }

  addEditors(emailAddresses: string[]): LocalProtection {
    this.call('addEditors');
    this.assertManage();
    this.add(emailAddresses.map(emailOf));
    return this;
  }

  private add(emails: string[]): void {
    for (const e of emails) if (!this.data.editors.some((x) => x.toLowerCase() === e.toLowerCase())) this.data.editors.push(e);
    // Apps Script makes a protection editor an editor of the file too.
    for (const e of emails) if (!this.ss.canEditFile(e)) this.ss.editors.push(e);
  }

  removeEditor(emailAddress: string | GoogleAppsScript.Base.User): LocalProtection {
    this.call('removeEditor');
    this.assertManage();
    this.remove_([emailOf(emailAddress)]);
    return this;
  }

  removeEditors(emailAddresses: Array<string | GoogleAppsScript.Base.User>): LocalProtection {
    this.call('removeEditors');
    this.assertManage();
    this.remove_(emailAddresses.map(emailOf));
    return this;
  }

  private remove_(emails: string[]): void {
    const drop = new Set(emails.map((e) => e.toLowerCase()));
    drop.delete(this.ss.owner.toLowerCase());
    this.data.editors = this.data.editors.filter((e) => !drop.has(e.toLowerCase()));
  }

  getEditors(): LocalUser[] {
    this.call('getEditors');
    return this.data.editors.map((e) => new LocalUser(this.env.kernel, e));
  }

  setWarningOnly(warningOnly: boolean): LocalProtection {
    this.call('setWarningOnly');
    this.assertManage();
    this.data.warningOnly = !!warningOnly;
    return this;
  }

  isWarningOnly(): boolean {
    this.call('isWarningOnly');
    return this.data.warningOnly;
  }

  setDomainEdit(editable: boolean): LocalProtection {
    this.call('setDomainEdit');
    this.data.domainEdit = !!editable;
    return this;
  }

  canDomainEdit(): boolean {
    this.call('canDomainEdit');
    return this.data.domainEdit;
  }

  /** Whether the user the script runs as may edit the protected cells. The owner always can. */
  canEdit(): boolean {
    this.call('canEdit');
    return this.canEditNow();
  }

  remove(): void {
    this.call('remove');
    this.assertManage();
    this.ss.protections = this.ss.protections.filter((p) => p !== this.data);
  }

  getProtectionType(): GoogleAppsScript.Spreadsheet.ProtectionType {
    this.call('getProtectionType');
    return this.data.type as unknown as GoogleAppsScript.Spreadsheet.ProtectionType;
  }

  getRange(): LocalRange {
    this.call('getRange');
    const sheet = this.ss.sheetById(this.data.sheetId);
    if (!sheet) throw gasError('The sheet of this protection was deleted.');
    return this.env.makeRange(this.ss, sheet, this.data.row, this.data.col, this.data.numRows, this.data.numCols);
  }

  toString(): string {
    return 'Protection';
  }
}
