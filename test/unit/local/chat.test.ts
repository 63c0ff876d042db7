/**
 * Google Chat's incoming webhooks on the local Workspace (src/local/services/chat): a post through UrlFetchApp is
 * checked as Chat checks it and answered with Chat's statuses and error bodies, recorded per space and thread.
 */
import { loadScript } from '../../../src/local/runtime';
import { createWorkspace } from '../../../src/local/workspace';

const SCRIPT = `
function post(url, body) {
  var r = UrlFetchApp.fetch(url, { method: 'post', contentType: 'application/json; charset=UTF-8', payload: typeof body === 'string' ? body : JSON.stringify(body), muteHttpExceptions: true });
  return { code: r.getResponseCode(), body: JSON.parse(r.getContentText()) };
}
`;

const OWNER = 'ada@acme.test';

function setup() {
  const ws = createWorkspace({ owner: OWNER });
  const script = loadScript(ws, SCRIPT);
  const url = ws.chat.createSpace('Procurement');
  const post = (u: string, body: unknown) =>
    script.call('post', [u, body], { activeUser: OWNER, effectiveUser: OWNER, kind: 'time-trigger' }) as {
      code: number;
      body: { name?: string; thread?: { name: string }; threadReply?: boolean; error?: { code: number; message: string; status: string } };
    };
  return { ws, url, post };
}

const card = { cardId: 'c', card: { header: { title: 'PR-1' }, sections: [{ widgets: [{ decoratedText: { text: 'Laptop' } }] }] } };

test('a card message is created (200, the Message back) and threaded by threadKey with REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD', () => {
  const { ws, url, post } = setup();
  const reply = `${url}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`;
  const a = post(reply, { text: 'one', thread: { threadKey: 'PR-1' }, cardsV2: [card] });
  const b = post(reply, { text: 'two', thread: { threadKey: 'PR-1' } });
  const c = post(url, { text: 'three', thread: { threadKey: 'PR-1' } }); // no reply option: a new thread
  expect([a.code, b.code, c.code]).toEqual([200, 200, 200]);
  expect(a.body.name).toMatch(/^spaces\/\w+\/messages\/\w+$/);
  expect(b.body.thread?.name).toBe(a.body.thread?.name);
  expect(b.body.threadReply).toBe(true);
  expect(c.body.thread?.name).not.toBe(a.body.thread?.name);
  const [space] = ws.chat.spaces();
  expect(space!.name).toBe('Procurement');
  expect(space!.messages.map((m) => [m.thread, m.text])).toEqual([
    ['PR-1', 'one'],
    ['PR-1', 'two'],
    [c.body.thread!.name, 'three'],
  ]);
  expect(space!.messages[0]!.cardsV2).toEqual([card]);
});

test('Chat’s 400s: an unknown field, a bad card, a body that is not JSON, an empty message; nothing is recorded', () => {
  const { ws, url, post } = setup();
  const unknown = post(url, { text: 'x', body: 'y' });
  expect(unknown.code).toBe(400);
  expect(unknown.body.error).toEqual({
    code: 400,
    message: 'Invalid JSON payload received. Unknown name "body" at \'message\': Cannot find field.',
    status: 'INVALID_ARGUMENT',
  });
  const nested = post(url, { cardsV2: [{ card: { header: { title: 'x', colour: 'red' } } }] });
  expect(nested.body.error?.message).toBe(
    'Invalid JSON payload received. Unknown name "colour" at \'message.cards_v2[0].card.header\': Cannot find field.',
  );
  expect(post(url, { cardsV2: [{ card: { header: {} } }] }).body.error?.message).toMatch(/header\.title': a non-empty string is required/);
  expect(post(url, { cardsV2: [{ card: { sections: [{ widgets: [] }] } }] }).code).toBe(400);
  expect(
    post(url, { cardsV2: [{ card: { sections: [{ widgets: [{ buttonList: { buttons: [{ text: 'Go' }] } }] }] } }] }).body.error?.message,
  ).toMatch(/onClick is required/);
  expect(post(url, '{not json').body.error?.message).toMatch(/^Invalid JSON payload received\. Unexpected token\./);
  expect(post(url, {}).code).toBe(400);
  expect(ws.chat.spaces()[0]!.messages).toEqual([]);
});

test('a bad key is 400, a bad token 403, an unknown space 404; failNext answers 429/500 before posting', () => {
  const { ws, url, post } = setup();
  expect(post(url.replace(/key=[^&]+/, 'key=nope'), { text: 'x' }).body.error).toMatchObject({
    code: 400,
    message: 'API key not valid. Please pass a valid API key.',
  });
  expect(post(url.replace(/token=[^&]+/, 'token=nope'), { text: 'x' }).body.error).toMatchObject({
    code: 403,
    status: 'PERMISSION_DENIED',
  });
  expect(post(url.replace(/spaces\/\w+\//, 'spaces/NOPE/'), { text: 'x' }).code).toBe(404);
  ws.chat.failNext(2, 429);
  expect(post(url, { text: 'x' }).body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
  expect(post(url, { text: 'x' }).code).toBe(429);
  expect(post(url, { text: 'x' }).code).toBe(200);
  expect(ws.chat.spaces()[0]!.messages).toHaveLength(1);
  // Each post is a metered UrlFetch call, counted against the daily quota.
  expect(ws.urlfetch.log().filter((f) => f.url.startsWith('https://chat.googleapis.com/'))).toHaveLength(6);
});
