/**
 * The Gmail add-on card. The contextual trigger is unconditional (Gmail allows nothing else), so
 * onGmailMessageOpen decides from the subject alone — "[PR-000123] … approval needed", read with the
 * gmail.addons.current.message.metadata scope (subject and sender, never the body) — whether the open message is
 * a Handoff approval, and returns no card otherwise.
 *
 * The card runs as the Gmail user, who usually has no access to the governed spreadsheet, so it never opens it: it
 * asks the web app (running as the deployer) with UrlFetchApp, proving each call with a short-lived card token
 * signed with the approval-link key and bound to the request, step, round, approver, the signed-in Gmail user and
 * the action (approvals/card-token.ts). The web app reads the request (only for people involved with it, so a
 * look-alike email shows nothing or the real request) and applies the decision with the same checks as the
 * approval links, recording the method `gmail_addon`.
 */
import { normalizeEmail, parseRequestId, type Decision } from '../../core';
import type { Services } from '../services';
import type { CardApiResult, CardView } from '../approvals/card-api';
import { signCardToken, type CardOp } from '../approvals/card-token';
import { DECISION_VERB, formatWhen, whenZone } from '../approvals/summary';
import { APPROVAL_SUBJECT_SUFFIX } from '../mail/approval-email';
import { esc } from '../webapp/html';

export type CardServices = Pick<
  Services,
  'CardService' | 'GmailApp' | 'Session' | 'PropertiesService' | 'Utilities' | 'ScriptApp' | 'UrlFetchApp'
>;
type Card = GoogleAppsScript.Card_Service.Card;

/**
 * Where the card calls the web app: the script property HANDOFF_CARD_API_URL when an administrator set one (a
 * second deployment with access "Anyone", see docs/deploy.md), else this script's web app URL.
 */
export const CARD_API_URL_PROPERTY = 'HANDOFF_CARD_API_URL';

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

