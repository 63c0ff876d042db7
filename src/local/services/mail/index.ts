import type { Kernel } from '../../kernel/kernel';
import { AccessTokens, LocalGmailApp } from './gmail-app';
import { LocalMailApp } from './mail-app';
import { MailStore, type MailMessage, type MailState } from './store';

export type { MailMessage, MailState } from './store';
export { DAILY_RECIPIENTS, QUOTA_TIME_ZONE } from './store';

/** Test and playground controls for mail: `ws.mail`. */
export interface MailControls {
  /** Messages delivered to this person, oldest first (copies: each has its own id, as in Gmail). */
  inbox(email: string): MailMessage[];
  /** Every sent message (the senders' copies), oldest first: the outbox. */
  outbox(): MailMessage[];
  /** The next n sends throw `message`, then sending works again. */
  failNext(n: number, message?: string): void;
  /** Drops the failures failNext queued and not yet used; how many there were. */
  clearFailures(): number;
  /** Sets the recipients `user` has used today (quota 0: setUsed(user, 1500)). */
  setUsed(user: string, used: number): void;
  remaining(user: string): number;
  /** A Gmail add-on access token for a message (what e.gmail.accessToken carries). */
  accessToken(messageId: string): string;
  toJSON(): MailState;
  restore(state: MailState): void;
}

export interface MailServices {
  MailApp: LocalMailApp;
  GmailApp: LocalGmailApp;
  controls: MailControls;
  store: MailStore;
}

export function createMailServices(kernel: Kernel): MailServices {
  const store = new MailStore(kernel);
  const tokens = new AccessTokens();
  const controls: MailControls = {
    inbox: (email) => store.inbox(email),
    outbox: () => store.sent(),
    failNext: (n, message) => store.failNext(n, message),
    clearFailures: () => store.clearFailures(),
    setUsed: (user, used) => store.setUsed(user, used),
    remaining: (user) => store.remaining(user),
    accessToken: (id) => tokens.issue(id),
    toJSON: () => store.toJSON(),
    restore: (s) => store.restore(s),
  };
  return { MailApp: new LocalMailApp(kernel, store), GmailApp: new LocalGmailApp(kernel, store, tokens), controls, store };
}
