/** The eight ready workflows. */
import type { Definition } from '../core/definition/schema';
import { contentLegalApproval } from './content-legal-approval';
import { customerAccountChange } from './customer-account-change';
import { employeeOnboarding } from './employee-onboarding';
import { invoiceException } from './invoice-exception';
import { purchaseApproval } from './purchase-approval';
import { qaChecklistSignoff } from './qa-checklist-signoff';
import { renewalHandoff } from './renewal-handoff';
import { supportEscalation } from './support-escalation';

export {
  contentLegalApproval,
  customerAccountChange,
  employeeOnboarding,
  invoiceException,
  purchaseApproval,
  qaChecklistSignoff,
  renewalHandoff,
  supportEscalation,
};

export const templates: readonly Definition[] = [
  purchaseApproval,
  employeeOnboarding,
  customerAccountChange,
  supportEscalation,
  contentLegalApproval,
  qaChecklistSignoff,
  renewalHandoff,
  invoiceException,
];
