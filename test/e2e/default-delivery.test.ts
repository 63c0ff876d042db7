/**
 * Admin > Settings in a real Chromium, on the seeded playground: the admin makes "each one at once" the default
 * delivery; People and roles, already drawn, names the new default at once; the server keeps it and audits it.
 * (What each person then receives is test/unit/gas/notify/default-delivery.test.ts's business.)
 */
import { DEMO_OWNER } from '../../src/local/server/demo';
import { describeWithBrowser, playgroundSession, screenshot } from './support/browser';

const maybe = describeWithBrowser('test/e2e/default-delivery.test.ts');

maybe('the default delivery in Chromium', () => {
  jest.setTimeout(300_000);
  const session = playgroundSession();

  it('the admin sets "each one at once" as the default; the people editor names it, and the server keeps it', async () => {
    const { pg } = session;
    const admin = await session.panel(DEMO_OWNER);
    await admin.getByRole('tab', { name: 'Admin' }).click();
    await admin.getByText('Settings', { exact: true }).click();
    const select = admin.getByLabel('People without a choice get approvals, assignments and reminders as');
    await select.waitFor();
    expect(await select.inputValue()).toBe('digest');
    await select.selectOption('immediate');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.locator('.status.ok', { hasText: 'Settings saved.' }).waitFor();
    await screenshot(admin, 'default-delivery', '01-settings');

    await admin.getByText('People and roles', { exact: true }).click();
    await admin.locator('option', { hasText: 'Default (each one at once)' }).waitFor({ state: 'attached' });
    const saved = await pg.post('/api/run', { fn: 'handoffPanelSettings', args: [{}], as: DEMO_OWNER });
    expect(saved.json.result.settings.defaultDelivery).toBe('immediate');
    const audit = (await pg.rows('Audit')).filter((r) => Object.values(r).join(' ').includes('"defaultDelivery":"immediate"'));
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });
});
