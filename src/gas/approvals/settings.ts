import type { Services } from '../services';
import { DEFAULT_LINK_TTL_DAYS } from './token';

/**
 * Approval settings, in script properties (HANDOFF_APPROVAL_SETTINGS, JSON). Per workflow:
 *   signedLinkWithoutSignIn  when the web app cannot see who is signed in (approvers outside the domain),
 *                            may the link holder decide with the link plus the confirming POST? Default true.
 *                            false: such approvers must decide from the Gmail card or the sidebar, signed in.
 *   linkTtlDays              how long approval links stay valid. Default 14.
 *
 *   {"linkTtlDays":14,"signedLinkWithoutSignIn":true,"workflows":{"purchase-approval":{"signedLinkWithoutSignIn":false}}}
 */
export const SETTINGS_PROPERTY = 'HANDOFF_APPROVAL_SETTINGS';

export interface WorkflowApprovalSettings {
  signedLinkWithoutSignIn: boolean;
  linkTtlDays: number;
}

interface Stored {
  linkTtlDays?: number;
  signedLinkWithoutSignIn?: boolean;
  workflows?: Record<string, { linkTtlDays?: number; signedLinkWithoutSignIn?: boolean }>;
}

function read(s: Pick<Services, 'PropertiesService'>): Stored {
  try {
    const raw = s.PropertiesService.getScriptProperties().getProperty(SETTINGS_PROPERTY);
    const v = raw ? (JSON.parse(raw) as Stored) : {};
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

const positive = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined);

export function approvalSettings(s: Pick<Services, 'PropertiesService'>, workflowId: string): WorkflowApprovalSettings {
  const st = read(s);
  const w = st.workflows?.[workflowId] ?? {};
  return {
    signedLinkWithoutSignIn: w.signedLinkWithoutSignIn ?? st.signedLinkWithoutSignIn ?? true,
    linkTtlDays: positive(w.linkTtlDays) ?? positive(st.linkTtlDays) ?? DEFAULT_LINK_TTL_DAYS,
  };
}

/** Set-up / admin: change the settings of one workflow (or the defaults when workflowId is null). */
export function setApprovalSettings(
  s: Pick<Services, 'PropertiesService'>,
  workflowId: string | null,
  patch: Partial<WorkflowApprovalSettings>,
): void {
  const st = read(s);
  if (workflowId === null) Object.assign(st, patch);
  else st.workflows = { ...(st.workflows ?? {}), [workflowId]: { ...(st.workflows?.[workflowId] ?? {}), ...patch } };
  s.PropertiesService.getScriptProperties().setProperty(SETTINGS_PROPERTY, JSON.stringify(st));
}
