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
  /** Who the item is for (panel issue). Shown to everyone when the role cannot be known (AuthMode.NONE). */
  role?: 'anyone' | 'operator' | 'admin';
  /** Items shown as a submenu under this label. */
  submenu?: string;
}

/** The full Handoff menu (panel issue). Every item's function checks the caller's role on the server. */
export const MENU_ITEMS: readonly MenuItem[] = [
  { label: 'Open panel', fn: 'handoffOpenPanel', role: 'anyone' },
  { label: 'Set up / repair', fn: 'handoffSetUp', role: 'admin' },
  { label: 'List and edit', fn: 'handoffMenuWorkflows', role: 'admin', submenu: 'Workflows' },
  { label: 'Validate published workflows', fn: 'handoffMenuValidateWorkflows', role: 'admin', submenu: 'Workflows' },
  { label: 'Publish a new version', fn: 'handoffMenuPublishWorkflow', role: 'admin', submenu: 'Workflows' },
  { label: 'Start from a template', fn: 'handoffMenuTemplates', role: 'admin', submenu: 'Workflows' },
  { label: 'Link a form', fn: 'handoffMenuLinkForm', role: 'admin' },
  { label: 'Re-process intake errors', fn: 'handoffReprocessIntake', role: 'operator' },
  { label: 'Install', fn: 'handoffMenuInstallTriggers', role: 'admin', submenu: 'Triggers' },
  { label: 'Status', fn: 'handoffMenuTriggerStatus', role: 'admin', submenu: 'Triggers' },
  { label: 'Metrics', fn: 'handoffMenuMetrics', role: 'operator' },
  { label: 'Pause / resume automation', fn: 'handoffMenuPauseResume', role: 'admin' },
  { label: 'Verify audit log', fn: 'handoffMenuVerifyAudit', role: 'admin' },
  { label: 'Rotate approval-link key', fn: 'handoffRotateApprovalKey', role: 'admin' },
  { label: 'Help', fn: 'handoffMenuHelp', role: 'anyone' },
];

/** The items a caller with these roles sees; null roles (unknown: AuthMode.NONE) → every item. */
export function menuItemsFor(role: { operator: boolean; admin: boolean } | null): MenuItem[] {
  if (!role) return [...MENU_ITEMS];
  return MENU_ITEMS.filter(
    (i) => i.role === undefined || i.role === 'anyone' || (i.role === 'operator' && role.operator) || (i.role === 'admin' && role.admin),
  );
}

export function buildMenu(services: Pick<Services, 'SpreadsheetApp'>, items: readonly MenuItem[] = MENU_ITEMS): void {
  const ui = services.SpreadsheetApp.getUi();
  const menu = ui.createAddonMenu();
  const done = new Set<string>();
  for (const item of items) {
    if (!item.submenu) {
      menu.addItem(item.label, item.fn);
      continue;
    }
    if (done.has(item.submenu)) continue;
    done.add(item.submenu);
    // A submenu is filled before it is added: the menu takes its items when added.
    const sub = ui.createMenu(item.submenu);
    for (const s of items) if (s.submenu === item.submenu) sub.addItem(s.label, s.fn);
    menu.addSubMenu(sub);
  }
  menu.addToUi();
}
