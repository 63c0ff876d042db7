/**
 * Healing in a real Chromium, on the seeded playground: POST /api/faults drops the timer as Google would; half an
 * hour later the operator's panel shows the banner naming who must act; the admin who installed the timer clicks
 * "Reinstall the timer" in his own banner, and the timer runs again.
 */
import { DEMO_OWNER } from '../../src/local/server/demo';
import { describeWithBrowser, playgroundSession, screenshot } from './support/browser';

const maybe = describeWithBrowser('test/e2e/heal.test.ts');
const OLIVIA = 'olivia@acme.test';

maybe('healing in Chromium', () => {
  jest.setTimeout(300_000);
  const session = playgroundSession();

  it('a dropped timer: the banner at the next panel open, and the installer repairs it with one click', async () => {
    const { pg } = session;
    const drop = await pg.post('/api/faults', { drop: 'timer' });
    expect(drop.status).toBe(200);
    expect(drop.json.dropped).toEqual([expect.objectContaining({ handler: 'handoffTimerRun', owner: DEMO_OWNER })]);
    const idle = await pg.post('/api/clock', { ms: '30m' });
    expect(idle.json.runs.filter((r: { handler: string }) => r.handler === 'handoffTimerRun')).toEqual([]);

    const ops = await session.panel(OLIVIA);
    const banner = ops.locator('#banners .banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`Ask ${DEMO_OWNER} (who installed it) or a Handoff admin`);
    expect(await banner.getByRole('button').count()).toBe(0);
    await screenshot(ops, 'heal', '01-operator-banner');

    const admin = await session.panel(DEMO_OWNER);
    const repair = admin.locator('#banners').getByRole('button', { name: 'Reinstall the timer' });
    await repair.waitFor();
    await screenshot(admin, 'heal', '02-admin-banner');
    await repair.click();
    await admin.locator('#banners .status.ok', { hasText: 'Reinstalled the timer' }).waitFor();
    expect(await admin.locator('#banners .banner').count()).toBe(0);
    await screenshot(admin, 'heal', '03-repaired');

    const later = await pg.post('/api/clock', { ms: '10m' });
    expect(later.json.runs.map((r: { handler: string }) => r.handler)).toContain('handoffTimerRun');
    const audit = (await pg.rows('Audit')).filter((r) => /health_incident/.test(Object.values(r).join(' ')));
    expect(audit).toHaveLength(2); // opened at the operator's panel, ended by the repair

    // Admin > Health: the timer runs again, and the incident is listed with how it ended.
    await admin.getByRole('tab', { name: 'Admin' }).click();
    await admin.getByText('Health', { exact: true }).click();
    const timer = admin.locator('[data-health="timer"]');
    await timer.waitFor();
    expect(await timer.textContent()).toMatch(/Timer OK.*installed by ada@acme\.test \(in your triggers\)/);
    await admin.getByText(`Ended`, { exact: true }).waitFor();
    expect(await admin.locator('li.card').last().textContent()).toContain(`reinstalled by ${DEMO_OWNER}`);
    await screenshot(admin, 'heal', '04-admin-health');
  });
});
