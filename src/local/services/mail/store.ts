import type { Kernel } from '../../kernel/kernel';
import { gasError, MESSAGES } from '../../kernel/errors';
import { dayKey } from '../script/zoned';

/** One delivered copy of a message, in one person's mailbox. */
export interface MailMessage {
  id: string;
  threadId: string;
  /** Whose mailbox holds this copy. */
  mailbox: string;
  folder: 'inbox' | 'sent' | 'drafts';
  /** A draft's id (GmailDraft.getId()), on draft messages only. */
  draftId?: string;
  from: string;
  /** The From header as shown: '"Name" <address>' or the address. */
  fromHeader: string;
  replyTo: string;
  to: string[];
  cc: string[];
  /** Only on the sender's copy. */
  bcc: string[];
  subject: string;
  /** Plain-text body. */
  body: string;
  /** HTML body, or null when the message was plain text only. */
  htmlBody: string | null;
  date: number;
  unread: boolean;
  via: 'MailApp' | 'GmailApp';
  attachments: Array<{ name: string; mimeType: string; size: number }>;
  /** Id shared by every copy of one send. */
  sendId: number;
}

export interface MailState {
  seq: number;
  /** A saved message may leave out body and htmlBody: they are then `bodies[sendId]` (one copy per send). */
  messages: Array<MailMessage | (Omit<MailMessage, 'body' | 'htmlBody'> & Partial<Pick<MailMessage, 'body' | 'htmlBody'>>)>;
  quota: Record<string, { day: string; used: number }>;
  /** The body and HTML body of each send, once for all its copies (sender's and every recipient's). */
  bodies?: Record<string, [string, string | null]>;
}

export const DAILY_RECIPIENTS = { consumer: 100, workspace: 1500 } as const;
/** Quotas reset at midnight Pacific time. */
export const QUOTA_TIME_ZONE = 'America/Los_Angeles';

export interface SendRequest {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  htmlBody: string | null;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  attachments?: Array<{ name: string; mimeType: string; size: number }>;
  via: 'MailApp' | 'GmailApp';
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** Splits 'a@x.org, "B" <b@y.org>' into addresses. */
export function parseAddresses(list: string | undefined | null): string[] {
  if (!list) return [];
  return String(list)
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /<([^>]+)>/.exec(s);
      const addr = (m ? (m[1] as string) : s).trim();
      if (!EMAIL.test(addr)) throw gasError(`Invalid email: ${s}`);
      return addr;
    });
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|h\d|li)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Every message sent through MailApp/GmailApp, every mailbox, and the daily recipient quota. */
export class MailStore {
  private seq = 0;
  private sends = 0;
  messages: MailMessage[] = [];
  private quota = new Map<string, { day: string; used: number }>();
  private failures: Array<string> = [];

  constructor(private readonly kernel: Kernel) {}

  limit(): number {
    return DAILY_RECIPIENTS[this.kernel.accountType];
  }

  private usage(user: string): { day: string; used: number } {
    const day = dayKey(this.kernel.clock.now(), QUOTA_TIME_ZONE);
    let q = this.quota.get(user);
    if (!q || q.day !== day) {
      q = { day, used: 0 };
      this.quota.set(user, q);
    }
    return q;
  }

  remaining(user: string): number {
    return Math.max(0, this.limit() - this.usage(user).used);
  }

  /** Test control: sets how many recipients `user` has already used today. */
  setUsed(user: string, used: number): void {
    this.usage(user).used = used;
  }

  /** Test control: the failures failNext queued and not yet used are dropped (sending works again now); how many. */
  clearFailures(): number {
    const n = this.failures.length;
    this.failures = [];
    return n;
  }

  /** Test control: the next n sends throw (with Apps Script-like messages), then sending works again. */
  failNext(n: number, message = 'Service unavailable: Gmail'): void {
    for (let i = 0; i < n; i++) this.failures.push(message);
  }

  private newId(): string {
    this.seq++;
    // Gmail message ids are 16 hex digits.
    return (0x18c0000000000000n + BigInt(this.seq) * 0x9e3779b1n).toString(16).slice(0, 16);
  }

