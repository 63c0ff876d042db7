import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import { createDraft, type DraftHost, draftsOf, type LocalGmailDraft } from './drafts';
import { sendRequest } from './mail-app';
import { searchMatches } from './search';
import type { MailMessage, MailStore } from './store';

type GA = GoogleAppsScript.Gmail.GmailApp;
type GM = GoogleAppsScript.Gmail.GmailMessage;
type GT = GoogleAppsScript.Gmail.GmailThread;

export const MISSING_ACCESS_TOKEN =
  "Access denied: : Missing access token for per message scope authorization. Use 'GmailApp.setCurrentMessageAccessToken(string)' method to set an access token before calling this method.";

/** Per-message access tokens a Gmail add-on receives in its event (e.gmail.accessToken). */
export class AccessTokens {
  private byToken = new Map<string, string>();
  private setInExecution = new Map<number, Set<string>>();
  private n = 0;

  issue(messageId: string): string {
    const t = `local-gmail-access-${++this.n}-${messageId}`;
    this.byToken.set(t, messageId);
    return t;
  }

  set(executionId: number, token: string): void {
    if (!this.byToken.has(token)) throw gasError('Invalid argument: accessToken');
    let s = this.setInExecution.get(executionId);
    if (!s) this.setInExecution.set(executionId, (s = new Set()));
    s.add(token);
  }

  grants(executionId: number, messageId: string): boolean {
    for (const t of this.setInExecution.get(executionId) ?? []) if (this.byToken.get(t) === messageId) return true;
    return false;
  }
}

export class LocalGmailMessage
  implements
    Pick<GM, 'getId' | 'getSubject' | 'getFrom' | 'getTo' | 'getCc' | 'getBcc' | 'getReplyTo' | 'getBody' | 'getPlainBody' | 'isUnread'>
{
  constructor(
    private readonly app: LocalGmailApp,
    readonly msg: MailMessage,
  ) {}
  private m(method: string): void {
    this.app.kernel.call('GmailMessage', method);
  }
  getId(): string {
    this.m('getId');
    return this.msg.id;
  }
  getSubject(): string {
    this.m('getSubject');
    return this.msg.subject;
  }
  getFrom(): string {
    this.m('getFrom');
    return this.msg.fromHeader;
  }
  getTo(): string {
    this.m('getTo');
    return this.msg.to.join(', ');
  }
  getCc(): string {
    this.m('getCc');
    return this.msg.cc.join(', ');
  }
  getBcc(): string {
    this.m('getBcc');
    return this.msg.bcc.join(', ');
  }
  getReplyTo(): string {
    this.m('getReplyTo');
    return this.msg.replyTo;
  }
  /** The HTML body; a plain-text message's text (Gmail serves it with line breaks as <br>). */
  getBody(): string {
    this.m('getBody');
    return this.msg.htmlBody ?? this.msg.body.replace(/\n/g, '<br>');
  }
  getPlainBody(): string {
    this.m('getPlainBody');
    return this.msg.body;
  }
  getDate(): GoogleAppsScript.Base.Date {
    this.m('getDate');
    return new Date(this.msg.date);
  }
  isDraft(): boolean {
    this.m('isDraft');
    return this.msg.folder === 'drafts';
  }
  isInInbox(): boolean {
    this.m('isInInbox');
    return this.msg.folder === 'inbox';
  }
  isUnread(): boolean {
    this.m('isUnread');
    return this.msg.unread;
  }
  markRead(): GM {
    this.m('markRead');
    this.msg.unread = false;
    return this as unknown as GM;
  }
  markUnread(): GM {
    this.m('markUnread');
    this.msg.unread = true;
    return this as unknown as GM;
  }
  getThread(): GT {
    this.m('getThread');
    return this.app.thread(this.msg.mailbox, this.msg.threadId);
  }
  getAttachments(): GoogleAppsScript.Gmail.GmailAttachment[] {
    this.m('getAttachments');
    return [];
  }
  /** A few headers only: From, To, Cc, Subject, Reply-To, Date. */
  getHeader(name: string): string {
    this.m('getHeader');
    const h: Record<string, string> = {
      from: this.msg.fromHeader,
      to: this.msg.to.join(', '),
      cc: this.msg.cc.join(', '),
      subject: this.msg.subject,
      'reply-to': this.msg.replyTo,
      date: new Date(this.msg.date).toUTCString(),
    };
    return h[String(name).toLowerCase()] ?? '';
  }
}

