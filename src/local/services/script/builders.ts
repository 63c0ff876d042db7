import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import type { ScriptConfig } from './config';
import { isSubHourly, type ClockSpec } from './schedule';
import { LocalTrigger } from './trigger';
import type { TriggerEventType, TriggerStore } from './triggers';

type T = GoogleAppsScript.Script.TriggerBuilder;
type Clock = GoogleAppsScript.Script.ClockTriggerBuilder;
type FormB = GoogleAppsScript.Script.FormTriggerBuilder;
type SheetB = GoogleAppsScript.Script.SpreadsheetTriggerBuilder;

export const EVERY_MINUTES_ALLOWED = [1, 5, 10, 15, 30] as const;
export const EVERY_HOURS_ALLOWED = [1, 2, 4, 6, 8, 12] as const;
export const MESSAGE_ADDON_SUBHOURLY = 'Add-ons may not create time-based triggers that run more frequently than once per hour.';

interface Ctx {
  kernel: Kernel;
  store: TriggerStore;
  config: ScriptConfig;
}

function idOf(doc: unknown, what: string): string {
  if (typeof doc === 'string') return doc;
  if (doc && typeof (doc as { getId?: unknown }).getId === 'function') return String((doc as { getId(): string }).getId());
  throw gasError(`Invalid argument: ${what}`);
}

function creator(ctx: Ctx): string {
  return ctx.kernel.executions.current().effectiveUser;
}

export class LocalTriggerBuilder implements Pick<T, 'forForm' | 'forSpreadsheet' | 'timeBased'> {
  constructor(
    private readonly ctx: Ctx,
    private readonly handler: string,
  ) {}

  forForm(form: GoogleAppsScript.Forms.Form | string): FormB {
    this.ctx.kernel.call('TriggerBuilder', 'forForm');
    return new LocalFormTriggerBuilder(this.ctx, this.handler, idOf(form, 'form')) as unknown as FormB;
  }

  forSpreadsheet(sheet: GoogleAppsScript.Spreadsheet.Spreadsheet | string): SheetB {
    this.ctx.kernel.call('TriggerBuilder', 'forSpreadsheet');
    return new LocalSpreadsheetTriggerBuilder(this.ctx, this.handler, idOf(sheet, 'spreadsheet')) as unknown as SheetB;
  }

  timeBased(): Clock {
    this.ctx.kernel.call('TriggerBuilder', 'timeBased');
    return new LocalClockTriggerBuilder(this.ctx, this.handler) as unknown as Clock;
  }
}

abstract class EventTriggerBuilder {
  protected event: TriggerEventType | undefined;
  constructor(
    protected readonly ctx: Ctx,
    protected readonly handler: string,
    protected readonly sourceId: string,
  ) {}

  protected pick(event: TriggerEventType): this {
    this.ctx.kernel.call('TriggerBuilder', event);
    this.event = event;
    return this;
  }

  protected make(source: 'FORMS' | 'SPREADSHEETS'): GoogleAppsScript.Script.Trigger {
    this.ctx.kernel.call('TriggerBuilder', 'create');
    if (!this.event) throw gasError('Trigger event type has not been specified.');
    const rec = this.ctx.store.add({
      handler: this.handler,
      owner: creator(this.ctx),
      eventType: this.event,
      source,
      sourceId: this.sourceId,
    });
    return new LocalTrigger(this.ctx.kernel, rec) as unknown as GoogleAppsScript.Script.Trigger;
  }
}

export class LocalFormTriggerBuilder extends EventTriggerBuilder implements Pick<FormB, 'create'> {
  onFormSubmit(): this {
    return this.pick('ON_FORM_SUBMIT');
  }
  onOpen(): this {
    return this.pick('ON_OPEN');
  }
  create(): GoogleAppsScript.Script.Trigger {
    return this.make('FORMS');
  }
}

export class LocalSpreadsheetTriggerBuilder extends EventTriggerBuilder implements Pick<SheetB, 'create'> {
  onOpen(): this {
    return this.pick('ON_OPEN');
  }
  onEdit(): this {
    return this.pick('ON_EDIT');
  }
  onChange(): this {
    return this.pick('ON_CHANGE');
  }
  onFormSubmit(): this {
    return this.pick('ON_FORM_SUBMIT');
  }
  create(): GoogleAppsScript.Script.Trigger {
    return this.make('SPREADSHEETS');
  }
}

function int(n: unknown, what: string, lo: number, hi: number): number {
  const v = Number(n);
  if (!Number.isInteger(v) || v < lo || v > hi) throw gasError(`Invalid argument: ${what}`);
  return v;
}

export class LocalClockTriggerBuilder implements Clock {
  private spec: ClockSpec;

  constructor(
    private readonly ctx: Ctx,
    private readonly handler: string,
  ) {
    this.spec = { timeZone: ctx.config.timeZone };
  }

  private m(method: string): void {
    this.ctx.kernel.call('ClockTriggerBuilder', method);
  }

