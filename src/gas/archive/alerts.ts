/**
 * One email to the admins per distinct problem: an archive that cannot be reached, a batch that cannot go on, a bad
 * retention setting, the workbook passing 70% of its cells. The last message per topic is kept in Script
 * Properties, so a timer that meets the same problem every run does not send it again; clearAlert forgets it once
 * the problem is gone.
 */
import { normalizeEmail } from '../../core';
import { ownerEmail } from '../auth';
import { scopedKey, type AppContext } from '../context';
import { DirectoryStore } from '../store/directory';

const key = (ctx: AppContext, topic: string): string => scopedKey(ctx, 'alert', topic);

/** The owner and the Directory's admins. */
export function adminEmails(ctx: AppContext): string[] {
  const out = new Set<string>();
  const owner = ownerEmail(ctx);
  if (owner) out.add(owner);
  try {
    for (const p of new DirectoryStore(ctx).list()) if (p.roles.includes('admin')) out.add(normalizeEmail(p.email));
  } catch {
    // no Directory yet: the owner alone
  }
  return [...out].filter((e) => e !== '').sort();
}

/**
 * Emails the admins unless this topic's last alert had the same `dedupe` (by default the message itself).
 * Returns whether an email went out.
 */
export function alertAdmins(ctx: AppContext, topic: string, message: string, dedupe: string = message): boolean {
  const props = ctx.services.PropertiesService.getScriptProperties();
  if (props.getProperty(key(ctx, topic)) === dedupe) return false;
  const to = adminEmails(ctx);
  if (to.length === 0) return false;
  try {
    ctx.services.MailApp.sendEmail({
      to: to.join(','),
      subject: topic === 'capacity' ? 'Handoff: the workbook is filling up' : 'Handoff: the archive needs an admin',
      body: `${message}\n\nSpreadsheet: ${ctx.spreadsheet().getUrl()}`,
    });
  } catch {
    return false; // out of quota: try again next run
  }
  props.setProperty(key(ctx, topic), dedupe);
  return true;
}

export function clearAlert(ctx: AppContext, topic: string): void {
  const props = ctx.services.PropertiesService.getScriptProperties();
  if (props.getProperty(key(ctx, topic)) !== null) props.deleteProperty(key(ctx, topic));
}
