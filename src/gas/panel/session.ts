/** What the page asks first: who am I, what may I see. Also opens the sidebar (menu items). */
import * as z from '../../core/zod';
import { undeliveredCount } from '../mail/undelivered';
import type { AppContext } from '../context';
import { ConfigStore } from '../store/config';
import { MissingTabError } from '../errors';
import { panelFunction } from './guard';
import { panelBanners } from './health';

export const PANEL_VIEWS = ['mywork', 'requests', 'admin', 'metrics'] as const;
export type PanelView = (typeof PANEL_VIEWS)[number];

export const whoAmI = panelFunction('handoffPanelWhoAmI', 'anyone', z.strictObject({}), (ctx, caller) => {
  let workflows: Array<{ id: string; name: string; timeZone: string; states: Array<{ id: string; label: string; kind: string }> }> = [];
  // Times are shown in the workflow's calendar zone, as its emails are; a workflow without a calendar uses UTC there too.
  const scriptZone = ctx.services.Session.getScriptTimeZone() || 'Etc/UTC';
  let setUp = true;
  try {
    const config = new ConfigStore(ctx);
    // Every published version's states, so the page can label rows of any version without another call.
    workflows = config.workflows().map((id) => {
      const states = new Map<string, { id: string; label: string; kind: string }>();
      for (const v of config.published(id))
        for (const s of v.definition.states) states.set(s.id, { id: s.id, label: s.label, kind: s.kind });
      const latest = config.latest(id).definition;
      return { id, name: latest.name, timeZone: latest.calendar?.timeZone ?? 'Etc/UTC', states: [...states.values()] };
    });
  } catch (e) {
    if (!(e instanceof MissingTabError)) throw e;
    setUp = false;
  }
  const views: PanelView[] = ['mywork'];
  if (caller.operator) views.push('requests', 'metrics');
  if (caller.admin) views.push('admin');
  return {
    // Operators: the health record's banners (a stalled timer, a form that stopped delivering), checked at each open.
    health: setUp ? { banners: panelBanners(ctx, caller) ?? [] } : null,
    // Admins: how many emails Handoff gave up on (Admin > Undelivered emails), from the script properties.
    undelivered: setUp && caller.admin ? undeliveredCount(ctx) : 0,
    email: caller.email,
    roles: caller.roles,
    operator: caller.operator,
    admin: caller.admin,
    views,
    workflows,
    setUp,
    timeZone: scriptZone,
    now: ctx.now(),
  };
});

/** Shows the sidebar (dist/Sidebar.html), opening at `view`. The page itself asks the server what the user may see. */
export function showPanel(ctx: AppContext, view: PanelView = 'mywork'): void {
  const html = ctx.services.HtmlService.createHtmlOutputFromFile('Sidebar')
    .setTitle('Handoff')
    .append(`<script>window.__HANDOFF_VIEW=${JSON.stringify(view)};</script>`);
  ctx.services.SpreadsheetApp.getUi().showSidebar(html);
}
