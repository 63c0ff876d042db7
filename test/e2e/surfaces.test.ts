/**
 * The playground's surfaces in a real Chromium, on the seeded demo, through the pages only: a response's edit link,
 * a spreadsheet link, hand edits on the Sheet page, the Gmail add-on's card, the mail banner, the Handoff menu with
 * its prompt answered in the page. Screenshots go to test-artifacts/surfaces/ (git-ignored).
 */
import type { Browser, Page } from 'playwright-core';
import { describeWithBrowser, launch, screenshot, startPlayground, type RunningPlayground } from './support/browser';

const maybe = describeWithBrowser('test/e2e/surfaces.test.ts');
const SHOTS = 'surfaces';

const ADA = 'ada@acme.test';
const RITA = 'rita@acme.test';
const MAX = 'max@acme.test';
const OLIVIA = 'olivia@acme.test';

maybe('every surface in Chromium', () => {
  jest.setTimeout(300_000);
  let browser: Browser;
  let pg: RunningPlayground;
  const external: string[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    pg = await startPlayground([]);
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  afterEach(async () => {
    const last = pages[pages.length - 1];
    const name = expect.getState().currentTestName?.split(' ').slice(-3).join('-') ?? 'test';
    if (last && !last.isClosed()) await screenshot(last, SHOTS, `last-page-${name}`).catch(() => undefined);
    for (const p of pages.splice(0)) await p.close().catch(() => undefined);
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

  const request = async (id: string) => (await pg.rows('Requests')).find((r) => r.ID === id) ?? {};

  it("a response's edit link opens the form prefilled; submitting it updates the request", async () => {
    const entry = (await pg.rows('Intake log')).find((r) => r.Request === 'PR-000003');
    const link = entry?.['Edit link'] ?? '';
    expect(link).toMatch(/^https:\/\/docs\.google\.com\/forms\//);
    const form = await open(`${link.replace('https://docs.google.com/', '/docs/')}&as=${RITA}`);
    await form.locator('#form-editing').waitFor();
    expect(await form.getByLabel('Amount').inputValue()).toBe('249.99');
    await form.getByLabel('Amount').fill('219');
    await screenshot(form, SHOTS, '01-edit-response');
    await form.getByRole('button', { name: 'Submit' }).click();
    await form.locator('#form-done').waitFor();
    expect(await form.locator('#form-done').textContent()).toMatch(/Your response has been updated\./);
    await screenshot(form, SHOTS, '02-edit-response-done');
    expect(JSON.parse((await request('PR-000003')).Fields ?? '{}').amount).toBe(219);
  });

  it("the spreadsheet's link opens the Sheet page at the tab (#gid) and row (#range) it names", async () => {
    const { spreadsheet } = await pg.get<{ spreadsheet: { url: string; gids: Record<string, number> } }>('/api/state');
    expect(spreadsheet.url).toMatch(/^https:\/\/docs\.google\.com\/spreadsheets\/d\//);
    // The fragment never reaches a server: the Sheet page reads it (#gid names the tab, #range the row).
    const link = `${spreadsheet.url.replace('https://docs.google.com/', '/docs/')}#gid=${spreadsheet.gids.Audit}&range=A3`;
    const sheet = await open(link);
    await sheet.waitForURL(/\/sheet\?tab=Audit&row=3$/);
    await sheet.locator('#grid[data-tab="Audit"] tr.target th', { hasText: '3' }).waitFor();
    await screenshot(sheet, SHOTS, '03-sheet-link');
  });

  it('hand edits: the owner is undone and audited; an operator overrides an assignee, audited', async () => {
    const sheet = await open(`/sheet?tab=Requests&as=${ADA}`);
    const summary = sheet.locator('#grid td[data-cell="M2"]');
    await summary.waitFor();
    const before = await summary.textContent();
    await summary.dblclick();
    await sheet.locator('#grid textarea').fill('Typed over by hand');
    await sheet.locator('#grid textarea').press('Enter');
    await sheet.locator('#edit-reverted').waitFor();
    expect(await sheet.locator('#edit-reverted').textContent()).toMatch(
      /undone by handoffOnEdit.*Audit: hand_edit · reverted · ada@acme\.test/,
    );
    await sheet.locator('#grid td[data-cell="M2"]', { hasText: before ?? '' }).waitFor();
    await screenshot(sheet, SHOTS, '04-sheet-edit-reverted');

    const op = await open(`/sheet?tab=Requests&as=${OLIVIA}`);
    const assignee = op.locator('#grid td[data-cell="F2"]');
    await assignee.waitFor();
    await assignee.dblclick();
    await op.locator('#grid textarea').fill('pat@acme.test');
    await op.locator('#grid textarea').press('Enter');
    await op.locator('#edit-override').waitFor();
    await op.locator('#grid td[data-cell="F2"]', { hasText: 'pat@acme.test' }).waitFor();
    await screenshot(op, SHOTS, '05-sheet-edit-override');
    expect((await request('PR-000001')).Assignee).toBe('pat@acme.test');
  });

  it("Gmail: Max opens the approval in Gmail, approves on the add-on's card; the banner sends the mail", async () => {
    const inbox = await open(`/inbox?as=${MAX}`);
    await inbox.locator('.mailrow', { hasText: 'PR-000003' }).getByRole('link', { name: 'Open in Gmail' }).click();
    await inbox.locator('aside.addon .card-title', { hasText: 'PR-000003 · Purchase approval' }).waitFor();
    await screenshot(inbox, SHOTS, '06-gmail-card');
    await inbox.locator('aside.addon textarea[name="in:comment"]').fill('Go ahead.');
    await inbox.locator('aside.addon').getByRole('button', { name: 'Approve' }).click();
    await inbox.locator('#addon-notice').waitFor();
    await screenshot(inbox, SHOTS, '07-gmail-card-approved');
    expect((await request('PR-000003'))['Pending approvers']).not.toContain(MAX);

    // The approval queued mail: the banner says when it goes out, and runs the timer on request.
    await inbox.locator('#mail-banner:not([hidden])').waitFor();
    expect(await inbox.locator('#mail-banner-text').textContent()).toMatch(
      /waiting in the Outbox: the timer sends (it|them) at its next run/,
    );
    await screenshot(inbox, SHOTS, '08-mail-banner');
    await inbox.getByRole('button', { name: 'Run the timer now' }).click();
    await inbox.locator('#mail-banner-text', { hasText: 'The timer ran' }).waitFor();
    expect((await pg.get<{ mail: { queued: number } }>('/api/state')).mail.queued).toBe(0);
  });

  it('the Handoff menu: Link a form asks in the page, and the answers reach the script', async () => {
    const menu = await open(`/menu?as=${ADA}`);
    await menu.getByRole('button', { name: 'Link a form' }).click();
    const dialog = menu.locator('#menu-dialog');
    await dialog.locator('#menu-dialog-title', { hasText: 'Link a form' }).waitFor();
    await screenshot(menu, SHOTS, '09-menu-prompt');
    await dialog.locator('button[data-answer="CANCEL"]').click();
    await dialog.locator('#menu-dialog-prompt', { hasText: 'Nothing was linked.' }).waitFor();
    await dialog.locator('button[data-answer="OK"]').click();
    await menu.locator('#menu-result-title', { hasText: 'handoffMenuLinkForm finished' }).waitFor();
    expect(await menu.locator('#menu-result-body').textContent()).toMatch(/→ Cancel.*Nothing was linked\. → OK/s);
    await screenshot(menu, SHOTS, '10-menu-done');

    const rita = await open(`/menu?as=${RITA}`);
    await rita.getByRole('button', { name: 'Open panel' }).waitFor();
    expect(await rita.getByRole('button', { name: 'Link a form' }).count()).toBe(0);
    expect(external).toEqual([]);
  });

  it("the Handoff menu: Open panel's sidebar appears with its alert, while the alert waits, as in Sheets", async () => {
    const rita = await open(`/menu?as=${RITA}`);
    await rita.getByRole('button', { name: 'Open panel' }).click();
    const dialog = rita.locator('#menu-dialog');
    await dialog.locator('#menu-dialog-prompt', { hasText: 'Opened the Handoff panel' }).waitFor();
    // The alert is still open (the execution waits for Rita) and the sidebar it showed first is already there.
    const frame = rita.locator('#menu-result-dialogs iframe.dialog');
    await frame.waitFor();
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await rita.locator('#menu-result-dialogs h3').first().textContent()).toMatch(/^Sidebar/);
    await rita.frameLocator('#menu-result-dialogs iframe.dialog').getByText('My work', { exact: false }).first().waitFor();
    await screenshot(rita, SHOTS, '11-menu-sidebar-with-alert');
    const src = await frame.getAttribute('src');
    await dialog.locator('button[data-answer="OK"]').click();
    await rita.locator('#menu-result-title', { hasText: 'handoffOpenPanel finished' }).waitFor();
    // The same sidebar stays (not shown a second time, not reloaded).
    expect(await rita.locator('#menu-result-dialogs iframe.dialog').count()).toBe(1);
    expect(await rita.locator('#menu-result-dialogs iframe.dialog').getAttribute('src')).toBe(src);
    expect(await rita.locator('#menu-result-body').textContent()).toMatch(/Opened the Handoff panel \(mywork\)\. → OK/);
    await screenshot(rita, SHOTS, '12-menu-sidebar-after-alert');
    expect(external).toEqual([]);
  });

  it('the home page names every surface and the away approver; the Clock shows where a long advance is while it moves', async () => {
    const home = await open(`/?as=${ADA}`);
    for (const path of ['/form', '/inbox', '/sidebar', '/menu', '/sheet', '/chat', '/clock'])
      expect(await home.locator(`.card ol a[href="${path}"]`).count()).toBe(1);
    expect(await home.locator('#home-delegation').textContent()).toMatch(/Fay Finance is away .*lee@acme\.test acts for them/);
    await screenshot(home, SHOTS, '13-home');

    const clock = await open('/clock');
    // Times in the workflow's zone, as the top bar shows them.
    expect(await clock.locator('#runs tr td').nth(3).textContent()).toMatch(/^2026-01-\d\d \d\d:\d\d America\/New_York$/);
    await clock.getByRole('button', { name: '+1 week' }).click();
    await clock.locator('#clock-result', { hasText: 'trigger run(s) so far' }).waitFor({ timeout: 60_000 });
    expect(await clock.locator('#clock-result').textContent()).toMatch(
      /simulated time now 2026-01-\d\d \d\d:\d\d America\/New_York \(until 2026-01-12 /,
    );
    await screenshot(clock, SHOTS, '14-clock-advancing');
    await clock.locator('#clock-result', { hasText: /^Now / }).waitFor({ timeout: 240_000 });
    expect(await clock.locator('#clock-result').textContent()).toMatch(/: 1,?0\d\d trigger run\(s\)\.$/);
    expect(external).toEqual([]);
  });
});