  private frequency(): void {
    const s = this.spec;
    if (s.everyMinutes || s.everyHours || s.everyDays || s.everyWeeks || s.at !== undefined || s.atDate || s.onMonthDay) {
      throw gasError('Already chosen a time based trigger type. You may only choose one.');
    }
  }

  after(durationMilliseconds: number): Clock {
    this.m('after');
    this.frequency();
    const ms = Number(durationMilliseconds);
    if (!Number.isFinite(ms) || ms < 0) throw gasError('Invalid argument: durationMilliseconds');
    this.spec.at = this.ctx.kernel.clock.now() + ms;
    return this as unknown as Clock;
  }

  at(date: GoogleAppsScript.Base.Date): Clock {
    this.m('at');
    this.frequency();
    const t = date instanceof Date || (date && typeof (date as Date).getTime === 'function') ? (date as Date).getTime() : NaN;
    if (!Number.isFinite(t)) throw gasError('Invalid argument: date');
    this.spec.at = t;
    return this as unknown as Clock;
  }

  atDate(year: number, month: number, day: number): Clock {
    this.m('atDate');
    this.frequency();
    this.spec.atDate = { year: int(year, 'year', 1970, 9999), month: int(month, 'month', 1, 12), day: int(day, 'day', 1, 31) };
    return this as unknown as Clock;
  }

  atHour(hour: number): Clock {
    this.m('atHour');
    this.spec.atHour = int(hour, 'hour', 0, 23);
    return this as unknown as Clock;
  }

  nearMinute(minute: number): Clock {
    this.m('nearMinute');
    this.spec.nearMinute = int(minute, 'minute', 0, 59);
    return this as unknown as Clock;
  }

  everyMinutes(n: number): Clock {
    this.m('everyMinutes');
    this.frequency();
    if (!(EVERY_MINUTES_ALLOWED as readonly number[]).includes(Number(n))) {
      throw gasError('The value you passed to everyMinutes was invalid. It must be one of 1, 5, 10, 15 or 30.');
    }
    this.spec.everyMinutes = Number(n);
    return this as unknown as Clock;
  }

  everyHours(n: number): Clock {
    this.m('everyHours');
    this.frequency();
    if (!(EVERY_HOURS_ALLOWED as readonly number[]).includes(Number(n))) {
      // The reference lists no values for everyHours; live reports say only these are taken (wording by analogy).
      throw gasError('The value you passed to everyHours was invalid. It must be one of 1, 2, 4, 6, 8 or 12.');
    }
    this.spec.everyHours = Number(n);
    return this as unknown as Clock;
  }

  everyDays(n: number): Clock {
    this.m('everyDays');
    this.frequency();
    this.spec.everyDays = int(n, 'days', 1, 366);
    return this as unknown as Clock;
  }

  everyWeeks(n: number): Clock {
    this.m('everyWeeks');
    this.frequency();
    this.spec.everyWeeks = int(n, 'weeks', 1, 52);
    return this as unknown as Clock;
  }

  onMonthDay(day: number): Clock {
    this.m('onMonthDay');
    this.frequency();
    this.spec.onMonthDay = int(day, 'day', 1, 31);
    return this as unknown as Clock;
  }

  /** ScriptApp.WeekDay / Base.Weekday: MONDAY ... SUNDAY (strings here). */
  onWeekDay(day: GoogleAppsScript.Base.Weekday | string): Clock {
    this.m('onWeekDay');
    const names = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
    const i = names.indexOf(String(day).toUpperCase());
    if (i < 0) throw gasError('Invalid argument: day');
    this.spec.onWeekDay = i + 1;
    return this as unknown as Clock;
  }

  inTimezone(timezone: string): Clock {
    this.m('inTimezone');
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    } catch {
      throw gasError(`Invalid argument: timezone`);
    }
    this.spec.timeZone = timezone;
    return this as unknown as Clock;
  }

  create(): GoogleAppsScript.Script.Trigger {
    this.m('create');
    const s = this.spec;
    const chosen =
      s.everyMinutes || s.everyHours || s.everyDays || s.everyWeeks || s.at !== undefined || s.atDate || s.onMonthDay || s.onWeekDay;
    if (!chosen) throw gasError('Trigger frequency has not been specified.');
    if (s.atHour !== undefined && (s.everyMinutes || s.everyHours)) {
      throw gasError('atHour() may only be used with everyDays(), everyWeeks(), onWeekDay(), onMonthDay() or atDate().');
    }
    if (this.ctx.config.installedAsAddOn && isSubHourly(s)) throw gasError(MESSAGE_ADDON_SUBHOURLY);
    const rec = this.ctx.store.add({
      handler: this.handler,
      owner: creator(this.ctx),
      eventType: 'CLOCK',
      source: 'CLOCK',
      sourceId: null,
      clock: { ...s },
    });
    return new LocalTrigger(this.ctx.kernel, rec) as unknown as GoogleAppsScript.Script.Trigger;
  }
}
