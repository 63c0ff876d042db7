/** Turns a script's failure into a plain sentence when it reached something the local Workspace does not have. */

/** Apps Script's global services and advanced services the local Workspace does not provide. */
const KNOWN_SERVICES = [
  'DriveApp',
  'DocumentApp',
  'SlidesApp',
  'CalendarApp',
  'ContactsApp',
  'GroupsApp',
  'LanguageApp',
  'Maps',
  'XmlService',
  'Charts',
  'Jdbc',
  'DataStudioApp',
  'ConferenceDataService',
  'Drive',
  'Gmail',
  'Calendar',
  'Docs',
  'Slides',
  'AdminDirectory',
  'People',
  'Tasks',
  'YouTube',
  'BigQuery',
  'Analytics',
];

export interface MissingMember {
  className: string;
  member: string;
}

/** A sentence naming the missing service or method, or null when the error is the script's own. */
export function explainMissing(error: Error, misses: MissingMember[]): string | null {
  const ref = /^(\w+) is not defined$/.exec(error.message);
  if (error.name === 'ReferenceError' && ref) {
    const name = ref[1]!;
    if (KNOWN_SERVICES.includes(name))
      return `${name} is an Apps Script service the local Workspace does not have (the script reached it: "${error.message}").`;
    return null;
  }
  if (error.name === 'TypeError' && misses.length) {
    const last = misses[misses.length - 1]!;
    if (error.message.includes(last.member))
      return `${last.className}.${last.member} is not implemented by the local Workspace (Apps Script's ${last.className} may have it; see src/local/README.md).`;
  }
  return null;
}
