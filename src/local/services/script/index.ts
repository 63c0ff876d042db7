import type { Kernel } from '../../kernel/kernel';
import { defaultScriptConfig, type ScriptConfig } from './config';
import { InvokerSlot } from './invoker';
import { LocalScriptApp } from './script-app';
import type { DroppedTrigger } from './faults';
import { TriggerStore, type TriggerRecord, type TriggerRun } from './triggers';

export { FunctionTableInvoker, ContextInvoker, InvokerSlot, type ScriptInvoker, type InvokeOptions } from './invoker';
export type { ScriptConfig } from './config';

/** Test and playground controls for triggers: `ws.triggers`. */
export interface TriggerControls {
  /** Every user's triggers (ScriptApp only shows the current user's). */
  list(): TriggerRecord[];
  /** Runs recorded so far, oldest first. */
  runs(): TriggerRun[];
  /** Moves the clock to `to` (ms or Date), stopping at each instant a clock trigger is due. Returns the number of stops. */
  advanceTo(to: number | Date): number;
  /** Same, by a duration. */
  advance(ms: number): number;
  /** The next instant a clock trigger is due, or null. */
  nextDue(): number | null;
  /** Waits for runs an asynchronous runtime is still executing. */
  settled(): Promise<void>;
  /**
   * A fault: Google stops the trigger without telling the script. 'removed' (default) takes it out of every list,
   * 'disabled' keeps it listed; either way it no longer fires (faults.ts).
   */
  drop(uid: string, opts?: { how?: 'removed' | 'disabled' }): TriggerRecord;
  /** Undoes drop(); with `late` (default true) the events it missed are delivered now. Returns those runs. */
  restore(uid: string, opts?: { late?: boolean }): TriggerRun[];
  /** Triggers dropped by a fault ('removed'). */
  dropped(): DroppedTrigger[];
  readonly store: TriggerStore;
}

export interface ScriptServices {
  ScriptApp: LocalScriptApp;
  store: TriggerStore;
  config: ScriptConfig;
  invoker: InvokerSlot;
  controls: TriggerControls;
}

export function createScriptServices(
  kernel: Kernel,
  invoker: InvokerSlot = new InvokerSlot(),
  config: ScriptConfig = defaultScriptConfig(kernel.owner),
): ScriptServices {
  const store = new TriggerStore(kernel, invoker, config);
  const controls: TriggerControls = {
    list: () => store.all(),
    runs: () => store.runs.slice(),
    advanceTo: (to) => store.advanceStepwise(typeof to === 'number' ? to : to.getTime()),
    advance: (ms) => store.advanceStepwise(kernel.clock.now() + ms),
    nextDue: () => store.nextDue(),
    settled: () => store.settled(),
    drop: (uid, opts = {}) => store.faults.drop(uid, opts.how),
    restore: (uid, opts = {}) => store.faults.restore(uid, opts),
    dropped: () => store.faults.list(),
    store,
  };
  return { ScriptApp: new LocalScriptApp(kernel, store, config), store, config, invoker, controls };
}
