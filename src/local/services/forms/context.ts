import type { Kernel } from '../../kernel/kernel';
import type { ItemData } from './model';
import type { FormStore } from './store';

/** What every FormApp object shares. */
export interface FormsCtx {
  kernel: Kernel;
  store: FormStore;
  /** The script's time zone: dates in responses are read in it. */
  timeZone(): string;
  /** Called when a form's questions change (added, renamed): the linked response sheet's header follows at once. */
  itemsChanged?(formId: string): void;
  /** The typed view of an item (what addXxxItem() and asXxxItem() return); set by the FormApp factory. */
  typedView(formId: string, item: ItemData): any;
  /** The generic Item (what getItems() returns); set by the FormApp factory. */
  genericItem(formId: string, itemId: number): unknown;
}
