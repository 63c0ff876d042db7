/**
 * Apps Script enums. Real Apps Script enum values are objects whose toString() is the member name;
 * here each value is the member name itself (a string), so `String(v)`, `v.toString()`, `===` against
 * the enum member and JSON all behave the same. `v.name()` (rarely used) is not available.
 */
export function makeEnum<T>(names: readonly string[]): T {
  const e: Record<string, string> = {};
  for (const n of names) e[n] = n;
  return Object.freeze(e) as unknown as T;
}

export const AuthMode = makeEnum<typeof GoogleAppsScript.Script.AuthMode>(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']);
export const EventType = makeEnum<typeof GoogleAppsScript.Script.EventType>([
  'CLOCK',
  'ON_OPEN',
  'ON_EDIT',
  'ON_FORM_SUBMIT',
  'ON_CHANGE',
  'ON_EVENT_UPDATED',
]);
export const TriggerSource = makeEnum<typeof GoogleAppsScript.Script.TriggerSource>([
  'SPREADSHEETS',
  'CLOCK',
  'FORMS',
  'DOCUMENTS',
  'CALENDAR',
]);
export const InstallationSource = makeEnum<typeof GoogleAppsScript.Script.InstallationSource>([
  'APPS_MARKETPLACE_DOMAIN_ADD_ON',
  'NONE',
  'WEB_STORE_ADD_ON',
]);
export const AuthorizationStatus = makeEnum<typeof GoogleAppsScript.Script.AuthorizationStatus>(['REQUIRED', 'NOT_REQUIRED']);

/** Cast a string enum member to the @types enum type. */
export function asEnum<E>(value: string): E {
  return value as unknown as E;
}