export class LocalGmailThread implements Pick<GT, 'getId' | 'getFirstMessageSubject' | 'getMessageCount'> {
  constructor(
    private readonly app: LocalGmailApp,
    readonly mailbox: string,
    readonly id: string,
  ) {}
  private msgs(): MailMessage[] {
    return this.app.store.messages.filter((m) => m.mailbox === this.mailbox && m.threadId === this.id);
  }
  getId(): string {
    this.app.kernel.call('GmailThread', 'getId');
    return this.id;
  }
  getFirstMessageSubject(): string {
    this.app.kernel.call('GmailThread', 'getFirstMessageSubject');
    return this.msgs()[0]?.subject ?? '';
  }
  getMessageCount(): number {
    this.app.kernel.call('GmailThread', 'getMessageCount');
    return this.msgs().length;
  }
  getMessages(): GM[] {
    this.app.kernel.call('GmailThread', 'getMessages');
    return this.msgs().map((m) => new LocalGmailMessage(this.app, m) as unknown as GM);
  }
  getLastMessageDate(): GoogleAppsScript.Base.Date {
    this.app.kernel.call('GmailThread', 'getLastMessageDate');
    return new Date(Math.max(...this.msgs().map((m) => m.date)));
  }
  isUnread(): boolean {
    this.app.kernel.call('GmailThread', 'isUnread');
    return this.msgs().some((m) => m.unread);
  }
  isInInbox(): boolean {
    this.app.kernel.call('GmailThread', 'isInInbox');
    return this.msgs().some((m) => m.folder === 'inbox');
  }
  markRead(): GT {
    this.app.kernel.call('GmailThread', 'markRead');
    for (const m of this.msgs()) m.unread = false;
    return this as unknown as GT;
  }
  markUnread(): GT {
    this.app.kernel.call('GmailThread', 'markUnread');
    for (const m of this.msgs()) m.unread = true;
    return this as unknown as GT;
  }
  getPermalink(): string {
    this.app.kernel.call('GmailThread', 'getPermalink');
    return `https://mail.google.com/mail/#all/${this.id}`;
  }
}

/** The GmailApp global: sending, and the current user's mailbox (enough for a Gmail add-on). */
export class LocalGmailApp implements Pick<GA, 'getAliases' | 'getInboxUnreadCount'> {
  constructor(
    readonly kernel: Kernel,
    readonly store: MailStore,
    private readonly tokens: AccessTokens,
  ) {}

  private user(): string {
    return this.kernel.executions.current().effectiveUser.toLowerCase();
  }

  thread(mailbox: string, id: string): GT {
    return new LocalGmailThread(this, mailbox, id) as unknown as GT;
  }

  sendEmail(recipient: string, subject: string, body: string, options?: GoogleAppsScript.Gmail.GmailAdvancedOptions): GA {
    this.kernel.call('GmailApp', 'sendEmail');
    this.store.send(sendRequest('GmailApp', options === undefined ? [recipient, subject, body] : [recipient, subject, body, options]));
    return this as unknown as GA;
  }

  setCurrentMessageAccessToken(accessToken: string): void {
    this.kernel.call('GmailApp', 'setCurrentMessageAccessToken');
    this.tokens.set(this.kernel.executions.current().id, String(accessToken));
  }

