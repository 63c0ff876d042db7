/**
 * A purchase-approval world for the notification tests: everyone on the default delivery (a digest) unless told,
 * all in New York, the dispatcher installed, the clock at Tue 10 March 2026 10:00 EDT (14:00 UTC).
 */
import type { Definition, Fields } from '../../../../src/core';
import { outboxHistory } from '../../../../src/gas/mail/outbox-history';
import { createRequestCommand } from '../../../../src/gas/commands/requests';
import { purchaseApproval } from '../../../../src/templates';
import { timersWorld, type TimersWorld } from '../timers/helpers';

export const RITA = 'rita@acme.test';
export const MAX = 'max@acme.test';
export const FAY = 'fay@acme.test';
export const FRED = 'fred@acme.test';
export const PAT = 'pat@acme.test';
export const QUINN = 'quinn@acme.test';
export const LEE = 'lee@acme.test';

export const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);
const NY = 'America/New_York';

export function people(delivery: Record<string, string> = {}): unknown[][] {
  const row = (email: string, name: string, roles: string, manager = '') => [
    email,
    name,
    roles,
    manager,
    '',
    '',
    '',
    NY,
    delivery[email] ?? '',
  ];
  return [
    row(RITA, 'Rita Requester', '', MAX),
    row(MAX, 'Max Manager', 'manager'),
    row(FAY, 'Fay Finance', 'finance'),
    row(FRED, 'Fred Finance', 'finance'),
    row(PAT, 'Pat Procurement', 'procurement'),
    row(QUINN, 'Quinn Procurement', 'procurement'),
    row(LEE, 'Lee Lead', 'procurement-leads'),
  ];
}

export interface NotifyWorld extends TimersWorld {
  submit(fields?: Record<string, unknown>): string;
  decide(id: string, who: string, type: 'approve' | 'reject' | 'request_changes', comment?: string): void;
  transition(id: string, who: string, name: string, fields?: Fields): void;
  /** Subjects of every email `email` received about request `id` (digests name it in the body). */
  about(email: string, id: string): string[];
  /** Every Outbox entry: live rows, and what Audit recorded for the rows sent runs removed. */
  outbox(): ReturnType<typeof outboxHistory>;
}

export function notifyWorld(opts: { definition?: Definition; delivery?: Record<string, string> } = {}): NotifyWorld {
  const w = timersWorld(at(10, 14), { definition: opts.definition ?? purchaseApproval, people: people(opts.delivery) });
  w.script.config.webApp.deploymentId = 'AKfycbLocalNotifyTests'; // approval links need the web app
  w.install();
  const act = (id: string, who: string, action: Parameters<TimersWorld['act']>[1]) => w.act(id, action, who);
  return {
    ...w,
    submit(fields = {}) {
      return w.as(RITA, () =>
        createRequestCommand(w.c(), {
          workflowId: 'purchase-approval',
          requester: RITA,
          fields: { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire', ...fields },
          channel: 'api',
          actor: { email: RITA, method: 'session' },
        }),
      ).request.id;
    },
    decide(id, who, type, comment) {
      act(id, who, comment ? { type, comment } : { type });
    },
    transition(id, who, name, fields) {
      act(id, who, { type: 'transition', name, ...(fields ? { fields } : {}) });
    },
    about(email, id) {
      return w.mail.controls
        .inbox(email)
        .filter((m) => m.subject.includes(id) || m.body.includes(id))
        .map((m) => m.subject);
    },
    outbox: () => outboxHistory(w.c()),
  };
}
