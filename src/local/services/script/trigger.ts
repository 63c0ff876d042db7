import type { Kernel } from '../../kernel/kernel';
import { asEnum } from './enums';
import type { TriggerRecord } from './triggers';

/** ScriptApp's Trigger: a view of one stored trigger record. */
export class LocalTrigger implements GoogleAppsScript.Script.Trigger {
  constructor(
    private readonly kernel: Kernel,
    readonly record: TriggerRecord,
  ) {}

  getUniqueId(): string {
    this.kernel.call('Trigger', 'getUniqueId');
    return this.record.uid;
  }

  getHandlerFunction(): string {
    this.kernel.call('Trigger', 'getHandlerFunction');
    return this.record.handler;
  }

  getEventType(): GoogleAppsScript.Script.EventType {
    this.kernel.call('Trigger', 'getEventType');
    return asEnum(this.record.eventType);
  }

  getTriggerSource(): GoogleAppsScript.Script.TriggerSource {
    this.kernel.call('Trigger', 'getTriggerSource');
    return asEnum(this.record.source);
  }

  /** The spreadsheet or form id; null for a clock trigger, as in Apps Script. */
  getTriggerSourceId(): string {
    this.kernel.call('Trigger', 'getTriggerSourceId');
    return this.record.sourceId as string;
  }
}
