/**
 * Google Chat: a queue with a Chat space is told there instead of by email, a workflow's space gets one card message
 * per step threaded per request, posts go through the Outbox (429 and 5xx retried with backoff, nothing lost), the
 * webhook URL is a secret (refused when it is not a Chat webhook, shown masked, never in an error).
 */
import { deleteChatSpace, listChatSpaces, saveChatSpace } from '../../../../src/gas/panel/chat';
import { backoffMs } from '../../../../src/gas/mail/outbox-sender';
import { purchaseApproval } from '../../../../src/templates';
import { OWNER } from '../workspace';
import { call, callError } from '../panel/helpers';
import { at, MAX, notifyWorld, PAT, QUINN } from './helpers';

function withSpace(queues: string[], opts: Parameters<typeof notifyWorld>[0] = {}) {
  const w = notifyWorld(opts);
  const url = w.ws.chat.createSpace('Procurement');
  call(w, OWNER, saveChatSpace, { name: 'Procurement', webhookUrl: url, queues });
  return { w, url, messages: () => w.ws.chat.spaces()[0]!.messages };
}

test('the procurement queue is told in its space, in the request’s thread, and its members get no email or digest for it', () => {
  const { w, messages } = withSpace(['procurement']);
  const id = w.submit();
  w.script.controls.advanceTo(at(10, 14, 30));
  w.decide(id, MAX, 'approve');
  w.script.controls.advanceTo(at(11, 13)); // past Wed's digests
  expect(messages()).toHaveLength(1);
  const m = messages()[0]!;
  expect(m.thread).toBe(id);
  expect(m.text).toBe(`${id} · Purchase approval: New work: Being ordered`);
  const card = (m.cardsV2[0] as { card: { header: { title: string }; sections: Array<{ widgets: unknown[] }> } }).card;
  expect(card.header.title).toBe(`${id} · Purchase approval`);
  expect(JSON.stringify(card.sections)).toContain(`Open ${id}`);
  for (const who of [PAT, QUINN]) expect(w.about(who, id)).toEqual([]);
  // Posted once, through UrlFetchApp with the reply option.
  const posts = w.ws.urlfetch.log().filter((f) => f.url.startsWith('https://chat.googleapis.com/'));
  expect(posts).toHaveLength(1);
  expect(posts[0]!.url).toContain('messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
  expect(w.outbox().find((o) => o.to === 'queue:procurement')?.status).toBe('sent');
});

test('a workflow’s space gets one card per step, threaded per request; an approval’s card links to the confirm pages', () => {
  const w = notifyWorld({ definition: { ...purchaseApproval, chatSpace: 'Purchases' } });
  const url = w.ws.chat.createSpace('Purchases');
  call(w, OWNER, saveChatSpace, { name: 'Purchases', webhookUrl: url, queues: [] });
  const id = w.submit();
  w.script.controls.advanceTo(at(10, 14, 30));
  w.decide(id, MAX, 'reject', 'No budget');
  w.script.controls.advanceTo(at(10, 15));
  const msgs = w.ws.chat.spaces()[0]!.messages;
  expect(msgs.map((m) => [m.thread, m.text])).toEqual([
    [id, `${id} · Purchase approval: New request from Rita Requester`],
    [id, `${id} · Purchase approval: Rejected`],
  ]);
  const buttons = JSON.stringify(msgs[0]!.cardsV2);
  expect(buttons).toMatch(/"text":"Approve","onClick":\{"openLink":\{"url":"https:\/\/script\.google\.com\/macros\/s\/\S+\?t=/);
  expect(JSON.stringify(msgs[1]!.cardsV2)).toContain('No budget');
});

test('429 and 5xx are retried with backoff and posted once; nothing is lost', () => {
  const { w, messages } = withSpace(['procurement']);
  const id = w.submit();
  w.script.controls.advanceTo(at(10, 14, 30));
  w.ws.chat.failNext(2, 429);
  w.decide(id, MAX, 'approve');
  w.script.controls.advanceTo(at(10, 14, 41));
  let entry = w.outbox().find((o) => o.to === 'queue:procurement')!;
  expect(entry.status).toBe('pending');
  expect(entry.lastError).toMatch(/^Chat answered 429: Resource has been exhausted/);
  expect(entry.nextAttempt! - w.ws.kernel.clock.now()).toBeLessThanOrEqual(backoffMs(entry.attempts));
  w.ws.chat.failNext(1, 503);
  w.script.controls.advanceTo(at(10, 16));
  entry = w.outbox().find((o) => o.to === 'queue:procurement')!;
  expect(entry.status).toBe('sent');
  expect(entry.attempts).toBe(4);
  expect(messages()).toHaveLength(1);
});

test('a webhook that refuses (bad token) fails at once, and the error never shows the key or token', () => {
  const { w, url } = withSpace(['procurement']);
  const token = /token=([^&]+)/.exec(url)![1]!;
  const key = /key=([^&]+)/.exec(url)![1]!;
  const bad = url.replace(`token=${token}`, 'token=wrongTokenValue1234');
  call(w, OWNER, saveChatSpace, { name: 'Procurement', webhookUrl: bad, queues: ['procurement'] });
  const id = w.submit();
  w.script.controls.advanceTo(at(10, 14, 30));
  w.decide(id, MAX, 'approve');
  w.script.controls.advanceTo(at(10, 14, 50));
  const entry = w.outbox().find((o) => o.to === 'queue:procurement')!;
  expect(entry.status).toBe('failed');
  expect(entry.lastError).toMatch(/^Chat answered 403: The API is called without a valid token/);
  for (const secret of [key, 'wrongTokenValue1234']) expect(entry.lastError).not.toContain(secret);
});

test('the panel: a URL that is not a Chat webhook is refused with a sentence; saved ones are shown masked, in the audit too', () => {
  const w = notifyWorld();
  const url = w.ws.chat.createSpace('Procurement');
  const e = callError(w, OWNER, saveChatSpace, { name: 'Procurement', webhookUrl: 'https://hooks.slack.com/services/X', queues: [] });
  expect(e.message).toBe(
    'That is not a Google Chat incoming webhook URL: it starts with https://chat.googleapis.com/v1/spaces/ and carries key= and token= (in Chat: the space › Apps & integrations › Webhooks › copy the URL). Nothing was saved.',
  );
  call(w, OWNER, saveChatSpace, { name: 'Procurement', webhookUrl: url, queues: ['procurement'] });
  const listed = call(w, OWNER, listChatSpaces, {}) as { spaces: Array<{ name: string; webhook: string; queues: string[] }> };
  const token = decodeURIComponent(/token=([^&]+)/.exec(url)![1]!);
  expect(listed.spaces).toEqual([
    {
      name: 'Procurement',
      webhook: expect.stringMatching(/^https:\/\/chat\.googleapis\.com\/v1\/spaces\/\w+\/messages\?key=…&token=…/),
      queues: ['procurement'],
    },
  ]);
  expect(JSON.stringify(listed)).not.toContain(token.slice(0, -4));
  expect(JSON.stringify(w.sheet.values('Audit'))).not.toContain(token.slice(0, -4));
  expect(callError(w, MAX, listChatSpaces, {}).message).toMatch(/admin/i);
  call(w, OWNER, deleteChatSpace, { name: 'Procurement' });
  expect((call(w, OWNER, listChatSpaces, {}) as { spaces: unknown[] }).spaces).toEqual([]);
});
