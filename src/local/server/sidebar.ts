/** The sidebar as the add-on opens it: what SpreadsheetApp.getUi().showSidebar received. */
import type { Workspace } from '../workspace';
import { BadRequest } from './errors';

/** The add-on's menu function that opens the panel. */
export const OPEN_PANEL = 'handoffOpenPanel';

/**
 * Runs `open` (the add-on's own menu function, as `as`) and returns the sidebar it showed (dist/Sidebar.html as the
 * add-on built its output), or a 409 with what the add-on said instead. Other executions may show dialogs at the
 * same time: only sidebars shown to `as` count.
 */
export async function sidebarOpened(ws: Workspace, as: string, open: () => Promise<unknown>): Promise<{ html: string; title: string }> {
  const before = ws.ui.dialogs.length;
  const alerts = ws.ui.alerts.length;
  await open();
  const mine = ws.ui.dialogs.slice(before).filter((d) => d.kind === 'sidebar' && d.user?.toLowerCase() === as.toLowerCase());
  const dialog = mine[mine.length - 1];
  if (!dialog) {
    const said = ws.ui.alerts
      .slice(alerts)
      .map((a) => a.prompt)
      .join(' ');
    throw new BadRequest(`The add-on did not open a sidebar for ${as}${said ? `: ${said}` : ''}`, 409);
  }
  const out = dialog.html as { getContent(): string; getTitle(): string };
  return ws.kernel.meter.unmetered(() => ({ html: out.getContent(), title: out.getTitle() }));
}
