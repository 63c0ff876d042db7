/**
 * Google Chat's incoming webhooks, offline: spaces with a webhook URL each, and the messages posted to them. A POST to
 * `https://chat.googleapis.com/v1/spaces/ID/messages?key=…&token=…` through the local UrlFetchApp is answered as Chat
 * answers (200 with the created Message; 400 INVALID_ARGUMENT for an unknown field, a bad card or a body that is not
 * JSON; 400 for a bad key; 403 for a bad token; 404 for an unknown space), and recorded. `ws.chat` lists the spaces and
 * their messages (the playground's Chat page and GET /api/chat) and can make the next posts fail (429, 500...).
 * Threads: `thread.threadKey` with `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD` (or REPLY_MESSAGE_OR_FAIL)
 * replies in the key's thread; without a reply option every message starts a new thread, as Chat does.
 */
import type { Kernel } from '../../kernel/kernel';
import { ChatBadRequest, checkMessage } from './validate';

export interface ChatMessage {
  name: string;
  /** The thread: its key when one was given, else the thread's resource name. */
  thread: string;
  text: string;
  cardsV2: unknown[];
  at: string;
}

export interface ChatSpaceState {
  id: string;
  displayName: string;
  key: string;
  token: string;
  messages: ChatMessage[];
  threads: Record<string, string>;
}

export interface ChatControls {
  /** Makes a space with an incoming webhook; returns its webhook URL. */
  createSpace(displayName: string): string;
  /** Every space with its messages, oldest first. */
  spaces(): Array<{ name: string; space: string; url: string; messages: ChatMessage[] }>;
  /** The next n posts (to any space) answer this HTTP status (429, 500, 503 ...) instead of posting. */
  failNext(n: number, status: number): void;
  toJSON(): unknown;
  restore(json: unknown): void;
}

export interface ChatResponse {
  status: number;
  body: string;
}

const ORIGIN = 'https://chat.googleapis.com';
const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

function error(status: number, message: string): ChatResponse {
  return { status, body: JSON.stringify({ error: { code: status, message, status: STATUS[status] ?? 'UNKNOWN' } }) };
}

export class LocalChat {
  private state: { seq: number; spaces: ChatSpaceState[] } = { seq: 0, spaces: [] };
  private failures: number[] = [];

  constructor(private readonly kernel: Kernel) {}

  private id(prefix: string): string {
    this.state.seq++;
    return `${prefix}${(0x5eed0000 + this.state.seq * 7919).toString(36).toUpperCase()}`;
  }

  /** Answers a fetch when it is for Chat's API; null otherwise. */
  handle(method: string, url: string, body: string): ChatResponse | null {
    if (!url.startsWith(`${ORIGIN}/`)) return null;
    const u = new URL(url);
    const m = /^\/v1\/spaces\/([^/]+)\/messages$/.exec(u.pathname);
    if (!m) return error(404, 'Requested entity was not found.');
    if (method !== 'post') return error(400, 'Invalid JSON payload received. Webhooks only create messages (POST).');
    const space = this.state.spaces.find((s) => s.id === m[1]);
    if (!space) return error(404, 'Requested entity was not found.');
    if (u.searchParams.get('key') !== space.key) return error(400, 'API key not valid. Please pass a valid API key.');
    if (u.searchParams.get('token') !== space.token)
      return error(
        403,
        'The API is called without a valid token. Instructions on how to use incoming webhooks can be found at https://developers.google.com/chat/how-tos/webhooks',
      );
    const fail = this.failures.shift();
    if (fail !== undefined)
      return error(fail, fail === 429 ? 'Resource has been exhausted (e.g. check quota).' : 'Internal error encountered.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return error(400, `Invalid JSON payload received. Unexpected token.\n${body.slice(0, 40)}\n^`);
    }
    let msg: Record<string, unknown>;
    try {
      msg = checkMessage(parsed);
    } catch (e) {
      if (e instanceof ChatBadRequest) return error(400, e.message);
      throw e;
    }
    const option = u.searchParams.get('messageReplyOption') ?? 'MESSAGE_REPLY_OPTION_UNSPECIFIED';
    const key = (msg.thread as { threadKey?: string } | undefined)?.threadKey ?? u.searchParams.get('threadKey') ?? null;
    let threadName: string;
    let reply = false;
    if (option !== 'MESSAGE_REPLY_OPTION_UNSPECIFIED' && key) {
      const known = space.threads[key];
      if (!known && option === 'REPLY_MESSAGE_OR_FAIL') return error(404, 'Requested entity was not found.');
      reply = known !== undefined;
      threadName = known ?? `spaces/${space.id}/threads/${this.id('T')}`;
      space.threads[key] = threadName;
    } else {
      threadName = `spaces/${space.id}/threads/${this.id('T')}`;
    }
    const name = `spaces/${space.id}/messages/${this.id('M')}`;
    const at = new Date(this.kernel.clock.now()).toISOString();
    const text = typeof msg.text === 'string' ? msg.text : '';
    const cardsV2 = Array.isArray(msg.cardsV2) ? msg.cardsV2 : [];
    space.messages.push({ name, thread: key && option !== 'MESSAGE_REPLY_OPTION_UNSPECIFIED' ? key : threadName, text, cardsV2, at });
    const created = {
      name,
      sender: { name: 'users/local-webhook', displayName: 'Handoff', type: 'BOT' },
      createTime: at,
      text,
      ...(cardsV2.length ? { cardsV2 } : {}),
      thread: { name: threadName, ...(key ? { threadKey: key } : {}) },
      space: { name: `spaces/${space.id}`, type: 'ROOM', displayName: space.displayName, spaceThreadingState: 'THREADED_MESSAGES' },
      argumentText: text,
      formattedText: text,
      ...(reply ? { threadReply: true } : {}),
    };
    return { status: 200, body: JSON.stringify(created) };
  }

  controls(): ChatControls {
    return {
      createSpace: (displayName) => {
        const s: ChatSpaceState = {
          id: this.id('AAQA'),
          displayName,
          key: `AIzaSy${this.id('K')}local`,
          token: this.id('tok').toLowerCase() + 'Xy_-9',
          messages: [],
          threads: {},
        };
        this.state.spaces.push(s);
        return this.url(s);
      },
      spaces: () =>
        this.state.spaces.map((s) => ({ name: s.displayName, space: `spaces/${s.id}`, url: this.url(s), messages: s.messages })),
      failNext: (n, status) => {
        for (let i = 0; i < n; i++) this.failures.push(status);
      },
      toJSON: () => this.state,
      restore: (json) => {
        const j = json as { seq?: number; spaces?: ChatSpaceState[] } | null;
        if (j && Array.isArray(j.spaces)) this.state = { seq: j.seq ?? 0, spaces: j.spaces };
      },
    };
  }

  private url(s: ChatSpaceState): string {
    return `${ORIGIN}/v1/spaces/${s.id}/messages?key=${s.key}&token=${encodeURIComponent(s.token)}`;
  }
}

export function createChatService(kernel: Kernel): { chat: LocalChat; controls: ChatControls } {
  const chat = new LocalChat(kernel);
  return { chat, controls: chat.controls() };
}
