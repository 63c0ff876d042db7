/**
 * The panel's lookup by id for a request that moved to a yearly archive: its fields, its history (its Audit rows
 * moved with it) and the archive it is in, read-only (no actions, no SLA). The same people may see it as when it
 * was live: operators, and those it concerned or who acted on it, when they can open the archive; everyone else gets
 * the same sentence as for an id that does not exist. The archive is opened as the person using the sidebar, and
 * archives are shared with operators and admins only (archive/book.ts shareWithOperators): a requester reads an
 * archived request on its status page, which the sentence points to.
 * Cost: the live lookup that missed, one read of Config, then per archive consulted (archive/lookup.ts): openById,
 * one TextFinder search and one row read, and for the one that holds it one TextFinder search of its Audit tab and
 * one read per run of the request's rows.
 */
import { findArchived } from '../archive/lookup';
import type { Caller } from '../auth';
import type { AppContext } from '../context';
import { ConfigStore } from '../store/config';
import { PanelRefusal } from './guard';
import { actedIn, mayView, notYours, requestView, timelineEntry } from './request-view';

export function archivedView(ctx: AppContext, caller: Caller, requestId: string) {
  const look = findArchived(ctx, requestId);
  const found = look.found;
  if (!found) {
    const closed = look.unavailable[0];
    if (closed && caller.operator)
      throw new PanelRefusal(
        `Request ${requestId} is not in the live tabs, and the archive "${closed.name}" that may hold it cannot be opened from here: it was deleted, renamed, or is not shared with you. Ask the spreadsheet's owner.`,
      );
    // Said whether or not such a request exists: ids are not a secret, contents are.
    if (closed)
      throw new PanelRefusal(
        `${notYours(requestId)} If it is yours and closed a while ago, it was archived: the status link in your Handoff emails about it still shows it.`,
      );
    throw new PanelRefusal(notYours(requestId));
  }
  const timeline = found.events.map((r) => timelineEntry(r.seq, r.event));
  const { request } = found;
  if (!(mayView(request, caller, ctx.now()) || actedIn(timeline, caller.email))) throw new PanelRefusal(notYours(requestId));
  const version = new ConfigStore(ctx).get(request.workflowId, request.version);
  return requestView(ctx, caller, request, version, {
    actions: [],
    timeline,
    archived: { name: found.archive.name, url: found.archive.url, year: found.archive.year },
  });
}
