/**
 * The Handoff menu. Built with createAddonMenu(): it works both for an editor add-on (Extensions > Handoff)
 * and for a script bound to the sheet (the menu then sits under Extensions with the script's name), and
 * it is the only menu an add-on may create. onOpen may run in AuthMode.NONE (add-on installed but not yet
 * used in this document): it only builds the menu and reads nothing else.
 * Items refused by role come with the panel issue; every item's server function checks the role itself.
 */
import type { Services } from './services';

export interface MenuItem {
  label: string;
  /** The top-level function in dist/Code.js (an export of src/main.ts). */
  fn: string;
}

export const MENU_ITEMS: readonly MenuItem[] = [{ label: 'Set up / repair', fn: 'handoffSetUp' }];

export function buildMenu(services: Pick<Services, 'SpreadsheetApp'>): void {
  const menu = services.SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) menu.addItem(item.label, item.fn);
  menu.addToUi();
}
