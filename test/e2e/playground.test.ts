/**
 * The playground in a real Chromium: the whole story on the seeded demo, through the pages only.
 *   a requester submits the form → the approver opens the email in the Inbox, clicks Approve, sees the confirm
 *   page, confirms → the operator opens the panel, finds the request approved, reassigns fulfilment → the clock
 *   is advanced past the SLA and the escalation email appears.
 * Screenshots of each page go to test-artifacts/playground/ (git-ignored).
 *
 * The playground runs as `npm start` does, in a child process, with its default: sidebar calls run as the person
 * using the panel, as in Apps Script. The operator reassigns as herself, which works because set-up makes operators
 * editors of the protected Requests/Audit/Outbox tabs (docs/deploy.md, "Who may write").
 */
import type { Browser, Page } from 'playwright-core';
import { describeWithBrowser, launch, screenshot, startPlayground, type RunningPlayground } from './support/browser';

const maybe = describeWithBrowser('test/e2e/playground.test.ts');
const SHOTS = 'playground';

const RITA = 'rita@acme.test';
const MAX = 'max@acme.test';
const OLIVIA = 'olivia@acme.test';
const QUINN = 'quinn@acme.test';

async function requestRow(pg: RunningPlayground, id: string): Promise<Record<string, string>> {
  const row = (await pg.rows('Requests')).find((r) => r.ID === id);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
}