  send(req: SendRequest): MailMessage {
    const user = this.kernel.executions.current().effectiveUser;
    const failure = this.failures.shift();
    if (failure !== undefined) throw gasError(failure);
    const recipients = [...req.to, ...req.cc, ...req.bcc];
    if (recipients.length === 0) throw gasError('Failed to send email: no recipient');
    const q = this.usage(user);
    if (q.used + recipients.length > this.limit()) throw gasError(MESSAGES.mailQuota);
    q.used += recipients.length;

    const noReply = !!req.noReply && this.kernel.accountType === 'workspace';
    const from = noReply ? `noreply@${this.kernel.domain}` : user;
    const fromHeader = req.name ? `"${req.name}" <${from}>` : from;
    const sendId = ++this.sends;
    const base = {
      from,
      fromHeader,
      replyTo: req.replyTo ?? '',
      to: req.to,
      cc: req.cc,
      subject: req.subject,
      body: req.body || (req.htmlBody ? htmlToText(req.htmlBody) : ''),
      htmlBody: req.htmlBody,
      date: this.kernel.clock.now(),
      via: req.via,
      attachments: req.attachments ?? [],
      sendId,
    };
    const sentId = this.newId();
    const sent: MailMessage = { ...base, id: sentId, threadId: sentId, mailbox: user, folder: 'sent', bcc: req.bcc, unread: false };
    this.messages.push(sent);
    const delivered = new Set<string>();
    for (const r of recipients) {
      const key = r.toLowerCase();
      if (delivered.has(key)) continue;
      delivered.add(key);
      const id = this.newId();
      this.messages.push({ ...base, id, threadId: id, mailbox: key, folder: 'inbox', bcc: [], unread: true });
    }
    return sent;
  }

  /** A draft in the current user's mailbox (no quota, no delivery); `replace` updates an existing draft. */
  saveDraft(req: SendRequest, replace?: MailMessage): MailMessage {
    const user = this.kernel.executions.current().effectiveUser.toLowerCase();
    const msg: MailMessage = {
      id: replace?.id ?? this.newId(),
      threadId: replace?.threadId ?? '',
      mailbox: user,
      folder: 'drafts',
      draftId: replace?.draftId ?? `r${((BigInt(this.seq + 1) * 0x2545f4914f6cdd1dn) % 10n ** 18n).toString()}`,
      from: user,
      fromHeader: req.name ? `"${req.name}" <${user}>` : user,
      replyTo: req.replyTo ?? '',
      to: req.to,
      cc: req.cc,
      bcc: req.bcc,
      subject: req.subject,
      body: req.body || (req.htmlBody ? htmlToText(req.htmlBody) : ''),
      htmlBody: req.htmlBody,
      date: this.kernel.clock.now(),
      unread: false,
      via: 'GmailApp',
      attachments: req.attachments ?? [],
      sendId: 0,
    };
    if (!replace) msg.threadId = msg.id;
    this.messages = this.messages.filter((m) => m !== replace);
    this.messages.push(msg);
    return msg;
  }

  drafts(mailbox: string): MailMessage[] {
    const key = mailbox.toLowerCase();
    return this.messages.filter((m) => m.mailbox === key && m.folder === 'drafts');
  }

  removeDraft(draft: MailMessage): void {
    this.messages = this.messages.filter((m) => m !== draft);
  }

  inbox(email: string): MailMessage[] {
    const key = email.toLowerCase();
    return this.messages.filter((m) => m.mailbox === key && m.folder === 'inbox');
  }

  sent(): MailMessage[] {
    return this.messages.filter((m) => m.folder === 'sent');
  }

  find(mailbox: string, id: string): MailMessage | undefined {
    const key = mailbox.toLowerCase();
    return this.messages.find((m) => m.id === id && m.mailbox === key);
  }

  /**
   * A snapshot: each message copied, with its lists; the strings are shared, not cloned (they cannot change), and
   * the bodies of a send are written once for all its copies (`bodies`), so a large mailbox saves quickly.
   */
  toJSON(): MailState {
    const list = <T>(xs: T[]): T[] => (Array.isArray(xs) ? xs.map((x) => (x && typeof x === 'object' ? { ...x } : x)) : xs);
    const bodies: Record<string, [string, string | null]> = {};
    const messages = this.messages.map((m) => {
      const { body, htmlBody, ...rest } = m;
      const copy = { ...rest, to: list(m.to), cc: list(m.cc), bcc: list(m.bcc), attachments: list(m.attachments) };
      if (typeof m.sendId !== 'number' || m.folder === 'drafts') return { ...copy, body, htmlBody };
      const key = String(m.sendId);
      const shared = (bodies[key] ??= [body, htmlBody]);
      return shared[0] === body && shared[1] === htmlBody ? copy : { ...copy, body, htmlBody };
    });
    return { seq: this.seq, messages, quota: Object.fromEntries(this.quota), bodies };
  }

  restore(s: MailState): void {
    this.seq = s.seq;
    const bodies = s.bodies ?? {};
    this.messages = structuredClone(s.messages).map((m) => {
      if ('body' in m && m.body !== undefined) return m as MailMessage;
      const [body, htmlBody] = bodies[String(m.sendId)] ?? ['', null];
      return { ...m, body, htmlBody } as MailMessage;
    });
    // A loop, not Math.max(...ids): a long-running playground holds more messages than a call takes arguments.
    this.sends = this.messages.reduce((n, m) => Math.max(n, m.sendId), 0);
    this.quota = new Map(Object.entries(s.quota));
  }
}
