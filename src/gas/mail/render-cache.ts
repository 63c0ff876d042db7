/** What one Outbox run's renders share, each read at most once per run. */
import type { AuditEvent, Directory, PublishedVersion, Request } from '../../core';
import type { AppContext } from '../context';
import { readAudit } from '../commands/read';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import type { OutboxRow } from '../store/outbox';
import { approvalSettings, type WorkflowApprovalSettings } from '../approvals/settings';
import { loadRequests } from './request-batch';

export interface RenderCache {
  directory(): Directory;
  version(workflowId: string, v: number): PublishedVersion;
  webAppUrl(): string;
  /** The governed spreadsheet's URL (the "request" link in emails), or null. */
  sheetUrl(): string | null;
  request(id: string): Request;
  /** The request's row when the run read it (approval links carry it as a hint). */
  rowOf?(id: string): number | null;
  settings(workflowId: string): WorkflowApprovalSettings;
  auditFor(requestId: string): AuditEvent[];
}

/**
 * What a run's renders share, each read at most once per run: the requests of the claimed entries (`known`: the
 * ones the timers' first unit read and wrote; the others in one batched read, request-batch.ts), the Directory, the Config versions, the web app and spreadsheet URLs, the approval
 * settings per workflow, and the Audit log (only when a decision email needs a request's trail).
 */
export function renderCache(
  ctx: AppContext,
  claimed: readonly OutboxRow[],
  known?: ReadonlyMap<string, { request: Request; row: number }>,
): RenderCache {
  let dir: Directory | null = null;
  let config: ConfigStore | null = null;
  let url: string | null = null;
  let sheet: string | null | undefined;
  let requests: Map<string, Request | Error> | null = null;
  const rows = new Map<string, number>();
  let audit: Map<string, AuditEvent[]> | null = null;
  const settings = new Map<string, WorkflowApprovalSettings>();
  const versions = new Map<string, PublishedVersion>();
  return {
    directory: () => (dir ??= new DirectoryStore(ctx).directory()),
    version: (w, v) => {
      let got = versions.get(`${w}@${v}`);
      if (!got) versions.set(`${w}@${v}`, (got = (config ??= ConfigStore.forExecution(ctx)).get(w, v)));
      return got;
    },
    webAppUrl: () => {
      if (url === null) {
        try {
          url = ctx.services.ScriptApp.getService().getUrl() ?? '';
        } catch {
          url = '';
        }
      }
      return url;
    },
    sheetUrl: () => {
      if (sheet === undefined) {
        try {
          sheet = ctx.spreadsheet().getUrl();
        } catch {
          sheet = null;
        }
      }
      return sheet;
    },
    request: (id) => {
      if (!requests) {
        // Requests the run's own unit just wrote are known already; only the others are read.
        const ids = claimed.map((r) =>
          r.payload && typeof r.payload === 'object' && typeof r.payload.requestId === 'string' ? r.payload.requestId : '',
        );
        requests = loadRequests(
          ctx,
          ids.filter((i) => !known?.has(i)),
          rows,
        );
        for (const [k, v] of known ?? []) {
          requests.set(k, v.request);
          rows.set(k, v.row);
        }
      }
      const got = requests.get(id) ?? new Error(`request ${id} was not found`);
      if (got instanceof Error) throw got;
      return got;
    },
    rowOf: (id) => rows.get(id) ?? null,
    settings: (w) => {
      let s = settings.get(w);
      if (!s) settings.set(w, (s = approvalSettings(ctx.services, w)));
      return s;
    },
    auditFor: (id) => {
      if (!audit) {
        audit = new Map();
        for (const e of readAudit(ctx)) {
          const list = audit.get(e.event.requestId) ?? [];
          list.push(e.event);
          audit.set(e.event.requestId, list);
        }
      }
      return audit.get(id) ?? [];
    },
  };
}
