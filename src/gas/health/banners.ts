/**
 * The banner operators see at the top of the panel for each problem of the health record: what broke, and either
 * a Repair button (the caller installed the trigger, or is an admin who may take it over) or who must act and what
 * they click.
 */
import type { HealthReport, Problem } from './evaluate';

export interface Banner {
  key: string;
  kind: Problem['kind'];
  subject: string;
  text: string;
  /** Present when the caller may repair: the button's label, and whether the trigger will then run as them. */
  repair: { label: string; takeOver: boolean } | null;
  /** Who may repair it (the installer and the admins). */
  who: string;
}

export interface BannerCaller {
  email: string;
  admin: boolean;
}

const NOUN: Record<Problem['kind'], string> = { timer: 'the timer', 'form-submit': "the form's trigger", 'on-edit': 'the on-edit trigger' };

/** The button's label for a caller who may repair. */
export function repairLabel(kind: Problem['kind'], takeOver: boolean): string {
  return `${takeOver ? 'Take over' : 'Reinstall'} ${NOUN[kind]}`;
}

export function mayRepair(p: Pick<Problem, 'owner'>, caller: BannerCaller): boolean {
  return caller.admin || (!!p.owner && p.owner.toLowerCase() === caller.email.toLowerCase());
}

export function bannersFor(report: HealthReport, caller: BannerCaller): Banner[] {
  return report.problems.map((p) => {
    const who = p.owner ? `${p.owner} (who installed it) or a Handoff admin` : 'a Handoff admin';
    if (mayRepair(p, caller)) {
      const takeOver = !p.owner || p.owner.toLowerCase() !== caller.email.toLowerCase();
      const label = repairLabel(p.kind, takeOver);
      const after = takeOver ? ` "${label}" reinstalls it to run as you (${caller.email}).` : '';
      return { key: p.key, kind: p.kind, subject: p.subject, text: `${p.title}${after}`, repair: { label, takeOver }, who };
    }
    const label = repairLabel(p.kind, !p.owner);
    return {
      key: p.key,
      kind: p.kind,
      subject: p.subject,
      text: `${p.title} Ask ${who} to open Handoff > Open panel and click "${label}" in this banner${p.owner ? ` (an admin sees "${repairLabel(p.kind, true)}")` : ''}.`,
      repair: null,
      who,
    };
  });
}
