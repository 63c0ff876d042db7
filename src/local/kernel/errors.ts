/**
 * Errors thrown the way Apps Script throws them: a plain Error whose message is Apps Script's text,
 * so code written for Apps Script (which matches on messages) behaves the same here.
 */
export function gasError(message: string): Error {
  const e = new Error(message);
  e.name = 'Exception';
  return e;
}

export const MESSAGES = {
  executionTime: 'Exceeded maximum execution time',
  lockTimeout: 'Lock timeout: another process was holding the lock for too long.',
  mailQuota: 'Service invoked too many times for one day: email.',
  propertyTooLarge: 'Argument too large: value',
  propertyStoreFull: 'You have exceeded the property storage quota. Please remove some properties and try again.',
  tooManyTriggers: 'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
  cellLimit: 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
} as const;
