/** Intake from Google Forms: what src/main.ts and the timers call. */
export { onFormSubmit, processResponse } from './submit';
export type { FormSubmitEvent } from './submit';
export { readResponse, liveItemIds } from './read';
export { retryPendingIntake } from './retry';
export { sweepForms, sweepIsDue } from './sweep';
export type { SweepResult } from './sweep';
export type { RetryResult } from './retry';
export { pendingIntake } from './pending';
export { reprocessIntakeErrors } from './reprocess';
export type { ReprocessResult } from './reprocess';
export type { IntakeOutcome, IntakeStatus } from './outcome';
export { generateForm, previewConnect, connectForm } from './link';
export { linkFormCommand, reprocessCommand, INTAKE_MENU_ITEMS } from './menu';
export { FORM_SUBMIT_HANDLER } from './triggers';
