/**
 * The Gmail add-on as Gmail runs it: opening a message runs the contextual trigger (the manifest's
 * onTriggerFunction) as the Gmail user, and the cards it returns form a stack in the side panel. A button runs its
 * action's function as that user (kind addon-card) with the event Gmail sends (parameters, form inputs, the open
 * message's access token); the ActionResponse it returns is applied: a notification, navigation (push, update,
 * pop), a link to open. Each open message has a session holding its card stack (in memory; at most MAX_SESSIONS).
 */
import { randomUUID } from 'node:crypto';
import { BadRequest } from './errors';
import type { Playground } from './playground';
import { type CardButton, renderCard } from './views/card';

export const MAX_SESSIONS = 200;

export interface GmailSession {
  id: string;
  as: string;
  messageId: string;
  /** Card JSON, the one shown last. */
  stack: Array<Record<string, unknown>>;
  /** What the last action said (notification), the link it opened, or the error it failed with. */
  notice: string | null;
  openLink: string | null;
  error: string | null;
}

function json(card: unknown): Record<string, unknown> {
  const c = card as { toJSON?: () => Record<string, unknown> } | null;
  if (c && typeof c.toJSON === 'function') return c.toJSON();
  throw new Error('the add-on returned something that is not a card');
}

/** The manifest's Gmail contextual trigger function (addOns.gmail.contextualTriggers[0].onTriggerFunction). */
export function contextualTrigger(manifest: Record<string, unknown>): string | null {
  const addOns = manifest.addOns as { gmail?: { contextualTriggers?: Array<{ onTriggerFunction?: string }> } } | undefined;
  return addOns?.gmail?.contextualTriggers?.[0]?.onTriggerFunction ?? null;
}

export class GmailPanel {
  private readonly sessions = new Map<string, GmailSession>();

  constructor(private readonly p: Playground) {}

  get(id: unknown, as: string): GmailSession {
    const s = typeof id === 'string' ? this.sessions.get(id) : undefined;
    if (!s || s.as.toLowerCase() !== as.toLowerCase())
      throw new BadRequest(
        'This card is no longer open (the playground restarted, or it belongs to someone else): open the message again.',
        404,
      );
    return s;
  }

  /** Opens a message in Gmail as `as`: its contextual trigger runs and its cards are shown. */
  async open(as: string, messageId: string): Promise<GmailSession> {
    const fn = contextualTrigger(this.p.manifest);
    // 404 when it is not in their inbox; opening a message in Gmail marks it read.
    this.p.message(as, messageId).unread = false;
    const s: GmailSession = { id: randomUUID(), as, messageId, stack: [], notice: null, openLink: null, error: null };
    this.keep(s);
    if (!fn) {
      s.error = 'The manifest declares no Gmail contextual trigger (addOns.gmail.contextualTriggers).';
      return s;
    }
    try {
      const out = await this.p.ws.cards.open(fn, { as, messageId });
      const cards = Array.isArray(out) ? out : out ? [out] : [];
      s.stack = cards.map(json);
    } catch (e) {
      s.error = `${fn} failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    return s;
  }

  /** The top card's clickable elements, numbered as the page numbers them. */
  buttons(s: GmailSession): CardButton[] {
    const top = s.stack[s.stack.length - 1];
    return top ? renderCard(top).buttons : [];
  }

  /** Presses button `index` (or the first button with that text) of the top card, with the card's inputs. */
  async press(s: GmailSession, button: unknown, inputs: Record<string, string[]>): Promise<GmailSession> {
    const all = this.buttons(s);
    const b = typeof button === 'number' || /^\d+$/.test(String(button)) ? all[Number(button)] : all.find((x) => x.text === button);
    if (!b)
      throw new BadRequest(
        `No button ${JSON.stringify(button)} on this card (buttons: ${all.map((x) => JSON.stringify(x.text)).join(', ') || 'none'})`,
      );
    if (b.disabled) throw new BadRequest(`The button "${b.text}" is disabled`);
    s.notice = null;
    s.error = null;
    s.openLink = null;
    if (!b.action) {
      s.openLink = b.openLink ?? null;
      return s;
    }
    const event = this.p.ws.cards.event({ as: s.as, messageId: s.messageId, formInputs: inputs }, b.action.parameters);
    try {
      const r = await this.p.execute(b.action.function, [event], s.as, 'addon-card');
      this.apply(s, json(r));
    } catch (e) {
      s.error = `${b.action.function} failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      this.p.changed();
    }
    return s;
  }

  /** Goes back one card, as the panel's back arrow does. */
  back(s: GmailSession): GmailSession {
    if (s.stack.length > 1) s.stack.pop();
    s.notice = s.error = s.openLink = null;
    return s;
  }

  private apply(s: GmailSession, r: Record<string, unknown>): void {
    const note = r.notification as { text?: string } | undefined;
    if (note?.text) s.notice = String(note.text);
    const link = r.openLink as { url?: string } | undefined;
    if (link?.url) s.openLink = String(link.url);
    const steps = ((r.navigation as { steps?: unknown[] } | undefined)?.steps ?? []) as Array<Record<string, unknown>>;
    for (const step of steps) {
      if (step.pushCard) s.stack.push(step.pushCard as Record<string, unknown>);
      else if (step.updateCard) s.stack[Math.max(0, s.stack.length - 1)] = step.updateCard as Record<string, unknown>;
      else if (step.popCard) s.stack.length > 1 && s.stack.pop();
      else if (step.popToRoot) s.stack.splice(1);
      else if (typeof step.popToCard === 'string') {
        const at = s.stack.map((c) => c.name).lastIndexOf(step.popToCard);
        if (at >= 0) s.stack.splice(at + 1);
      }
    }
  }

  private keep(s: GmailSession): void {
    this.sessions.set(s.id, s);
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
  }
}
