/**
 * The real dist/Sidebar.html in headless Chromium, with google.script.run bridged to dist/Code.js on the
 * local Workspace (support/sidebar.ts).
 */
import { auditView } from '../support/audit-view';
import type { Browser } from 'playwright-core';
import { purchaseApproval } from '../../src/templates';
import { RITA, MAX, FAY, laptop } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { describeWithBrowser, launch } from './support/browser';
import { governed, OLGA, openSidebar } from './support/sidebar';

const maybe = describeWithBrowser('test/e2e/panel.test.ts');

maybe('the Sidebar in Chromium (dist/Sidebar.html, google.script.run bridged to dist/Code.js)', () => {
  // A browser test takes 5-6 s alone; jest's 5 s default fails it on a busy machine.
  jest.setTimeout(60_000);
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('an approver who is not an operator clicks Approve in My work (the sidebar runs as him): it lands through the web app', async () => {
    const h = governed();
    h.ws.webapp.deploy({ access: 'ANYONE_ANONYMOUS' });
    h.ws.sheets.get(h.spreadsheetId).share(MAX, 'editor');
    const page = await openSidebar(browser, h, MAX, MAX);
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    const card = page.getByRole('article', { name: /PR-000001/ });
    await card.getByRole('button', { name: 'Approve' }).click();
    // The list reloads after the change; the request left Max's work (the next step waits on others).
    await page.getByText('Nothing waits on you').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const audit = auditView(h.sheet.values('Audit'));
    const head = audit[0] as string[];
    const approvals = audit.slice(1).filter((r) => r[head.indexOf('Action')] === 'approve');
    expect(approvals.map((r) => [r[head.indexOf('Actor')], r[head.indexOf('Method')]])).toEqual([[MAX, 'sidebar']]);
    await page.close();
  }, 60_000);

  it('an operator reassigns a request from All requests', async () => {
    const h = governed();
    const page = await openSidebar(browser, h, OLGA);
    await page.getByRole('tab', { name: 'All requests' }).click();
    await page.getByRole('button', { name: 'PR-000001' }).click();
    await page.getByRole('heading', { name: /PR-000001/ }).waitFor();
    // One chooser for every action; the form below shows what the chosen one needs.
    await page.getByLabel('What do you want to do?').selectOption({ label: 'Reassign' });
    const form = page.getByRole('form', { name: 'Reassign' });
    await form.getByLabel('Assign to').fill(FAY);
    await form.getByLabel('Replace approver').selectOption(MAX);
    // Without a reason the browser's required check stops the submit: nothing reaches the server.
    await form.getByRole('button', { name: 'Reassign' }).click();
    expect(await form.getByLabel('Reason (required)').evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(h.call<{ revision: number }>('handoffGetRequest', ['PR-000001']).revision).toBe(1);
    await form.getByLabel('Reason (required)').fill('Max is on leave');
    await form.getByRole('button', { name: 'Reassign' }).click();
    await form.locator('.status.ok').waitFor();
    expect(await form.locator('.status.ok').textContent()).toMatch(/PR-000001 is now Awaiting approval/);
    const r = h.call<{ approval: { pending: string[] }; revision: number }>('handoffGetRequest', ['PR-000001']);
    expect(r.approval.pending).toEqual([FAY]);
    expect(r.revision).toBe(2);
    const audit = auditView(h.sheet.values('Audit'));
    const head = audit[0]!;
    const last = audit.find((row) => row[head.indexOf('Action')] === 'reassign')!;
    expect([last[head.indexOf('Actor')], last[head.indexOf('Reason')]]).toEqual([OLGA, 'Max is on leave']);
    expect((page as unknown as { __external: string[] }).__external).toEqual([]);
    await page.close();
  }, 60_000);

  it('All requests: the list has no bullet indent at 300 px, and the filters in force still show after switching tabs', async () => {
    const h = governed();
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: { ...laptop, item: 'Desk' } }], { as: RITA });
    const page = await openSidebar(browser, h, OLGA);
    await page.getByRole('tab', { name: 'All requests' }).click();
    const card = page.getByRole('list', { name: 'Requests' }).locator('li.card').first();
    await card.waitFor();
    // The cards fill the list: no list marker, no indent eating the 300 px.
    expect(await card.evaluate((el) => getComputedStyle(el).listStyleType)).toBe('none');
    const [listLeft, cardLeft] = await page
      .getByRole('list', { name: 'Requests' })
      .evaluate((ul) => [ul.getBoundingClientRect().left, ul.firstElementChild!.getBoundingClientRect().left]);
    expect(cardLeft - listLeft).toBeLessThan(1);
    await page.getByLabel('Channel').selectOption('api');
    await page.getByLabel('Overdue').selectOption('false');
    await page.getByLabel('Search').fill('Desk');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1–1 of 1 (filtered from 2)').waitFor();
    await page.getByRole('tab', { name: 'My work' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByRole('tab', { name: 'All requests' }).click();
    await page.getByText('1–1 of 1 (filtered from 2)').waitFor();
    // What the list is filtered by is what the controls show.
    expect([
      await page.getByLabel('Channel').inputValue(),
      await page.getByLabel('Overdue').inputValue(),
      await page.getByLabel('Search').inputValue(),
    ]).toEqual(['api', 'false', 'Desk']);
    await page.close();
  }, 60_000);

  it("a bulk action's outcome stays on screen after the list reloads", async () => {
    const h = governed();
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: { ...laptop, item: 'Desk' } }], { as: RITA });
    const page = await openSidebar(browser, h, OLGA);
    await page.getByRole('tab', { name: 'All requests' }).click();
    await page.getByLabel('Select PR-000001').check();
    await page.getByLabel('Select PR-000002').check();
    const bulk = page.getByRole('form', { name: 'Bulk action' });
    await bulk.getByLabel('Action').selectOption('cancel');
    await bulk.getByLabel('Reason (required)').fill('duplicate');
    await bulk.getByRole('button', { name: 'Apply to selection' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('li.card').length === 2 && /Cancelled/.test(document.querySelector('li.card')?.textContent ?? ''),
    );
    await page.waitForTimeout(300);
    expect(await bulk.locator('.status').allTextContents()).toEqual(['Cancelled: 2 done, 0 failed.']);
    expect(await bulk.getByText('0 selected').count()).toBe(1);
    expect(h.call<{ state: string }>('handoffGetRequest', ['PR-000002']).state).toBe('cancelled');
    await page.close();
  }, 60_000);

  it('an admin edits a workflow, sees the validation error next to the field, fixes it and publishes', async () => {
    const h = governed();
    const page = await openSidebar(browser, h, OWNER);
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByLabel('Workflow', { exact: true }).selectOption('w:purchase-approval');
    await page.getByRole('button', { name: 'Edit' }).click();
    // Items are collapsed to one line each: open the first transition.
    await page.locator('details[data-path="transitions[0]"] > summary').click();
    const to = page.locator('[data-path="transitions[0].to"]');
    await to.fill('shipped');
    await page.locator('[data-path="name"]').fill('Purchase approval (2026)');
    await page.getByRole('button', { name: 'Validate' }).click();
    const problem = page.locator('[data-path="transitions[0].to"] + .problem');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/shipped/);
    expect(await page.getByText('The workflow has problems').getAttribute('class')).toBe('status error');
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect(await to.getAttribute('aria-describedby')).toBe(await problem.getAttribute('id'));
    // Publishing while invalid is refused and writes nothing.
    await page.getByRole('button', { name: 'Publish as a new version' }).click();
    await page.getByText('Not published: fix the problems').waitFor();
    // An answer with problems is shown as an error, not in the green of a success.
    expect(await page.getByText('Not published: fix the problems').getAttribute('class')).toBe('status error');
    expect(h.call<{ workflows: Array<{ latest: number }> }>('handoffPanelWorkflows').workflows[0]!.latest).toBe(1);
    await to.fill('ordered');
    await page.getByRole('button', { name: 'Publish as a new version' }).click();
    await page.getByText('Published purchase-approval version 2.').waitFor();
    expect(await page.locator('.problem').count()).toBe(0);
    const wf = h.call<{ workflows: Array<{ latest: number; name: string }> }>('handoffPanelWorkflows').workflows[0]!;
    expect(wf).toMatchObject({ latest: 2, name: 'Purchase approval (2026)' });
    // The diagram is inline SVG with a box per state.
    expect(await page.locator('svg.diagram .state').count()).toBe(purchaseApproval.states.length);
    await page.close();
  }, 60_000);

  it("is readable at 300 px, labels every control, and shows the server's refusal as an error state", async () => {
    const h = governed();
    const page = await openSidebar(browser, h, RITA);
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.locator('.status.empty, .card').first().waitFor();
    expect(await page.getByRole('tab').count()).toBe(1); // a requester sees only My work
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
    const unlabeled = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('input, select, textarea')).filter(
          (el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label'),
        ).length,
    );
    expect(unlabeled).toBe(0);
    // The page cannot get around the server: calling an operator function directly is refused.
    const refused = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          (
            window as unknown as {
              google: {
                script: {
                  run: {
                    withFailureHandler(f: (e: Error) => void): {
                      withSuccessHandler(f: () => void): { handoffPanelListRequests(a: unknown): void };
                    };
                  };
                };
              };
            }
          ).google.script.run
            .withFailureHandler((e) => resolve(e.message))
            .withSuccessHandler(() => resolve('allowed'))
            .handoffPanelListRequests({});
        }),
    );
    expect(refused).toMatch(/Only Handoff operators can do this/);
    await page.close();
  }, 60_000);
});
