/** The subset of Gmail's search operators GmailApp.search understands locally (see src/local/README.md). */
import type { MailMessage } from './store';

const DAY = 86_400_000;

function age(v: string): number | null {
  const m = /^(\d+)([dmy])$/.exec(v);
  if (!m) return null;
  return Number(m[1]) * (m[2] === 'd' ? DAY : m[2] === 'm' ? 30 * DAY : 365 * DAY);
}

function date(v: string): number | null {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(v);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

function term(m: MailMessage, op: string, v: string, now: number): boolean {
  switch (op) {
    case 'from':
      return m.fromHeader.toLowerCase().includes(v);
    case 'to':
      return [...m.to, ...m.cc].some((a) => a.toLowerCase().includes(v));
    case 'subject':
      return m.subject.toLowerCase().includes(v);
    case 'is':
      return v === 'unread' ? m.unread : v === 'read' ? !m.unread : v === 'draft' ? m.folder === 'drafts' : true;
    case 'in':
      return v === 'inbox' ? m.folder === 'inbox' : v === 'sent' ? m.folder === 'sent' : v === 'drafts' ? m.folder === 'drafts' : true;
    case 'has':
      return v === 'attachment' ? m.attachments.length > 0 : true;
    case 'newer_than':
      return age(v) === null || m.date > now - age(v)!;
    case 'older_than':
      return age(v) === null || m.date < now - age(v)!;
    case 'after':
      return date(v) === null || m.date >= date(v)!;
    case 'before':
      return date(v) === null || m.date < date(v)!;
    default:
      return (m.subject + '\n' + m.body).toLowerCase().includes(v);
  }
}

export function searchMatches(m: MailMessage, query: string, now: number): boolean {
  const terms = query.match(/-?(\w+:)?("[^"]*"|\S+)/g) ?? [];
  return terms.every((t) => {
    const negate = t.startsWith('-');
    const body = negate ? t.slice(1) : t;
    const mm = /^(\w+):(.*)$/.exec(body);
    const op = mm ? mm[1]!.toLowerCase() : '';
    const v = (mm ? mm[2]! : body).replace(/^"|"$/g, '').toLowerCase();
    return term(m, op, v, now) !== negate;
  });
}
