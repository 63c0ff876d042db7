import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import { parseAddresses, type MailStore, type SendRequest } from './store';

type Opts = GoogleAppsScript.Mail.MailAdvancedParameters;

function blobInfo(b: unknown): { name: string; mimeType: string; size: number } {
  const x = b as { getName?: () => string; getContentType?: () => string; getBytes?: () => unknown[]; getBlob?: () => unknown };
  const blob = (typeof x?.getBlob === 'function' ? x.getBlob() : x) as typeof x;
  return {
    name: typeof blob?.getName === 'function' ? String(blob.getName()) : 'attachment',
    mimeType: typeof blob?.getContentType === 'function' ? String(blob.getContentType()) : 'application/octet-stream',
    size: typeof blob?.getBytes === 'function' ? blob.getBytes().length : 0,
  };
}

/** Builds the send request from any of sendEmail's overloads. */
export function sendRequest(via: 'MailApp' | 'GmailApp', args: unknown[]): SendRequest {
  let to: string, subject: string, body: string, options: Opts;
  if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null) {
    options = args[0] as Opts;
    to = options.to ?? '';
    subject = options.subject ?? '';
    body = options.body ?? '';
  } else if (args.length === 4 && typeof args[3] === 'string') {
    // sendEmail(to, replyTo, subject, body)
    [to, , subject, body] = args.map(String) as [string, string, string, string];
    options = { replyTo: String(args[1]) };
  } else if (args.length >= 3) {
    to = String(args[0]);
    subject = String(args[1]);
    body = String(args[2] ?? '');
    options = (args[3] as Opts | undefined) ?? {};
  } else {
    throw gasError(`The parameters (${args.map((a) => typeof a).join(',')}) don't match the method signature for ${via}.sendEmail.`);
  }
  if (options.htmlBody === undefined && !subject && !body && !options.to && via === 'MailApp' && args.length === 1) {
    // A message object without content is still sent (empty body) in Apps Script.
  }
  return {
    to: parseAddresses(to),
    cc: parseAddresses(options.cc),
    bcc: parseAddresses(options.bcc),
    subject: String(subject ?? ''),
    body: String(body ?? ''),
    htmlBody: options.htmlBody !== undefined ? String(options.htmlBody) : null,
    ...(options.name !== undefined ? { name: String(options.name) } : {}),
    ...(options.replyTo !== undefined ? { replyTo: String(options.replyTo) } : {}),
    ...(options.noReply !== undefined ? { noReply: !!options.noReply } : {}),
    attachments: (options.attachments ?? []).map(blobInfo),
    via,
  };
}

/** The MailApp global. */
export class LocalMailApp implements GoogleAppsScript.Mail.MailApp {
  constructor(
    private readonly kernel: Kernel,
    private readonly store: MailStore,
  ) {}

  sendEmail(message: Opts): void;
  sendEmail(recipient: string, subject: string, body: string): void;
  sendEmail(recipient: string, subject: string, body: string, options: Opts): void;
  sendEmail(to: string, replyTo: string, subject: string, body: string): void;
  sendEmail(...args: unknown[]): void {
    this.kernel.call('MailApp', 'sendEmail');
    this.store.send(sendRequest('MailApp', args));
  }

  /** Recipients the current user may still send to today (resets at midnight Pacific). */
  getRemainingDailyQuota(): number {
    this.kernel.call('MailApp', 'getRemainingDailyQuota');
    return this.store.remaining(this.kernel.executions.current().effectiveUser);
  }
}
