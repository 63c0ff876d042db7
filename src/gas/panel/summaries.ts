import { stateById, type Definition, type PublishedVersion } from '../../core';
import type { AppContext } from '../context';
import { READABLE_REQUEST_COLUMNS, REQUESTS } from '../sheet/tabs';
import { cellInt, cellText, cellTime, type CellValue } from '../sheet/values';
import { ConfigStore } from '../store/config';

/** The readable columns of the Requests tab (never the JSON): what lists need. */
export const LIST_COLUMNS = READABLE_REQUEST_COLUMNS;

export interface RequestSummary {
  id: string;
  workflowId: string;
  workflowName: string;
  version: number;
  revision: number;
  state: string;
  stateLabel: string;
  stateKind: string;
  assignee: string;
  requester: string;
  pendingApprovers: string[];
  slaDue: number | null;
  overdue: boolean;
  created: number | null;
  updated: number | null;
  channel: string;
  summary: string;
  row: number;
}

/** Published definitions by "workflow@version", and the latest per workflow. One read of Config. */
export class Definitions {
  readonly byKey = new Map<string, PublishedVersion>();
  readonly latest = new Map<string, PublishedVersion>();
  constructor(ctx: AppContext) {
    for (const v of new ConfigStore(ctx).versions()) {
      if (v.status !== 'published') continue;
      const pv: PublishedVersion = {
        workflowId: v.workflowId,
        version: v.version,
        hash: v.hash,
        publishedAt: v.publishedAt,
        publishedBy: v.publishedBy,
        definition: v.definition,
      };
      this.byKey.set(`${v.workflowId}@${v.version}`, pv);
      const cur = this.latest.get(v.workflowId);
      if (!cur || cur.version < v.version) this.latest.set(v.workflowId, pv);
    }
  }
  def(workflowId: string, version: number): Definition | undefined {
    return (this.byKey.get(`${workflowId}@${version}`) ?? this.latest.get(workflowId))?.definition;
  }
}

export function summarize(rec: Record<string, CellValue>, row: number, defs: Definitions, now: number): RequestSummary {
  const workflowId = cellText(rec.Workflow);
  const version = cellInt(rec.Version) ?? 0;
  const def = defs.def(workflowId, version);
  const state = cellText(rec.State);
  const st = def ? stateById(def, state) : undefined;
  const due = cellTime(rec['SLA due']);
  const terminal = st?.kind === 'terminal';
  return {
    id: cellText(rec.ID),
    workflowId,
    workflowName: def?.name ?? workflowId,
    version,
    revision: cellInt(rec.Revision) ?? 0,
    state,
    stateLabel: st?.label ?? state,
    stateKind: st?.kind ?? '',
    assignee: cellText(rec.Assignee),
    requester: cellText(rec.Requester),
    pendingApprovers: cellText(rec['Pending approvers'])
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    slaDue: due,
    overdue: !terminal && due !== null && due < now,
    created: cellTime(rec.Created),
    updated: cellTime(rec.Updated),
    channel: cellText(rec.Channel),
    summary: cellText(rec.Summary),
    row,
  };
}

/** The readable columns of rows first..first+count-1 (one read). */
export function readSummaries(ctx: AppContext, first: number, count: number, defs: Definitions): RequestSummary[] {
  if (count <= 0) return [];
  const table = ctx.table(REQUESTS);
  const now = ctx.now();
  return table
    .readColumns(LIST_COLUMNS, first, count)
    .map((rec, i) => summarize(rec, first + i, defs, now))
    .filter((s) => s.id !== '');
}
