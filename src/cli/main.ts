/**
 * `handoff`: workflows as code. Pulls the published workflows into files, validates and diffs them offline,
 * publishes them through the add-on (Apps Script API scripts.run), exports the Requests and Audit tabs
 * (Sheets API), and verifies the audit chain. See docs/cli.md. Exit codes: exit-codes.ts.
 */
import { parseArgs } from 'node:util';
import { explain } from './api-errors';
import { login, logout, schema } from './commands/account';
import { exportTab } from './commands/export';
import { validate } from './commands/validate';
import { verify } from './commands/verify';
import { diff, publish, pull } from './commands/workflows';
import type { Ctx, Io, Options } from './context';
import { CliError, EXIT, type ExitCode } from './exit-codes';

export const USAGE = `handoff: Handoff workflows as code (docs/cli.md)

Usage: handoff <command> [options] [files]

Commands:
  login                 sign in (OAuth for installed apps); --adc for Application Default Credentials
  logout                forget the saved sign-in for this endpoint
  pull                  write each published workflow to workflows/<id>.json (with its JSON schema)
  validate [files]      check workflow files offline; every problem with file, line and path
  diff [files]          what publishing would change in each workflow (states, steps, fields, routing ...)
  publish [files]       publish the files as new versions, through the add-on, as you (admins only)
  export --tab Requests|Audit --format csv|jsonl [--archives] [--out FILE]
                        the tab's rows, paged through the Sheets API; --archives adds every yearly archive's
  verify [FILE]         check the audit hash chain offline (an export file, or the Audit tab and every archive's)
                        and name the first bad row
  schema                print the workflow JSON schema

Options:
  --spreadsheet ID      the governed spreadsheet (HANDOFF_SPREADSHEET_ID)
  --script ID           the script's API executable deployment ID (HANDOFF_SCRIPT_ID)
  --endpoint URL        call this root URL instead of Google's, e.g. a playground (HANDOFF_GOOGLE_ENDPOINT)
  --token TOKEN         an OAuth access token to use as is, for CI (HANDOFF_TOKEN)
  --dir DIR             the workflows folder for pull (default workflows)
  --client FILE         login: the Desktop OAuth client JSON of the script's Cloud project
  --no-browser          login: print the sign-in URL instead of opening a browser
  --update-forms        publish: add the questions a linked form lacks for the version's required fields

Exit codes: 0 ok, 1 problems found, 2 usage, 3 not signed in (401), 4 not allowed or refused (403),
  5 not found (404), 6 rate limited (429), 7 unreachable or server error, 8 the add-on's function failed.`;

type Command = (c: Ctx) => Promise<ExitCode>;

const COMMANDS: Record<string, Command> = {
  login,
  logout,
  pull,
  validate,
  diff,
  publish,
  export: exportTab,
  verify,
  schema,
};

export interface RunEnv {
  cwd: string;
  env: NodeJS.ProcessEnv;
  io: Io;
  open: (url: string) => void;
}

export async function run(argv: readonly string[], where: RunEnv): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    where.io.out(USAGE);
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    where.io.err(`Unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')} (handoff help).`);
    return EXIT.USAGE;
  }
  let opts: Options;
  let args: string[];
  try {
    const parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        spreadsheet: { type: 'string' },
        script: { type: 'string' },
        endpoint: { type: 'string' },
        token: { type: 'string' },
        dir: { type: 'string' },
        tab: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        archives: { type: 'boolean' },
        client: { type: 'string' },
        adc: { type: 'boolean' },
        'no-browser': { type: 'boolean' },
        'update-forms': { type: 'boolean' },
      },
    });
    opts = parsed.values as Options;
    args = parsed.positionals;
  } catch (e) {
    where.io.err(`${e instanceof Error ? e.message : String(e)} (handoff help lists the options).`);
    return EXIT.USAGE;
  }
  try {
    return await command({ opts, args, cwd: where.cwd, env: where.env, io: where.io, open: where.open });
  } catch (e) {
    const err = e instanceof CliError ? e : explain(e, `running handoff ${name}`);
    where.io.err(err.message);
    return err.exitCode;
  }
}
