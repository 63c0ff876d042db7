/** Intake from Google Forms: what src/main.ts and the timers call. */
export {
  onFormSubmit,
  retryPendingIntake,
  reprocessIntakeErrors,
  pendingIntake,
  processResponse,
  readResponse,
  liveItemIds,
} from './submit';
export type { IntakeOutcome, IntakeStatus, FormSubmitEvent, RetryResult, ReprocessResult } from './submit';
export { generateForm, previewConnect, connectForm } from './link';
export { linkFormCommand, reprocessCommand, INTAKE_MENU_ITEMS } from './menu';
export { FORM_SUBMIT_HANDLER } from './triggers';
