/**
 * Admin > Undelivered emails in a real Chromium, on the seeded playground: Gmail refuses every message for three
 * hours (POST /api/faults { fail: "mail" }), so Handoff gives up on the approval email of Rita's new request after
 * eight attempts; the admin sees it listed with its error, sends it again once Gmail is back, and the next timer
 * run delivers it to Max.
 */
import { DEMO_OWNER } from '../../src/local/server/demo';
import { describeWithBrowser, playgroundSession, screenshot } from './support/browser';

const maybe = describeWithBrowser('test/e2e/undelivered.test.ts');
const RITA = 'rita@acme.test';
const MAX = 'max@acme.test';

maybe('undelivered emails in Chromium', () => {
  jest.setTimeout(300_000);
  const session = playgroundSession();

  it('a dead approval email: listed with its error, sent again by the admin, delivered by the next run', async () => {
    const { pg } = session;
    expect((await pg.post('/api/faults', { fail: 'mail', times: 100 })).status).toBe(200);
    const made = await pg.post('/api/run', {
      fn: 'handoffCreateRequest',
      args: [
        {
          workflowId: 'purchase-approval',
          fields: { item: 'Undeliverable lamp', amount: 40, costCenter: 'Operations', justification: 'desk' },
        },
      ],
      as: RITA,
    });
    expect(made.status).toBe(200);
    const id = made.json.result.request.id as string;
    await pg.post('/api/clock', { ms: '3h' });
    await pg.post('/api/faults', { restore: 'mail' });
    const dead = (await pg.rows('Outbox')).filter((r) => r.Status === 'failed' && (r.Payload ?? '').includes(id));
    expect(dead.length).toBeGreaterThanOrEqual(1);

    const admin = await session.panel(DEMO_OWNER);
    // The notice at the top says so at once, and takes the admin to the list.
    const notice = admin.locator('#notices [data-notice="undelivered"]');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/^\d+ emails? could not be delivered\./);
    await notice.getByRole('button', { name: 'See undelivered emails' }).click();
    const mine = admin.locator('li.card[data-outbox]', { hasText: id });
    await mine.first().waitFor();
    expect(await mine.first().textContent()).toMatch(/refused the message.*gave up after 8 attempts/);
    await screenshot(admin, 'undelivered', '01-listed');
    // Its own button (with several undelivered, "Send all N again" under the list sends every one).
    await mine.first().getByRole('button', { name: 'Send again' }).click();
    await admin.locator('.status.ok', { hasText: /queued again: the next timer run sends/ }).waitFor();
    await screenshot(admin, 'undelivered', '02-queued');

    await pg.post('/api/clock', { ms: '11m' });
    // The next panel open: a notice only while some email is still undelivered (the demo's own traffic may have had
    // others refused in those three hours; this one is not among them any more).
    const left = (await pg.rows('Outbox')).filter((r) => r.Status === 'failed').length;
    const later = await session.panel(DEMO_OWNER);
    await later.locator('#who').filter({ hasText: DEMO_OWNER }).waitFor();
    expect(await later.locator('#notices [data-notice]').count()).toBe(left > 0 ? 1 : 0);
    const inbox = (await pg.get(`/api/inbox?as=${encodeURIComponent(MAX)}`)) as { messages: Array<{ subject: string }> };
    expect(inbox.messages.some((m) => m.subject.includes(id))).toBe(true);
    expect((await pg.rows('Outbox')).filter((r) => r.Status === 'failed' && (r.Payload ?? '').includes(id))).toEqual([]);
    const audit = (await pg.rows('Audit')).filter((r) => Object.values(r).join(' ').includes('outbox_retried'));
    expect(audit).toHaveLength(1);
  });
});
