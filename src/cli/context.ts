/** What every command gets: the options, where it runs, and where it writes (stdout for results, stderr for the rest). */
import { authClient } from './auth';
import { credentialsFile } from './credentials';
import { CliError, EXIT } from './exit-codes';
import { type Clients, createClients } from './google';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Raw text on stderr (the progress bar's redraws). */
  raw(text: string): void;
  /** Whether stderr is a terminal (the progress bar redraws in place only then). */
  tty: boolean;
}

export interface Options {
  spreadsheet?: string | undefined;
  script?: string | undefined;
  endpoint?: string | undefined;
  token?: string | undefined;
  dir?: string | undefined;
  tab?: string | undefined;
  format?: string | undefined;
  out?: string | undefined;
  archives?: boolean | undefined;
  client?: string | undefined;
  adc?: boolean | undefined;
  'no-browser'?: boolean | undefined;
  json?: boolean | undefined;
  'update-forms'?: boolean | undefined;
}

export interface Ctx {
  opts: Options;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  io: Io;
  /** Opens a URL for the person (a browser); tests answer the sign-in page here. */
  open: (url: string) => void;
}

export function endpointOf(c: Ctx): string | null {
  return c.opts.endpoint ?? c.env.HANDOFF_GOOGLE_ENDPOINT ?? null;
}

export function spreadsheetId(c: Ctx): string {
  const id = c.opts.spreadsheet ?? c.env.HANDOFF_SPREADSHEET_ID;
  if (!id) throw new CliError('Name the spreadsheet: --spreadsheet ID (or set HANDOFF_SPREADSHEET_ID).', EXIT.USAGE);
  return id;
}

export function scriptId(c: Ctx): string {
  const id = c.opts.script ?? c.env.HANDOFF_SCRIPT_ID;
  if (!id) throw new CliError('Name the script: --script ID, the API executable deployment ID (or set HANDOFF_SCRIPT_ID).', EXIT.USAGE);
  return id;
}

export async function clients(c: Ctx): Promise<Clients> {
  const endpoint = endpointOf(c);
  let auth: Awaited<ReturnType<typeof authClient>>;
  try {
    auth = await authClient({ token: c.opts.token ?? c.env.HANDOFF_TOKEN ?? null, endpoint, credentialsFile: credentialsFile(c.env) });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(String(e), EXIT.AUTH);
  }
  try {
    return createClients(auth, endpoint);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT.USAGE);
  }
}
