/**
 * Gmail drafts: GmailApp.createDraft / getDrafts / getDraft / getDraftMessages and GmailDraft (getId, getMessage,
 * getMessageId, update, send, deleteDraft). A draft lives in the current user's mailbox; sending it goes through
 * the same path (and quota) as GmailApp.sendEmail and removes the draft.
 */
import { gasError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import { sendRequest } from './mail-app';
import type { MailMessage, MailStore } from './store';

/** What a draft needs from GmailApp (given by gmail-app.ts, which imports this file: no import back). */
export interface DraftHost {
  readonly kernel: Kernel;
  readonly store: MailStore;
  message(m: MailMessage): GoogleAppsScript.Gmail.GmailMessage;
}

type GD = GoogleAppsScript.Gmail.GmailDraft;

export class LocalGmailDraft implements Pick<GD, 'getId' | 'getMessageId' | 'deleteDraft'> {
  constructor(
    private readonly app: DraftHost,
    private msg: MailMessage,
  ) {}

  private m(method: string): void {
    this.app.kernel.call('GmailDraft', method);
  }

  /** The stored draft, or Apps Script's error when it was sent or deleted meanwhile. */
  private live(): MailMessage {
    const d = this.app.store.drafts(this.msg.mailbox).find((x) => x.draftId === this.msg.draftId);
    if (!d) throw gasError('No draft with the given ID could be found.');
    this.msg = d;
    return d;
  }

  getId(): string {
    this.m('getId');
    return this.msg.draftId!;
  }

  getMessageId(): string {
    this.m('getMessageId');
    return this.live().id;
  }

  getMessage(): GoogleAppsScript.Gmail.GmailMessage {
    this.m('getMessage');
    return this.app.message(this.live());
  }

  update(recipient: string, subject: string, body: string, options?: GoogleAppsScript.Gmail.GmailAdvancedOptions): LocalGmailDraft {
    this.m('update');
    const req = sendRequest('GmailApp', options === undefined ? [recipient, subject, body] : [recipient, subject, body, options]);
    this.msg = this.app.store.saveDraft(req, this.live());
    return this;
  }

  /** "Sends this draft email message": the newly sent message; the draft is gone. */
  send(): GoogleAppsScript.Gmail.GmailMessage {
    this.m('send');
    const d = this.live();
    const sent = this.app.store.send({
      to: d.to,
      cc: d.cc,
      bcc: d.bcc,
      subject: d.subject,
      body: d.body,
      htmlBody: d.htmlBody,
      ...(d.replyTo ? { replyTo: d.replyTo } : {}),
      ...(d.fromHeader.startsWith('"') ? { name: d.fromHeader.slice(1, d.fromHeader.indexOf('"', 1)) } : {}),
      attachments: d.attachments,
      via: 'GmailApp',
    });
    this.app.store.removeDraft(d);
    return this.app.message(sent);
  }

  deleteDraft(): void {
    this.m('deleteDraft');
    this.app.store.removeDraft(this.live());
  }

  toString(): string {
    return 'GmailDraft';
  }
}

export function createDraft(app: DraftHost, args: unknown[]): LocalGmailDraft {
  if (args.length < 3)
    throw gasError(`The parameters (${args.map((a) => typeof a).join(',')}) don't match the method signature for GmailApp.createDraft.`);
  const msg = app.store.saveDraft(sendRequest('GmailApp', args));
  return new LocalGmailDraft(app, msg);
}

export function draftsOf(app: DraftHost, mailbox: string): LocalGmailDraft[] {
  return app.store
    .drafts(mailbox)
    .sort((a, b) => b.date - a.date)
    .map((m) => new LocalGmailDraft(app, m));
}
