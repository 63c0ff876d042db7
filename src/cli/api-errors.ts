/**
 * Turns what the googleapis client throws into one sentence that says what to do, with the exit code
 * (docs/cli.md). HTTP errors are duck-typed on `response.status` (gaxios' GaxiosError; `instanceof` is not
 * reliable when two gaxios copies are installed).
 */
import { CliError, EXIT } from './exit-codes';

interface HttpLike {
  message?: string;
  code?: unknown;
  status?: number;
  response?: { status?: number; data?: unknown };
}

function googleMessage(e: HttpLike): string {
  const data = e.response?.data as { error?: { message?: unknown } | string; error_description?: unknown } | undefined;
  if (data && typeof data.error === 'object' && typeof data.error?.message === 'string') return data.error.message;
  if (data && typeof data.error_description === 'string') return data.error_description;
  return (e.message ?? '').split('\n')[0] ?? '';
}

/** `what` names the call, e.g. "reading the Audit tab" or "running handoffPanelPublishWorkflow". */
export function explain(e: unknown, what: string, hints: { spreadsheet?: boolean; script?: boolean } = {}): CliError {
  if (e instanceof CliError) return e;
  const h = (e ?? {}) as HttpLike;
  const status = h.response?.status ?? (typeof h.status === 'number' ? h.status : undefined);
  const said = googleMessage(h);
  const detail = said ? ` Google said: "${said}"` : '';
  if (status === 401)
    return new CliError(
      `Your sign-in was not accepted while ${what} (401): run \`handoff login\` again (with --endpoint for a playground), or pass a fresh --token.${detail}`,
      EXIT.AUTH,
    );
  if (status === 403)
    return new CliError(
      `You are signed in but not allowed to do this while ${what} (403): ${
        hints.script
          ? "the script must be deployed as an API executable that admits you, the Apps Script API turned on for your account (https://script.google.com/home/usersettings), and your OAuth client must belong to the script's Cloud project (docs/deploy.md)."
          : "ask the spreadsheet's owner to share it with you, and check that the Sheets API is enabled in the Cloud project of your OAuth client."
      }${detail}`,
      EXIT.FORBIDDEN,
    );
  if (status === 404)
    return new CliError(
      `Not found while ${what} (404): check ${
        hints.script ? '--script (the API executable deployment ID, or HANDOFF_SCRIPT_ID)' : '--spreadsheet (or HANDOFF_SPREADSHEET_ID)'
      } and that it is shared with you.${detail}`,
      EXIT.NOT_FOUND,
    );
  if (status === 429)
    return new CliError(
      `Google's quota refused more requests while ${what} (429): wait a minute and run the command again (the Sheets API allows 60 reads a minute per user).${detail}`,
      EXIT.RATE_LIMITED,
    );
  if (status !== undefined && status >= 500)
    return new CliError(`Google failed while ${what} (${status}): try again in a few minutes.${detail}`, EXIT.UNAVAILABLE);
  if (status !== undefined) return new CliError(`The request was refused while ${what} (${status}).${detail}`, EXIT.USAGE);
  if (typeof h.code === 'string' && /^E[A-Z]+/.test(h.code))
    return new CliError(
      `Cannot reach the server while ${what} (${h.code}): check your network, or --endpoint / HANDOFF_GOOGLE_ENDPOINT if you use a playground (is it running?).`,
      EXIT.UNAVAILABLE,
    );
  return new CliError(`Failed while ${what}: ${e instanceof Error ? e.message : String(e)}`, EXIT.UNAVAILABLE);
}
