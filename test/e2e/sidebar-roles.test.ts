/**
 * Every role finishes the job in the sidebar (dist/Sidebar.html in Chromium at 300 px, google.script.run bridged
 * to dist/Code.js): one test per dead end that was fixed, and a screenshot of each view in test-artifacts/sidebar/.
 * The people who are not operators run the sidebar as themselves with view access only, so their changes go
 * through the web app, as in Apps Script.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { purchaseApproval } from '../../src/templates';
import type { Harness } from '../integration/harness';
import { FAY, MAX, PAT, RITA, laptop } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { describeWithBrowser, launch, screenshot } from './support/browser';
import { governed, OLGA, openSidebar } from './support/sidebar';

const maybe = describeWithBrowser('test/e2e/sidebar-roles.test.ts');
const SHOTS = 'sidebar';

/** The governed sheet, the web app open for the sidebar relay, and Rita, Max and Pat able to open the sheet (read only). */
function world(): Harness {
  const h = governed();
  h.ws.webapp.deploy({ access: 'ANYONE_ANONYMOUS' });
  for (const who of [RITA, MAX, PAT]) h.ws.sheets.get(h.spreadsheetId).share(who, 'viewer');
  return h;
}

interface Req {
  state: string;
  revision: number;
  fields: Record<string, unknown>;
  approval: { pending: string[] } | null;
}
const get = (h: Harness, id = 'PR-000001') => h.call<Req>('handoffGetRequest', [id]);

/** Approves PR-000001 through every step, as each pending approver: it is then being ordered (procurement). */
function approveAll(h: Harness): void {
  for (let r = get(h); r.state === 'approval'; r = get(h))
    h.call('handoffPanelAct', [{ requestId: 'PR-000001', expectedRevision: r.revision, action: { type: 'approve' } }], {
      as: r.approval!.pending[0]!,
      runAs: OWNER,
    });
}

async function sidebarAs(browser: Browser, h: Harness, who: string): Promise<Page> {
  return openSidebar(browser, h, who, who === OLGA || who === OWNER ? undefined : who);
}

async function openFromAll(page: Page, id: string): Promise<void> {
  await page.getByRole('tab', { name: 'All requests' }).click();
  await page.getByRole('button', { name: id, exact: true }).click();
  await page.getByRole('heading', { name: new RegExp(id) }).waitFor();
}

/** Words a requester must never read. */
const INTERNAL = /queue:|∅|by system|Waiting for nobody|an operator must reassign/;