  /**
   * A message of the current user's mailbox. In a Gmail add-on execution (kind 'addon-card') the message's
   * access token must have been set first, as with the gmail.addons.current.message.* scopes.
   */
  getMessageById(id: string): GM {
    this.kernel.call('GmailApp', 'getMessageById');
    const exec = this.kernel.executions.current();
    if (exec.kind === 'addon-card' && !this.tokens.grants(exec.id, String(id))) throw gasError(MISSING_ACCESS_TOKEN);
    const msg = this.store.find(this.user(), String(id));
    if (!msg) throw gasError('Invalid argument: id');
    return new LocalGmailMessage(this, msg) as unknown as GM;
  }

  getThreadById(id: string): GT {
    this.kernel.call('GmailApp', 'getThreadById');
    const any = this.store.messages.some((m) => m.mailbox === this.user() && m.threadId === id);
    return (any ? this.thread(this.user(), id) : null) as GT;
  }

  getInboxThreads(start = 0, max = 500): GT[] {
    this.kernel.call('GmailApp', 'getInboxThreads');
    const ids = [
      ...new Set(
        this.store
          .inbox(this.user())
          .sort((a, b) => b.date - a.date)
          .map((m) => m.threadId),
      ),
    ];
    return ids.slice(start, start + max).map((t) => this.thread(this.user(), t));
  }

  getInboxUnreadCount(): number {
    this.kernel.call('GmailApp', 'getInboxUnreadCount');
    return new Set(
      this.store
        .inbox(this.user())
        .filter((m) => m.unread)
        .map((m) => m.threadId),
    ).size;
  }

  /**
   * Gmail search over the current user's mailbox (search.ts): `from:`, `to:`, `subject:`, `is:unread/read/draft`,
   * `in:inbox/sent/drafts`, `has:attachment`, `newer_than:`/`older_than:` (d, m, y), `after:`/`before:` (yyyy/mm/dd),
   * `-term`, and bare words (in subject or body), all AND-ed. Threads newest first, paged by start and max.
   */
  search(query: string, start = 0, max = 500): GT[] {
    this.kernel.call('GmailApp', 'search');
    const now = this.kernel.clock.now();
    const hits = this.store.messages.filter((m) => m.mailbox === this.user() && searchMatches(m, String(query), now));
    const ids = [...new Set(hits.sort((a, b) => b.date - a.date).map((m) => m.threadId))];
    return ids.slice(start, start + max).map((t) => this.thread(this.user(), t));
  }

  // ---- drafts (drafts.ts) ------------------------------------------------------------------------------------
  private host(): DraftHost {
    return { kernel: this.kernel, store: this.store, message: (m) => new LocalGmailMessage(this, m) as unknown as GM };
  }
  createDraft(recipient: string, subject: string, body: string, options?: GoogleAppsScript.Gmail.GmailAdvancedOptions): LocalGmailDraft {
    this.kernel.call('GmailApp', 'createDraft');
    return createDraft(this.host(), options === undefined ? [recipient, subject, body] : [recipient, subject, body, options]);
  }
  getDrafts(): LocalGmailDraft[] {
    this.kernel.call('GmailApp', 'getDrafts');
    return draftsOf(this.host(), this.user());
  }
  /** "Throws Error — if no draft with the given ID can be found" (the text is ours). */
  getDraft(draftId: string): LocalGmailDraft {
    this.kernel.call('GmailApp', 'getDraft');
    const d = draftsOf(this.host(), this.user()).find((x) => x.getId() === String(draftId));
    if (!d) throw gasError('No draft with the given ID could be found.');
    return d;
  }
  getDraftMessages(): GM[] {
    this.kernel.call('GmailApp', 'getDraftMessages');
    return draftsOf(this.host(), this.user()).map((d) => d.getMessage());
  }

  getAliases(): string[] {
    this.kernel.call('GmailApp', 'getAliases');
    return [];
  }
}
