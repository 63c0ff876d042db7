/** The ZoneCheck port: validateDefinition/publishVersion ask it (default Intl) whether calendar.timeZone is known. */
import { intlKnownZone, publishVersion, validateDefinition, type Definition, type ZoneCheck } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { T0 } from './helpers';

const inZone = (timeZone: string): Definition => ({ ...purchaseApproval, calendar: { ...purchaseApproval.calendar!, timeZone } });
const zoneProblems = (r: ReturnType<typeof validateDefinition>) =>
  r.ok ? [] : r.problems.filter((p) => p.path === 'calendar.timeZone').map((p) => p.message);
const meta = { publishedAt: T0, publishedBy: 'adam@example.com' };

describe('the default ZoneCheck (Intl)', () => {
  it('knows IANA zones and refuses made-up ones, naming them', () => {
    expect(intlKnownZone('Europe/Paris')).toBe(true);
    expect(intlKnownZone('Mars/Olympus')).toBe(false);
    expect(zoneProblems(validateDefinition(inZone('America/New_York')))).toEqual([]);
    expect(zoneProblems(validateDefinition(inZone('Mars/Olympus')))).toEqual([
      '"Mars/Olympus" is not a known IANA time zone (e.g. Europe/Paris).',
    ]);
  });
});

describe('a ZoneCheck passed in', () => {
  it('is what decides, both ways, and is asked with the calendar zone', () => {
    const asked: string[] = [];
    const onlyParis: ZoneCheck = (tz) => {
      asked.push(tz);
      return tz === 'Europe/Paris';
    };
    expect(zoneProblems(validateDefinition(inZone('America/New_York'), { isKnownZone: onlyParis }))).toEqual([
      '"America/New_York" is not a known IANA time zone (e.g. Europe/Paris).',
    ]);
    expect(validateDefinition(inZone('Europe/Paris'), { isKnownZone: onlyParis }).ok).toBe(true);
    expect(asked).toEqual(['America/New_York', 'Europe/Paris']);
    expect(validateDefinition(inZone('Mars/Olympus'), { isKnownZone: () => true }).ok).toBe(true);
  });

  it('a checker that throws counts as "not known" (a named problem, not a crash)', () => {
    const r = validateDefinition(inZone('Europe/Paris'), {
      isKnownZone: () => {
        throw new Error('service down');
      },
    });
    expect(zoneProblems(r)).toEqual(['"Europe/Paris" is not a known IANA time zone (e.g. Europe/Paris).']);
  });

  it('works without Intl having the zone: a runtime whose Intl knows no IANA zone still publishes with its own check', () => {
    const spy = jest.spyOn(Intl, 'DateTimeFormat').mockImplementation(() => {
      throw new RangeError('Invalid time zone specified');
    });
    try {
      expect(intlKnownZone('Asia/Kathmandu')).toBe(false); // not cached before: Intl is asked and fails
      expect(publishVersion(inZone('Asia/Kathmandu'), [], meta).ok).toBe(false);
      const published = publishVersion(inZone('Asia/Kathmandu'), [], meta, { isKnownZone: (tz) => tz === 'Asia/Kathmandu' });
      expect(published.ok && published.version.definition.calendar?.timeZone).toBe('Asia/Kathmandu');
    } finally {
      spy.mockRestore();
    }
  });
});