maybe('every role finishes the job in the sidebar (300 px)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('Mark ordered: a procurement member fills in the PO number the move requires, in the same form', async () => {
    const h = world();
    approveAll(h);
    const page = await sidebarAs(browser, h, PAT);
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await screenshot(page, SHOTS, '01-my-work-procurement');
    await page.getByRole('button', { name: 'Open PR-000001' }).click();
    await page.getByLabel('What do you want to do?').selectOption({ label: 'Mark ordered' });
    const form = page.getByRole('form', { name: 'Mark ordered' });
    const po = form.getByLabel('PO number (required)');
    await po.waitFor();
    await screenshot(page, SHOTS, '02-request-mark-ordered');
    // Empty, the browser does not send it.
    await form.getByRole('button', { name: 'Mark ordered' }).click();
    expect(await po.evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(get(h).state).toBe('ordering');
    await po.fill('PO-4711');
    await form.getByRole('button', { name: 'Mark ordered' }).click();
    await form.locator('.status.ok').waitFor();
    expect(await form.locator('.status.ok').textContent()).toBe('Done: PR-000001 is now Ordered.');
    expect(get(h)).toMatchObject({ state: 'ordered', fields: { poNumber: 'PO-4711' } });
    await page.close();
  }, 90_000);

  it('Resubmit: after "request changes" the requester sees the fields to correct, and her correction reaches the request', async () => {
    const h = world();
    h.call(
      'handoffPanelAct',
      [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'request_changes', comment: 'Cheaper, please' } }],
      {
        as: MAX,
        runAs: OWNER,
      },
    );
    const page = await sidebarAs(browser, h, RITA);
    await page.getByText('Waiting for your answer').waitFor();
    await page.getByRole('button', { name: 'Open PR-000001' }).click();
    const form = page.getByRole('form', { name: 'Resubmit' });
    await form.getByLabel('Amount (required)').fill('900');
    await screenshot(page, SHOTS, '03-request-resubmit');
    // A requester reads words, not the engine's ids.
    expect(await page.locator('main').textContent()).not.toMatch(INTERNAL);
    await form.getByLabel('Comment (optional)').fill('A cheaper model');
    await form.getByRole('button', { name: 'Resubmit' }).click();
    await form.locator('.status.ok').waitFor();
    expect(get(h)).toMatchObject({ state: 'approval', fields: { amount: 900 } });
    await page.close();
  }, 90_000);

  it("the operator's request: one action chooser; Cancel is red and asks before it acts", async () => {
    const h = world();
    const page = await sidebarAs(browser, h, OLGA);
    await openFromAll(page, 'PR-000001');
    const pick = page.getByLabel('What do you want to do?');
    const options = await pick.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Reassign', 'Edit fields', 'Move to state…', 'Resend the notification']));
    expect(options[options.length - 1]).toBe('Cancel request (cannot be undone)');
    // One form at a time, with only what the chosen action needs.
    expect(await page.locator('main form').count()).toBe(1);
    await pick.selectOption({ label: 'Cancel request (cannot be undone)' });
    const form = page.getByRole('form', { name: 'Cancel request' });
    const button = form.getByRole('button', { name: 'Cancel request' });
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(179, 38, 30)');
    await form.getByLabel('Reason (required)').fill('Duplicate of PR-000002');
    await button.click();
    await form.getByRole('alertdialog').waitFor();
    await screenshot(page, SHOTS, '04-request-operator-cancel-confirm');
    expect(get(h).state).toBe('approval'); // asked, not done
    await form.getByRole('button', { name: 'Keep the request' }).click();
    await button.click();
    await form.getByRole('button', { name: 'Yes, cancel PR-000001' }).click();
    await form.locator('.status.ok').waitFor();
    expect(get(h).state).toBe('cancelled');
    await page.close();
  }, 90_000);

  it('All requests: the State filter shows labels, rows name the pending approver, and Export CSV saves what the filters match', async () => {
    const h = world();
    h.call(
      'handoffCreateRequest',
      [{ workflowId: 'purchase-approval', fields: { item: 'Desk', amount: 300, costCenter: 'Engineering', justification: 'x' } }],
      {
        as: RITA,
      },
    );
    h.call('handoffPanelAct', [{ requestId: 'PR-000002', expectedRevision: 1, action: { type: 'cancel', reason: 'dup' } }], { as: OLGA });
    const page = await sidebarAs(browser, h, OLGA);
    await page.getByRole('tab', { name: 'All requests' }).click();
    const row = page.getByRole('list', { name: 'Requests' }).locator('li.card', { hasText: 'PR-000001' });
    await row.waitFor();
    expect(await row.textContent()).toContain(`waiting for ${MAX}`);
    expect(await row.textContent()).not.toContain('queue:');
    const states = await page.getByLabel('State').locator('option').allTextContents();
    expect(states).toEqual(['Any state', ...purchaseApproval.states.map((s) => s.label)]);
    await page.getByLabel('State').selectOption({ label: 'Cancelled' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1–1 of 1 (filtered from 2)').waitFor();
    await screenshot(page, SHOTS, '05-all-requests');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^handoff-requests-.*\.csv$/);
    expect(
      csv
        .trim()
        .split('\r\n')
        .map((l) => l.split(',')[0]),
    ).toEqual(['ID', 'PR-000002']);
    await page.getByText('1 request exported (the filters in force).').waitFor();
    // Where the frame saves no file, the same CSV is there to copy.
    await page.getByText('No file saved? Copy the CSV instead').click();
    const text = page.getByLabel('The CSV, to copy');
    // (A textarea's value ends lines with LF; the file with CRLF.)
    expect(await text.inputValue()).toBe(csv.replace(/\r\n/g, '\n'));
    await page.getByRole('button', { name: 'Select all' }).click();
    expect(await text.evaluate((el) => [(el as HTMLTextAreaElement).selectionStart, (el as HTMLTextAreaElement).selectionEnd])).toEqual([
      0,
      csv.replace(/\r\n/g, '\n').length,
    ]);
    await page.close();
  }, 90_000);

  it('My work: an approval that is not the last says so, the last says where it went, and the list is drawn once', async () => {
    const h = world();
    // Above 5,000 the finance step follows the manager's.
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: { ...laptop, item: 'Server', amount: 6000 } }], {
      as: RITA,
    });
    const page = await sidebarAs(browser, h, MAX);
    const big = page.getByRole('article', { name: /PR-000002/ });
    await big.getByRole('button', { name: 'Approve' }).click();
    await big.getByText(`Your approval of PR-000002 is recorded. It now waits for ${FAY}.`).waitFor();
    const small = page.getByRole('article', { name: /PR-000001/ });
    await page.getByRole('article', { name: /PR-000002/ }).waitFor({ state: 'detached' });
    await screenshot(page, SHOTS, '09-my-work-approver');
    await small.getByRole('button', { name: 'Approve' }).click();
    await small.getByText('Your approval of PR-000001 is recorded. It moved on to Being ordered.').waitFor();
    await page.getByText('Nothing waits on you').waitFor();
    // One list, never a stale one with a live Approve button under it.
    expect(await page.getByRole('heading', { name: 'My work' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.close();
  }, 90_000);

  it('an approver opens a request again after it moved on (by its id, from My work); a stranger cannot', async () => {
    const h = world();
    const page = await sidebarAs(browser, h, MAX);
    const card = page.getByRole('article', { name: /PR-000001/ });
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Nothing waits on you').waitFor();
    const form = page.getByRole('form', { name: 'Open a request' });
    await form.getByLabel('Open a request by its id').fill('pr-000001');
    await form.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: /^PR-000001/ }).waitFor();
    await page.getByText('Being ordered', { exact: true }).waitFor();
    expect(await page.getByLabel('What do you want to do?').count()).toBe(0);
    await screenshot(page, SHOTS, '12-reopen-after-approval');
    await page.close();
    // Fay (finance) never took part in PR-000001 (below 5,000): the same box tells her so, in one sentence.
    h.ws.sheets.get(h.spreadsheetId).share(FAY, 'viewer');
    const fay = await sidebarAs(browser, h, FAY);
    const box = fay.getByRole('form', { name: 'Open a request' });
    await box.getByLabel('Open a request by its id').fill('PR-000001');
    await box.getByRole('button', { name: 'Open' }).click();
    const refusal = fay.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('Request PR-000001 was not found, or it is not one of yours.');
    await fay.close();
  }, 90_000);

  it('Settings: an admin pauses and resumes automation; People: a delegate and the days away', async () => {
    const h = world();
    const page = await sidebarAs(browser, h, OWNER);
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByText('Settings', { exact: true }).click();
    await page.getByRole('button', { name: 'Pause automation' }).click();
    await page.getByText(/^Automation is paused \(by /).waitFor();
    expect(h.call<{ paused: boolean }>('handoffPanelAutomation', [{}]).paused).toBe(true);
    await page.getByText('People and roles', { exact: true }).click();
    await page.getByRole('button', { name: `Edit ${MAX}` }).click();
    const form = page.getByRole('form', { name: 'Add or change a person' });
    await form.getByLabel('Delegate while away').fill(PAT);
    await form.getByLabel('First day away').fill('2026-01-01');
    await form.getByLabel('Last day away').fill('2026-01-31');
    await form.getByRole('button', { name: 'Save person' }).click();
    await form.getByText(`Saved ${MAX}.`).waitFor();
    await page.getByText(`away 2026-01-01 to 2026-01-31, ${PAT} decides for them`).waitFor();
    await screenshot(page, SHOTS, '06-admin-settings-people');
    await page.getByRole('button', { name: 'Resume automation' }).click();
    await page.getByText(/^Automation is running/).waitFor();
    expect(h.call<{ paused: boolean }>('handoffPanelAutomation', [{}]).paused).toBe(false);
    await page.close();
  }, 90_000);

  it('the workflow editor: every problem in one pass, collapsed items, labelled arrows, a broken edge drawn', async () => {
    const h = world();
    const page = await sidebarAs(browser, h, OWNER);
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByLabel('Workflow', { exact: true }).selectOption('w:purchase-approval');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.locator('svg.diagram').waitFor();
    // Compact: the items are collapsed lines; the whole editor fits in a few screens at 300 px.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(3000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
    expect(await page.locator('svg.diagram .edge-label').allTextContents()).toEqual(
      expect.arrayContaining(['Mark ordered', 'approved', 'rejected']),
    );
    // A schema error (prefix) and a meaning error (an arrow to no state), reported together.
    await page.locator('[data-path="prefix"]').fill('lower');
    await page.locator('details[data-path="transitions[0]"] > summary').click();
    await page.locator('[data-path="transitions[0].to"]').fill('shipped');
    expect(await page.locator('svg.diagram .kind-missing').count()).toBe(1);
    expect(await page.locator('svg.diagram .edge.broken').count()).toBe(1);
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.locator('[data-path="transitions[0].to"] + .problem').waitFor();
    await page.locator('[data-path="prefix"] + .problem').waitFor();
    // The approval chain and the SLA have form controls.
    await page.locator('details[data-path="states[0]"] > summary').click();
    await page.getByLabel('When approved, go to').first().waitFor();
    await page.getByLabel('Business hours allowed').first().waitFor();
    await screenshot(page, SHOTS, '07-workflow-editor');
    await page.close();
  }, 90_000);

  it('the Overdue badge keeps its own width in My work and in All requests (never stretched across the card)', async () => {
    const h = world();
    h.ws.kernel.clock.advance(30 * 86_400_000); // far past the 16 business hours of the approval
    for (const [who, tab] of [
      [MAX, null],
      [OLGA, 'All requests'],
    ] as const) {
      const page = await sidebarAs(browser, h, who);
      if (tab) await page.getByRole('tab', { name: tab }).click();
      const badge = page.locator('.badge.overdue').first();
      await badge.waitFor();
      const [w, text, card] = await badge.evaluate((el) => [
        el.getBoundingClientRect().width,
        el.scrollWidth,
        (el.closest('.card') as HTMLElement).getBoundingClientRect().width,
      ]);
      expect(w).toBeLessThanOrEqual(text + 1);
      expect(w).toBeLessThan(card / 3);
      await page.close();
    }
  }, 90_000);

  it('Metrics at 300 px: nothing clipped, "1 request"', async () => {
    const h = world();
    const page = await sidebarAs(browser, h, OLGA);
    await page.getByRole('tab', { name: 'Metrics' }).click();
    await page.getByText(/^1 request, 0 finished/).waitFor();
    // Every chart's text ends inside its drawing.
    const overflow = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('svg.chart text')).filter((t) => {
          const svg = (t as SVGGraphicsElement).ownerSVGElement!;
          const box = (t as SVGGraphicsElement).getBBox();
          return box.x + box.width > svg.viewBox.baseVal.width + 0.5;
        }).length,
    );
    expect(overflow).toBe(0);
    await screenshot(page, SHOTS, '08-metrics');
    await page.close();
  }, 90_000);

  it('publishing a new required field: a sentence until the admin confirms, then the linked form asks it', async () => {
    const h = world();
    h.ws.ui.answerPrompt('new');
    h.ws.ui.answerPrompt('purchase-approval');
    h.call('handoffLinkForm');
    const page = await sidebarAs(browser, h, OWNER);
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByLabel('Workflow', { exact: true }).selectOption('w:purchase-approval');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Add field' }).click();
    const n = purchaseApproval.fields.length;
    await page.locator(`details[data-path="fields[${n}]"] > summary`).click();
    await page.locator(`[data-path="fields[${n}].id"]`).fill('budgetCode');
    await page.locator(`[data-path="fields[${n}].label"]`).fill('Budget code');
    await page.locator(`[data-path="fields[${n}].required"]`).selectOption('yes');
    await page.getByRole('button', { name: 'Publish as a new version' }).click();
    await page
      .getByText('Not published. The linked form "Purchase approval" has no question for "Budget code", which this version requires.')
      .waitFor();
    expect(h.call<{ workflows: Array<{ latest: number }> }>('handoffPanelWorkflows', [{}]).workflows[0]!.latest).toBe(1);
    await screenshot(page, SHOTS, '10-publish-form-gap');
    await page.getByRole('button', { name: 'Add the questions to the form and publish' }).click();
    await page.getByText('Published purchase-approval version 2. "Budget code" added to the form "Purchase approval".').waitFor();
    expect(
      h.ws.forms
        .list()
        .at(-1)!
        .items.map((i) => i.title),
    ).toContain('Budget code');
    await page.close();
  }, 90_000);

  it('a test run: the admin tries the draft on TEST requests, every email goes to them, and one action clears them', async () => {
    const h = world();
    const page = await sidebarAs(browser, h, OWNER);
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByLabel('Workflow', { exact: true }).selectOption('w:purchase-approval');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Try this draft (test run)' }).click();
    const form = page.getByRole('form', { name: 'Create a TEST request' });
    await form.getByLabel('Item (required)').fill('Test chair');
    await form.getByLabel('Amount (required)').fill('80');
    await form.getByLabel('Cost centre (required)').selectOption('Engineering');
    await form.getByLabel('Justification (required)').fill('trying the draft');
    await form.getByRole('button', { name: 'Create a TEST request' }).click();
    await form.getByText('Created TEST-000001.').waitFor();
    await screenshot(page, SHOTS, '11-test-run');
    h.ws.mail.outbox().splice(0);
    h.call('handoffFlushOutbox', [], { kind: 'time-trigger' });
    const mails = h.ws.mail.outbox().filter((m) => m.subject.includes('TEST-000001'));
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((m) => String(m.to) === OWNER)).toBe(true);
    // All requests marks it TEST; Admin > Test runs clears it (after asking).
    await page.getByRole('tab', { name: 'All requests' }).click();
    await page.getByRole('list', { name: 'Requests' }).locator('li.card', { hasText: 'TEST-000001' }).locator('.badge.test').waitFor();
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByText('Test runs', { exact: true }).click();
    await page.getByRole('button', { name: 'Clear all TEST requests' }).click();
    await page.getByRole('button', { name: 'Yes, clear them' }).click();
    await page.getByText('Cleared 1 TEST request.').waitFor();
    expect((h.sheet.values('Requests') as unknown[][]).slice(1).map((r) => r[0])).toEqual(['PR-000001']);
    await page.close();
  }, 90_000);

  it('an archived request opened by its id: fields and history read-only, the Archived mark, no actions (300 px)', async () => {
    const h = world();
    h.ws.sheets.get(h.spreadsheetId).share(OLGA, 'editor');
    h.call('handoffSetUp'); // the operator may edit the governed tabs
    h.call('handoffPanelAct', [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'reject', comment: 'Not now' } }], {
      as: MAX,
      runAs: OWNER,
    });
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA }); // stays open
    h.call('handoffSetRetention', [1]);
    h.ws.kernel.clock.advance(2 * 86_400_000);
    h.call('handoffTimerRun', [], { kind: 'time-trigger' });
    expect(h.sheet.values('Requests').map((r) => r[0])).not.toContain('PR-000001');
    // The operator's sidebar runs as Olga herself: she opens the archive with the viewer access it gave her.
    const page = await openSidebar(browser, h, OLGA, OLGA);
    await page.getByRole('tab', { name: 'My work' }).click();
    await page.getByLabel('Open a request by its id').fill('PR-000001');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { name: /PR-000001/ }).waitFor();
    const mark = page.getByTestId('archived-mark');
    await mark.waitFor();
    expect(await mark.textContent()).toBe('Archived');
    expect(await page.locator('.archived-note').textContent()).toContain('Handoff archive 2026');
    expect(await page.getByText('An archived request is read-only: nothing can be done on it.').count()).toBe(1);
    expect(await page.getByLabel('What do you want to do?').count()).toBe(0);
    expect(await page.locator('main button:not(.secondary)').count()).toBe(0);
    // Its fields and its history came with it.
    expect(await page.locator('main').textContent()).toContain('Laptop');
    expect(await page.locator('ol.timeline li').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('ol.timeline').textContent()).toContain('Not now');
    // At 300 px the mark keeps its own width and nothing runs off the page.
    const [w, text] = await mark.evaluate((el) => [el.getBoundingClientRect().width, el.scrollWidth]);
    expect(w).toBeLessThanOrEqual(text + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
    await screenshot(page, SHOTS, '13-archived-request');
    await page.close();
  }, 90_000);
});
