/** What marks a test run's requests (TEST-000001) and whom their emails go to. No imports: the sender and metrics use it. */
import type { AppContext } from '../context';

/** The admin who started the latest test run: every TEST request's email goes to them. */
export const TEST_ADMIN_PROPERTY = 'HANDOFF_TEST_ADMIN';

export const isTestRequest = (requestId: string | null | undefined): boolean => /^TEST-/.test(requestId ?? '');

export function testAdmin(ctx: AppContext): string | null {
  return ctx.services.PropertiesService.getScriptProperties().getProperty(TEST_ADMIN_PROPERTY);
}
