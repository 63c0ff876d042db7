/** `handoff login`, `handoff logout`, `handoff schema`. */
import { credentialsFile, loginKey, readLogin, saveLogin } from '../credentials';
import { type Ctx, endpointOf } from '../context';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { login as runLogin } from '../login';
import { workflowJsonSchema } from '../schema';

export async function login(c: Ctx): Promise<ExitCode> {
  if (c.opts.token) throw new CliError('`--token` needs no login: pass it to each command (or set HANDOFF_TOKEN).', EXIT.USAGE);
  const r = await runLogin({
    endpoint: endpointOf(c),
    credentialsFile: credentialsFile(c.env),
    clientFile: c.opts.client,
    adc: c.opts.adc === true,
    env: c.env,
    open: c.opts['no-browser'] ? () => undefined : c.open,
    print: (line) => c.io.err(line),
  });
  c.io.out(`Signed in to ${r.key} with ${r.how}; saved in ${credentialsFile(c.env)}.`);
  return EXIT.OK;
}

export async function logout(c: Ctx): Promise<ExitCode> {
  const key = loginKey(endpointOf(c));
  const file = credentialsFile(c.env);
  if (!readLogin(file, key)) {
    c.io.out(`Not signed in to ${key}.`);
    return EXIT.OK;
  }
  saveLogin(file, key, null);
  c.io.out(`Signed out of ${key}.`);
  return EXIT.OK;
}

export async function schema(c: Ctx): Promise<ExitCode> {
  c.io.out(JSON.stringify(workflowJsonSchema(), null, 2));
  return EXIT.OK;
}
