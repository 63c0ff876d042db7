/**
 * The Gmail add-on card. The contextual trigger is unconditional (Gmail allows nothing else), so
 * onGmailMessageOpen decides from the subject alone — "[PR-000123] … approval needed", read with the
 * gmail.addons.current.message.metadata scope (subject and sender, never the body) — whether the open message is
 * a Handoff approval, and returns no card otherwise. The request itself is read from the governed Sheet, not from
 * the message, so a look-alike email can only ever show the real request.
 * Decisions are checked as the signed-in Gmail user (Session.getActiveUser()) and recorded through the web app (cardDecide).
 */
import { activeDelegate, normalizeEmail, parseRequestId, type Decision } from '../../core';
import type { Services } from '../services';
import type { ApprovalBackend } from '../approvals/backend';
import { linkStanding, type LinkTarget } from '../approvals/check';
import { commentRequired, identify } from '../approvals/decide';
import { summarize, DECISION_VERB, formatWhen } from '../approvals/summary';
import { signToken } from '../approvals/token';
import { actionUrl, APPROVAL_SUBJECT_SUFFIX } from '../mail/approval-email';
import { esc } from '../webapp/html';

type CardServices = Pick<Services, 'CardService' | 'GmailApp' | 'Session'>;
type Card = GoogleAppsScript.Card_Service.Card;

/** The card button callback (an export of src/main.ts). */
export const CARD_DECIDE_FUNCTION = 'handoffCardDecide';

const SUBJECT = /^\s*(?:(?:re|fw|fwd)\s*:\s*)*\[([A-Z][A-Z0-9]{0,5}-\d{6,})\]\s.*:\s*approval needed\s*$/i;

/** The request id when the subject is a Handoff approval email's, else null. Cheap: no service call. */
export function approvalRequestId(subject: string | null | undefined): string | null {
  const m = SUBJECT.exec(String(subject ?? ''));
  if (!m || !String(subject).toLowerCase().includes(APPROVAL_SUBJECT_SUFFIX)) return null;
  const id = (m[1] as string).toUpperCase();
  return parseRequestId(id) ? id : null;
}

/** Gmail contextual-trigger event (the parts we read). */
export interface GmailEvent {
  gmail?: { messageId?: string; accessToken?: string; threadId?: string };
  messageMetadata?: { messageId?: string; accessToken?: string };
  commonEventObject?: { parameters?: Record<string, string>; formInputs?: Record<string, { stringInputs?: { value?: string[] } }> };
  parameters?: Record<string, string>;
  formInput?: Record<string, string>;
}

function user(s: CardServices): string {
  try {
    return normalizeEmail(s.Session.getActiveUser().getEmail() ?? '');
  } catch {
    return '';
  }
}

/** The subject of the open message (metadata scope). Null when it cannot be read. */
export function openMessageSubject(s: CardServices, e: GmailEvent | undefined): string | null {
  const id = e?.gmail?.messageId ?? e?.messageMetadata?.messageId;
  const token = e?.gmail?.accessToken ?? e?.messageMetadata?.accessToken;
  if (!id) return null;
  try {
    if (token) s.GmailApp.setCurrentMessageAccessToken(token);
    return s.GmailApp.getMessageById(id).getSubject();
  } catch {
    return null;
  }
}

/** Which pending approver the signed-in user decides for at this step: themself, or an away approver they stand in for. */
function approverFor(backend: ApprovalBackend, pending: readonly string[], me: string, now: number): string | null {
  if (pending.some((p) => normalizeEmail(p) === me)) return me;
  const dir = backend.directory();
  return pending.find((p) => activeDelegate(dir, p, now) === me) ?? null;
}

function nameFrom(backend: ApprovalBackend): (email: string) => string {
  return (email) => {
    try {
      return backend.directory().get(email)?.name || email;
    } catch {
      return email;
    }
  };
}

/** Contextual trigger: the card for an approval email, or no card. */
export function gmailMessageCards(s: CardServices, lazyBackend: () => ApprovalBackend, e: GmailEvent | undefined): Card[] {
  const requestId = approvalRequestId(openMessageSubject(s, e));
  if (!requestId) return [];
  try {
    return [requestCard(s, lazyBackend(), requestId)];
  } catch (err) {
    return [noticeCard(s, 'Handoff', `Handoff could not load ${requestId}: ${(err as Error)?.message ?? String(err)}`)];
  }
}

