/**
 * The add-on's own functions, run through the Apps Script API's scripts.run as the signed-in user: the same
 * server functions the sidebar calls (roles, the lock, versioning and the audit apply exactly as there).
 */
import type { script_v1 } from '@googleapis/script';
import { explain } from './api-errors';
import { CliError, EXIT } from './exit-codes';

export async function runFunction<T>(script: script_v1.Script, scriptId: string, fn: string, parameters: unknown[]): Promise<T> {
  let data: script_v1.Schema$Operation;
  try {
    data = (await script.scripts.run({ scriptId, requestBody: { function: fn, parameters, devMode: false } })).data;
  } catch (e) {
    throw explain(e, `running ${fn}`, { script: true });
  }
  if (data.error) {
    const detail = (data.error.details?.[0] ?? {}) as { errorMessage?: string; errorType?: string };
    const message = detail.errorMessage ?? data.error.message ?? 'unknown error';
    // The add-on's refusals (not an admin, the lock busy, a conflict) are its HandoffError; anything else is a failure.
    if (detail.errorType === 'HandoffError') throw new CliError(`The add-on refused: ${message}`, EXIT.FORBIDDEN);
    if (/^Script function not found/.test(message))
      throw new CliError(
        `${message}: the script behind --script is not a Handoff build with this function (deploy the current build).`,
        EXIT.NOT_FOUND,
      );
    throw new CliError(`${fn} failed in Apps Script: ${message}`, EXIT.SCRIPT_FAILED);
  }
  return (data.response as { result?: T } | undefined)?.result as T;
}