function webAppUrl(s: CardServices): string {
  try {
    const custom = s.PropertiesService.getScriptProperties().getProperty(CARD_API_URL_PROPERTY);
    if (custom && /^https:\/\//.test(custom)) return custom;
  } catch {
    /* fall back to the deployment URL */
  }
  try {
    return s.ScriptApp.getService().getUrl() ?? '';
  } catch {
    return '';
  }
}

type Failure = Extract<CardApiResult, { ok: false }>;

/** One call to the web app's card API, as the Gmail user. Never throws: a failure comes back as a message. */
export function callCardApi(
  s: CardServices,
  sign: { requestId: string; user: string; op: CardOp; stepId?: string; round?: number; approver?: string; now: number },
  comment = '',
  /** The request's row as the web app last reported it (CardView.row): sent as the hint `r`, checked on read. */
  row: number | null = null,
): CardApiResult {
  const unreachable = (message: string): Failure => ({ ok: false, code: 'error', message });
  const url = webAppUrl(s);
  if (!url)
    return unreachable(
      'The Handoff web app is not deployed, so the card cannot reach Handoff. Ask your Handoff administrator (Deploy > New deployment > Web app).',
    );
  const token = signCardToken(s, sign);
  if (!token) return unreachable('Approvals are not set up on this Handoff yet. Ask your Handoff administrator to run Set up.');
  let res: GoogleAppsScript.URL_Fetch.HTTPResponse;
  try {
    res = s.UrlFetchApp.fetch(`${url}${url.includes('?') ? '&' : '?'}api=card`, {
      method: 'post',
      payload: row ? { t: token, comment, r: String(row) } : { t: token, comment },
      muteHttpExceptions: true,
      followRedirects: true,
    });
  } catch (e) {
    return unreachable(
      `The card could not reach the Handoff web app (${String((e as Error)?.message ?? e).slice(0, 200)}). Nothing was changed.`,
    );
  }
  const code = res.getResponseCode();
  const text = res.getContentText();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (code === 200 && body && typeof body === 'object' && typeof (body as { ok?: unknown }).ok === 'boolean') return body as CardApiResult;
  if (/sign in/i.test(text)) {
    return unreachable(
      'The Handoff web app asked for a Google sign-in, which the card cannot give. Its deployment must allow access to "Anyone" (see the deploy guide: the Gmail card). Nothing was changed.',
    );
  }
  return unreachable(`The Handoff web app did not answer as expected (HTTP ${code}). Nothing was changed. Ask your Handoff administrator.`);
}

const NO_USER = 'Handoff cannot see which account you are signed in with, so it cannot show or take a decision here.';

/** Contextual trigger: the card for an approval email, or no card. */
export function gmailMessageCards(s: CardServices, e: GmailEvent | undefined, now: number = Date.now()): Card[] {
  const requestId = approvalRequestId(openMessageSubject(s, e));
  if (!requestId) return [];
  const me = user(s);
  if (!me) return [noticeCard(s, requestId, NO_USER)];
  const r = callCardApi(s, { requestId, user: me, op: 'view', now });
  if (!r.ok) return [noticeCard(s, requestId, r.message)];
  return [viewCard(s, r.view)];
}

/** The card for what the web app returned. Every text is escaped (CardService renders a little HTML). */
export function viewCard(s: CardServices, v: CardView, notice?: string): Card {
  const C = s.CardService;
  const sum = v.summary;
  const card = C.newCardBuilder()
    .setName(`handoff-${sum.requestId}`)
    .setHeader(
      C.newCardHeader()
        .setTitle(esc(`${sum.requestId} · ${sum.workflowName}`))
        .setSubtitle(esc(sum.step ? `Step ${sum.step.number} of ${sum.step.of}: ${sum.step.label}` : sum.stateLabel)),
    );
  const info = C.newCardSection();
  if (notice) info.addWidget(C.newTextParagraph().setText(`<b>${esc(notice)}</b>`));
  info.addWidget(C.newDecoratedText().setTopLabel('Requested by').setText(esc(sum.requesterName)).setWrapText(true));
  info.addWidget(C.newDecoratedText().setTopLabel('Status').setText(esc(sum.stateLabel)).setWrapText(true));
  // dueText comes formatted (with Utilities) from the web app; a card API deployment older than dueText sends only
  // dueAt, formatted here with this script's Utilities.
  const due = sum.dueText ?? (sum.dueAt ? formatWhen(sum.dueAt, sum.timeZone, whenZone(s.Utilities)) : null);
  if (due) info.addWidget(C.newDecoratedText().setTopLabel('Due').setText(esc(due)).setWrapText(true));
  for (const f of sum.fields) info.addWidget(C.newDecoratedText().setTopLabel(esc(f.label)).setText(esc(f.value)).setWrapText(true));
  card.addSection(info);
  const d = v.decide;
  if (!d) {
    card.addSection(C.newCardSection().addWidget(C.newTextParagraph().setText(esc(v.note ?? 'Nothing is waiting for your decision.'))));
    return card.build();
  }
  const section = C.newCardSection().setHeader(d.onBehalfOf ? esc(`Your decision, on behalf of ${d.onBehalfOf}`) : 'Your decision');
  const needs = d.commentRequiredFor.filter((x) => x !== 'approve');
  section.addWidget(
    C.newTextInput()
      .setFieldName('comment')
      .setTitle('Comment')
      .setMultiline(true)
      .setHint(needs.length ? `Required to ${needs.map((x) => DECISION_VERB[x].toLowerCase()).join(' or ')}` : 'Optional'),
  );
  const set = C.newButtonSet();
  for (const decision of ['approve', 'reject', 'request_changes'] as Decision[]) {
    const action = C.newAction()
      .setFunctionName(CARD_DECIDE_FUNCTION)
      .setParameters({
        requestId: sum.requestId,
        stepId: d.stepId,
        round: String(d.round),
        approver: d.approver,
        decision,
        ...(v.row ? { row: String(v.row) } : {}),
      });
    set.addButton(C.newTextButton().setText(DECISION_VERB[decision]).setOnClickAction(action));
  }
  section.addWidget(set);
  card.addSection(section);
  return card.build();
}

function noticeCard(s: CardServices, title: string, message: string): Card {
  const C = s.CardService;
  return C.newCardBuilder()
    .setHeader(C.newCardHeader().setTitle(esc(title)))
    .addSection(C.newCardSection().addWidget(C.newTextParagraph().setText(esc(message))))
    .build();
}

const DECISIONS: readonly string[] = ['approve', 'reject', 'request_changes'];

/**
 * Card button callback, as the signed-in Gmail user: sends the decision to the web app with a token bound to this
 * request, step, round, approver, the Gmail user and the action, then shows the outcome (a notification, and the
 * card updated from the web app's answer). The card itself writes nothing.
 */
export function cardDecide(
  s: CardServices,
  e: GmailEvent | undefined,
  now: number = Date.now(),
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
  if (!p.requestId || !p.stepId || !p.approver || !Number.isInteger(round) || !DECISIONS.includes(String(p.decision)))
    return respond('This card is out of date. Open the email again.');
  const me = user(s);
  if (!me) return respond(NO_USER);
  const row = Number(p.row);
  const r = callCardApi(
    s,
    { requestId: p.requestId, user: me, op: p.decision as Decision, stepId: p.stepId, round, approver: normalizeEmail(p.approver), now },
    comment,
    Number.isInteger(row) && row >= 2 ? row : null,
  );
  if (r.ok) return respond(r.message ?? 'Done.', viewCard(s, r.view, r.message ?? undefined));
  return respond(r.message, r.view ? viewCard(s, r.view, r.message) : undefined);
}
