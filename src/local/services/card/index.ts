import type { Kernel } from '../../kernel/kernel';
import { isThenable, type InvokerSlot } from '../script/invoker';
import { zoneOffset } from '../script/zoned';
import { CardNode } from './nodes';

export { createCardService, BuiltCard } from './card-service';
export { CardNode } from './nodes';

export interface Clickable {
  text: string;
  kind: string;
  action?: { function: string; parameters?: Record<string, string> };
  openLink?: { url?: string };
}

/** Every button (and clickable decorated text / key value) of a card or response, in order. */
export function clickables(root: unknown): Clickable[] {
  const out: Clickable[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (v instanceof CardNode) {
      const p = v.props;
      const click = p.onClick as { action?: CardNode; openLink?: CardNode } | undefined;
      if (click && (v.kind === 'textButton' || v.kind === 'decoratedText' || v.kind === 'keyValue')) {
        const text = String(p.text ?? p.content ?? p.altText ?? '');
        const c: Clickable = { text, kind: v.kind };
        if (click.action)
          c.action = {
            function: String(click.action.props.function ?? ''),
            parameters: (click.action.props.parameters as Record<string, string>) ?? {},
          };
        if (click.openLink) c.openLink = { url: String(click.openLink.props.url ?? '') };
        out.push(c);
      }
      for (const x of Object.values(p)) walk(x);
      return;
    }
    for (const x of Object.values(v as Record<string, unknown>)) walk(x);
  };
  walk(root);
  return out;
}

/** Default form inputs of a card: text inputs' values, selection inputs' selected items. */
export function defaultInputs(root: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (v instanceof CardNode) {
      const p = v.props;
      if (v.kind === 'textInput' && typeof p.name === 'string' && p.value !== undefined) out[p.name] = [String(p.value)];
      if (v.kind === 'selectionInput' && typeof p.name === 'string') {
        const sel = ((p.items as Array<{ value: string; selected: boolean }>) ?? []).filter((i) => i.selected).map((i) => i.value);
        if (sel.length) out[p.name] = sel;
      }
      for (const x of Object.values(p)) walk(x);
      return;
    }
    for (const x of Object.values(v as Record<string, unknown>)) walk(x);
  };
  walk(root);
  return out;
}

export interface GmailContext {
  /** The Gmail user who has the add-on open. */
  as: string;
  /** The open message (an id in that user's mailbox), if any. */
  messageId?: string;
  /** Text typed / items chosen in the card's inputs, by field name. Defaults come from the card. */
  formInputs?: Record<string, string | string[]>;
}

export interface CardControls {
  /** Runs a Gmail contextual trigger function (e.g. onGmailMessageOpen) for an open message, as the user. */
  open(fnName: string, ctx: GmailContext): unknown;
  /** "Clicks" the button with this text on a card (or in an action response): runs its action as the user. */
  click(card: unknown, buttonText: string, ctx: GmailContext): unknown;
  /** The buttons of a card, for assertions. */
  buttons(card: unknown): Clickable[];
  /** The Gmail add-on event object Apps Script passes (exposed for tests). */
  event(ctx: GmailContext, parameters?: Record<string, string>): Record<string, unknown>;
}

export interface CardDeps {
  kernel: Kernel;
  invoker: InvokerSlot;
  timeZone(): string;
  /** Access token and thread of a message in the user's mailbox. */
  message(user: string, messageId: string): { accessToken: string; threadId: string } | undefined;
}

export function createCardControls(deps: CardDeps): CardControls {
  const event = (ctx: GmailContext, parameters: Record<string, string> = {}, card?: unknown): Record<string, unknown> => {
    const inputs: Record<string, string[]> = { ...(card ? defaultInputs(card) : {}) };
    for (const [k, v] of Object.entries(ctx.formInputs ?? {})) inputs[k] = Array.isArray(v) ? v.map(String) : [String(v)];
    const tz = deps.timeZone();
    const offset = zoneOffset(deps.kernel.clock.now(), tz);
    const e: Record<string, unknown> = {
      commonEventObject: {
        hostApp: 'GMAIL',
        platform: 'WEB',
        userLocale: 'en',
        timeZone: { id: tz, offset },
        parameters: { ...parameters },
        formInputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, { stringInputs: { value: v } }])),
      },
      // Legacy fields, still sent to Gmail add-ons.
      hostApp: 'gmail',
      clientPlatform: 'web',
      userLocale: 'en',
      userTimezone: { id: tz, offSet: String(offset) },
      parameters: { ...parameters },
      formInput: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v[0]])),
      formInputs: inputs,
    };
    if (ctx.messageId) {
      const m = deps.message(ctx.as, ctx.messageId);
      if (!m) throw new Error(`cards: ${ctx.as} has no message ${ctx.messageId}`);
      e.gmail = { messageId: ctx.messageId, threadId: m.threadId, accessToken: m.accessToken };
      e.messageMetadata = { messageId: ctx.messageId, threadId: m.threadId, accessToken: m.accessToken };
    }
    return e;
  };
  const run = (fn: string, e: unknown, as: string): unknown => {
    const r = deps.invoker.invoke(fn, e, { activeUser: as, effectiveUser: as, kind: 'addon-card' });
    return isThenable(r) ? Promise.resolve(r) : r;
  };
  return {
    open: (fnName, ctx) => run(fnName, event(ctx), ctx.as),
    click(card, buttonText, ctx) {
      const all = clickables(card);
      const b = all.find((x) => x.text === buttonText);
      if (!b) throw new Error(`cards: no button "${buttonText}" (buttons: ${all.map((x) => JSON.stringify(x.text)).join(', ') || 'none'})`);
      if (b.openLink && !b.action) return { openLink: b.openLink.url };
      if (!b.action?.function) throw new Error(`cards: button "${buttonText}" has no action`);
      return run(b.action.function, event(ctx, b.action.parameters ?? {}, card), ctx.as);
    },
    buttons: (card) => clickables(card),
    event: (ctx, parameters) => event(ctx, parameters),
  };
}
