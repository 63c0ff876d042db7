/**
 * Sheets' date-time serial numbers (days since 1899-12-30, the time as a fraction of a day) are wall-clock time
 * in the spreadsheet's time zone. Converting one back to an instant needs that zone. In the hour a daylight-saving
 * change repeats, a wall-clock time stands for two instants; the earlier offset is taken.
 */
import { intlZoneOffset } from '../../core';

const DAY_MS = 86_400_000;
/** 1970-01-01 as a serial number. */
export const EPOCH_SERIAL = 25_569;

export function serialToEpoch(serial: number, timeZone: string): number {
  const local = Math.round((serial - EPOCH_SERIAL) * DAY_MS);
  const guess = local - intlZoneOffset(timeZone, local) * 60_000;
  return local - intlZoneOffset(timeZone, guess) * 60_000;
}

export function epochToSerial(ms: number, timeZone: string): number {
  return (ms + intlZoneOffset(timeZone, ms) * 60_000) / DAY_MS + EPOCH_SERIAL;
}