export function requestCard(s: CardServices, backend: ApprovalBackend, requestId: string, notice?: string): Card {
  const C = s.CardService;
  const nameOf = nameFrom(backend);
  const loaded = backend.load(requestId);
  if (!loaded) return noticeCard(s, requestId, `There is no request ${requestId}. It may have been removed.`);
  const { request, version } = loaded;
  const sum = summarize(request, version, nameOf);
  const me = user(s);
  const card = C.newCardBuilder().setName(`handoff-${request.id}`).setHeader(
    C.newCardHeader().setTitle(esc(`${sum.requestId} · ${sum.workflowName}`)).setSubtitle(esc(sum.step ? `Step ${sum.step.number} of ${sum.step.of}: ${sum.step.label}` : sum.stateLabel)),
  );
  const info = C.newCardSection();
  if (notice) info.addWidget(C.newTextParagraph().setText(`<b>${esc(notice)}</b>`));
  info.addWidget(C.newDecoratedText().setTopLabel('Requested by').setText(esc(sum.requesterName)).setWrapText(true));
  if (sum.dueAt) info.addWidget(C.newDecoratedText().setTopLabel('Due').setText(esc(formatWhen(sum.dueAt, sum.timeZone))).setWrapText(true));
  for (const f of sum.fields) info.addWidget(C.newDecoratedText().setTopLabel(esc(f.label)).setText(esc(f.value)).setWrapText(true));
  card.addSection(info);

  const a = request.approval;
  const approver = a && a.state === request.state && me ? approverFor(backend, a.pending, me, backend.now()) : null;
  if (!me) {
    card.addSection(C.newCardSection().addWidget(C.newTextParagraph().setText('Handoff cannot see which account you are signed in with, so it cannot take a decision here.')));
    return card.build();
  }
  if (!a || !approver) {
    let msg = `Nothing is waiting for your decision on ${request.id} (it is now: ${sum.stateLabel}).`;
    if (a) {
      const st = linkStanding({ requestId: request.id, stepId: a.stepId, round: a.round, approver: me }, loaded, () => backend.auditOf(request.id), nameOf);
      if (st.kind === 'decided') msg = st.message;
    }
    card.addSection(C.newCardSection().addWidget(C.newTextParagraph().setText(esc(msg))));
    return card.build();
  }
  const target: LinkTarget = { requestId: request.id, stepId: a.stepId, round: a.round, approver };
  const decideSection = C.newCardSection().setHeader(approver === me ? 'Your decision' : esc(`Your decision, on behalf of ${nameOf(approver)}`));
  const needs = (['reject', 'request_changes'] as Decision[]).filter((d) => commentRequired({ kind: 'open', request, version }, d));
  decideSection.addWidget(
    C.newTextInput().setFieldName('comment').setTitle('Comment').setMultiline(true)
      .setHint(needs.length ? `Required to ${needs.map((d) => DECISION_VERB[d].toLowerCase()).join(' or ')}` : 'Optional'),
  );
  const set = C.newButtonSet();
  for (const d of ['approve', 'reject', 'request_changes'] as Decision[]) {
    const action = C.newAction().setFunctionName(CARD_DECIDE_FUNCTION).setParameters({ requestId: target.requestId, stepId: target.stepId, round: String(target.round), approver: target.approver, decision: d });
    set.addButton(C.newTextButton().setText(DECISION_VERB[d]).setOnClickAction(action));
  }
  decideSection.addWidget(set);
  card.addSection(decideSection);
  return card.build();
}

function noticeCard(s: CardServices, title: string, message: string): Card {
  const C = s.CardService;
  return C.newCardBuilder().setHeader(C.newCardHeader().setTitle(esc(title))).addSection(C.newCardSection().addWidget(C.newTextParagraph().setText(esc(message)))).build();
}

const DECISIONS: readonly string[] = ['approve', 'reject', 'request_changes'];

/**
 * Card button callback. A Gmail add-on runs as the signed-in user, and the governed tabs are protected (owner and
 * admins only), so the card cannot write the decision itself (an attempt would also leave a write-ahead journal
 * that the next locked operation would replay). The callback therefore does every check as the signed-in Gmail
 * user — identity (approver or active delegate), the step still open, the comment rule — and then opens the web
 * app's confirmation page (run as the deployer) with a link signed for that user, valid one day, comment
 * pre-filled. One press there records the decision; the card refreshes when the page is closed.
 */
export function cardDecide(
  s: CardServices & Pick<Services, 'PropertiesService' | 'Utilities' | 'LockService' | 'ScriptApp'>,
  backend: ApprovalBackend,
  e: GmailEvent | undefined,
): GoogleAppsScript.Card_Service.ActionResponse {
  const C = s.CardService;
  const p = e?.commonEventObject?.parameters ?? e?.parameters ?? {};
  const comment = (e?.commonEventObject?.formInputs?.comment?.stringInputs?.value?.[0] ?? e?.formInput?.comment ?? '').trim();
  const respond = (text: string, card?: Card) => {
    const r = C.newActionResponseBuilder().setNotification(C.newNotification().setText(text));
    if (card) r.setNavigation(C.newNavigation().updateCard(card));
    return r.build();
  };
  const round = Number(p.round);
  if (!p.requestId || !p.stepId || !p.approver || !Number.isInteger(round) || !DECISIONS.includes(String(p.decision))) return respond('This card is out of date. Open the email again.');
  const me = user(s);
  const decision = p.decision as Decision;
  const nameOf = nameFrom(backend);
  const target: LinkTarget = { requestId: p.requestId, stepId: p.stepId, round, approver: normalizeEmail(p.approver) };
  const standing = linkStanding(target, backend.load(target.requestId), () => backend.auditOf(target.requestId), nameOf);
  if (standing.kind === 'not_found') return respond(standing.message);
  if (standing.kind !== 'open') return respond(standing.message, requestCard(s, backend, target.requestId, standing.message));
  const who = identify(backend, { target, recipient: me, sessionEmail: me, withoutSession: 'refuse', sessionMethod: 'gmail_addon', nameOf }, backend.now());
  if (!who.ok) return respond(who.message);
  if (!comment && commentRequired(standing, decision)) return respond(`A comment is required to ${DECISION_VERB[decision].toLowerCase()}. Type it in the card, then press the button again.`);
  let url = '';
  try {
    url = s.ScriptApp.getService().getUrl() ?? '';
  } catch {
    url = '';
  }
  if (!url) return respond('The Handoff web app is not deployed, so the decision cannot be recorded yet. Ask your Handoff administrator.');
  const token = signToken(s, { ...target, recipient: me, action: decision, now: backend.now(), ttlDays: 1 });
  const link = actionUrl(url, token) + (comment ? `&c=${encodeURIComponent(comment.slice(0, 1500))}` : '');
  return C.newActionResponseBuilder()
    .setNotification(C.newNotification().setText(`Confirm "${DECISION_VERB[decision]}" on the page that opens.`))
    .setOpenLink(C.newOpenLink().setUrl(link).setOpenAs(C.OpenAs.OVERLAY).setOnClose(C.OnClose.RELOAD))
    .build();
}