maybe('the playground in Chromium', () => {
  jest.setTimeout(300_000);
  let browser: Browser;
  let pg: RunningPlayground;
  const external: string[] = [];

  beforeAll(async () => {
    pg = await startPlayground([]);
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  const pages: Page[] = [];
  afterEach(async () => {
    // On a failure, the last page opened shows where the story stopped.
    const last = pages[pages.length - 1];
    const name = expect.getState().currentTestName?.split(' ').slice(-3).join('-') ?? 'test';
    if (last && !last.isClosed()) await screenshot(last, SHOTS, `last-page-${name}`).catch(() => undefined);
    for (const pgx of pages.splice(0)) await pgx.close().catch(() => undefined);
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    pages.push(page);
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(pg.base) && !u.startsWith('about:') && !u.startsWith('data:')) external.push(u);
    });
    await page.goto(pg.base + path);
    return page;
  }

  it('requester → approver → operator → clock: the whole story through the pages', async () => {
    // 1. Rita submits the form.
    const form = await open(`/form?as=${RITA}`);
    await form.getByRole('heading', { name: 'Purchase approval' }).waitFor();
    await form.getByLabel('Item').fill('Monitor arm');
    await form.getByLabel('Amount').fill('129');
    await form.getByLabel('Vendor').fill('ErgoWorks');
    await form.getByLabel('Engineering').check();
    await form.getByLabel('Justification').fill('Two screens, one desk.');
    await screenshot(form, SHOTS, '01-form');
    await form.getByRole('button', { name: 'Submit' }).click();
    await form.locator('#form-done').waitFor();
    expect(await form.locator('#form-done').textContent()).toMatch(/handoffOnFormSubmit ✓/);
    await screenshot(form, SHOTS, '02-form-submitted');
    const mine = (await pg.rows('Requests')).filter((r) => r.Summary === 'Monitor arm');
    expect(mine).toHaveLength(1);
    const id = mine[0]!.ID!;
    expect(await requestRow(pg, id)).toMatchObject({ Requester: RITA, Channel: 'form', State: 'approval', 'Pending approvers': MAX });

    // The Sheet page, left open: it follows what happens next without a reload.
    const sheet = await open('/sheet?tab=Requests');
    await sheet.locator('#grid td', { hasText: id }).waitFor();
    await screenshot(sheet, SHOTS, '03-sheet');

    // 2. Ten minutes later the timer has sent the approval email (Clock page).
    const clock = await open('/clock');
    await clock.locator('#advance-by').fill('10m');
    await clock.getByRole('button', { name: 'Advance', exact: true }).click();
    await clock.locator('#clock-result', { hasText: 'Now' }).waitFor();

    // 3. Max opens it in his Inbox and presses Approve; the confirm page changes nothing until he confirms.
    const inbox = await open(`/inbox?as=${MAX}`);
    const mail = inbox.locator(`a.mail[data-subject*="${id}"]`);
    await mail.first().waitFor();
    await screenshot(inbox, SHOTS, '04-inbox');
    await mail.first().click();
    await inbox.locator('#subject', { hasText: id }).waitFor();
    await screenshot(inbox, SHOTS, '05-approval-email');
    await inbox.frameLocator('#mail-html').getByRole('link', { name: 'Approve' }).click();
    await inbox.waitForURL(/\/exec\?/);
    await inbox.getByRole('heading', { name: `Approve ${id}?` }).waitFor();
    expect((await requestRow(pg, id)).State).toBe('approval'); // the GET decided nothing
    await screenshot(inbox, SHOTS, '06-confirm-page');
    await inbox.getByRole('button', { name: 'Approve' }).click();
    await inbox.getByRole('heading', { name: new RegExp(`${id}: approved`, 'i') }).waitFor();
    await screenshot(inbox, SHOTS, '07-decided');
    expect(await requestRow(pg, id)).toMatchObject({ State: 'ordering', Assignee: 'queue:procurement' });
    await sheet.locator('#grid td', { hasText: 'ordering' }).first().waitFor();

    // 4. Olivia opens the panel, finds it approved (being ordered), and reassigns the fulfilment to Quinn.
    const side = await open(`/sidebar?as=${OLIVIA}`);
    const panel = side.frameLocator('#sidebar');
    await panel.getByRole('tab', { name: 'All requests' }).click();
    await panel.getByRole('button', { name: id }).click();
    await panel.getByRole('heading', { name: new RegExp(id) }).waitFor();
    await panel.getByText('Being ordered').first().waitFor();
    await panel.getByLabel('What do you want to do?').selectOption({ label: 'Reassign' });
    const reassign = panel.getByRole('form', { name: 'Reassign' });
    await reassign.getByLabel('Assign to').fill(QUINN);
    await reassign.getByLabel('Reason (required)').fill('Pat is out this week');
    await reassign.getByRole('button', { name: 'Reassign' }).click();
    // The panel shows the request again with its new assignee.
    await panel.getByText(QUINN, { exact: true }).first().waitFor();
    await screenshot(side, SHOTS, '08-sidebar-reassigned');
    expect(await requestRow(pg, id)).toMatchObject({ State: 'ordering', Assignee: QUINN });
    const reassigned = (await pg.rows('Audit')).filter((r) => Object.values(r).includes(id) && Object.values(r).includes('reassign'));
    expect(reassigned.map((r) => Object.values(r).includes(OLIVIA))).toEqual([true]);

    // 5. Three days on the Clock page: the SLA of "Being ordered" runs out and Quinn gets the escalation.
    await clock.goto(pg.base + '/clock');
    await clock.locator('#advance-by').fill('3d');
    await clock.getByRole('button', { name: 'Advance', exact: true }).click();
    await clock.locator('#clock-result', { hasText: 'Now 2026-01-08' }).waitFor({ timeout: 180_000 });
    await screenshot(clock, SHOTS, '09-clock');
    const quinn = await open(`/inbox?as=${QUINN}`);
    // "[PR-000004] Purchase approval: overdue now, waiting on Quinn Procurement" (or "2 days overdue, …"): who, and how late.
    const escalation = quinn.locator('a.mail', { hasText: new RegExp(`${id}\\] Purchase approval: .*overdue[^,]*, waiting on Quinn`) });
    await escalation.waitFor();
    await escalation.click();
    await quinn.locator('#subject', { hasText: 'overdue' }).waitFor();
    await screenshot(quinn, SHOTS, '10-escalation-email');
    // The procurement queue was told in its Chat space (the demo's "Procurement"), in the request's thread.
    const chat = await open('/chat');
    await chat
      .locator('.space[data-space="Procurement"] .chat-message', { hasText: `${id} · Purchase approval: New work` })
      .first()
      .waitFor();
    await screenshot(chat, SHOTS, '11-chat');
    expect(await sheet.locator('#grid').getAttribute('data-version')).not.toBeNull();

    // Nothing was loaded from the internet by any page.
    expect(external).toEqual([]);
  });

  it('the sidebar shim in the page: Dates are refused at once, a server refusal reaches the failure handler', async () => {
    const side = await open(`/sidebar/frame?as=${RITA}`);
    const outcome = await side.evaluate(
      () =>
        new Promise<{ date: string; refused: string; user: unknown }>((resolve) => {
          const run = (window as unknown as { google: { script: { run: any } } }).google.script.run;
          let date = '';
          try {
            run.handoffPanelMyWork({ since: new Date() });
          } catch (e) {
            date = (e as Error).message;
          }
          run
            .withUserObject({ row: 7 })
            .withFailureHandler((e: Error, u: unknown) => resolve({ date, refused: e.message, user: u }))
            .withSuccessHandler(() => resolve({ date, refused: 'allowed', user: null }))
            .handoffPanelListRequests({});
        }),
    );
    expect(outcome.date).toMatch(/illegal value in property: 0\.since/);
    expect(outcome.refused).toMatch(/operator/i);
    expect(outcome.user).toEqual({ row: 7 });
    await screenshot(side, SHOTS, '11-sidebar-requester');
  });
});
