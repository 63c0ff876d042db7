/**
 * What a digest line carries besides its summary: the due time in the workflow's zone with how late it is, and for a
 * pending approval its own Approve / Reject / Request changes links, signed for that approver, step and round like an
 * approval email's. The approval requests are read once per run (one batched read, mail/request-batch.ts).
 */
import { normalizeEmail, type Request } from '../../core';
import { approvalSettings } from '../approvals/settings';
import { formatWhen, whenZone } from '../approvals/summary';
import { LINK_ACTIONS, signToken, type LinkAction } from '../approvals/token';
import type { AppContext } from '../context';
import { actionUrl } from '../mail/approval-email';
import { lateness } from '../mail/lateness';
import { loadRequests } from '../mail/request-batch';
import type { DigestExtra, DigestItem } from './digest';
import type { ScanRow } from './scan';
import type { VersionCache } from './sla';

export function digestLinks(ctx: AppContext, versions: VersionCache) {
  let requests: Map<string, Request | Error> | null = null;
  let url: string | undefined;
  const zone = whenZone(ctx.services.Utilities);
  return {
    extras(email: string, items: readonly DigestItem[], open: readonly ScanRow[]): Map<string, DigestExtra> {
      const out = new Map<string, DigestExtra>();
      const rows = new Map(open.map((r) => [r.id, r]));
      if (items.some((i) => i.why === 'approval')) {
        requests ??= loadRequests(
          ctx,
          open.filter((r) => r.pending.length > 0).map((r) => r.id),
        );
        if (url === undefined) {
          try {
            url = ctx.services.ScriptApp.getService().getUrl() ?? '';
          } catch {
            url = '';
          }
        }
      }
      const me = normalizeEmail(email);
      for (const i of items) {
        const row = rows.get(i.id);
        const def = row ? versions.get(row.workflowId, row.version)?.definition : undefined;
        const extra: DigestExtra = {};
        if (i.dueAt !== null)
          extra.due = `${formatWhen(i.dueAt, def?.calendar?.timeZone ?? 'Etc/UTC', zone)} (${lateness(i.dueAt, ctx.now())})`;
        const req = requests?.get(i.id);
        const a = req && !(req instanceof Error) ? req.approval : null;
        if (i.why === 'approval' && a && url && a.pending.includes(me)) {
          const ttlDays = approvalSettings(ctx.services, row?.workflowId ?? '').linkTtlDays;
          const links = {} as Record<LinkAction, string>;
          for (const action of LINK_ACTIONS) {
            const target = { requestId: i.id, stepId: a.stepId, round: a.round, approver: me };
            links[action] = actionUrl(url, signToken(ctx.services, { ...target, recipient: me, action, now: ctx.now(), ttlDays }));
          }
          extra.links = links;
        }
        out.set(i.id, extra);
      }
      return out;
    },
  };
}
