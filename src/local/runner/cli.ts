/**
 * handoff-local: runs any Apps Script project folder on the local Workspace.
 *
 *   npx handoff-local run <project folder> --fn NAME [--args JSON] [--as EMAIL] [--trigger SPEC]... [--state DIR]
 *                         [--fresh] [--bound spreadsheet|form|none] [--owner EMAIL] [--max-runtime DURATION]
 *
 * Triggers, fired in the order given before --fn: open, edit:A1=value, submit:{"Question":"answer"}, clock:2h
 * (time-driven triggers due on the way run), get:query, post:body (the web app). The state (spreadsheets, forms,
 * properties, triggers, mail, clock) is kept in the state folder between runs.
 */
import { parseDuration, type RunnerOptions, runProject } from './run';

const USAGE = `usage: handoff-local run <project folder> [--fn NAME] [--args JSON] [--as EMAIL] [--trigger SPEC]...
                         [--state DIR] [--fresh] [--bound spreadsheet|form|none] [--owner EMAIL] [--max-runtime 6m]
triggers: open | edit:A1=value | submit:{"Question":"answer"} | clock:2h | get:query | post:body`;

export function parseArgs(argv: string[]): RunnerOptions {
  if (argv[0] !== 'run' || !argv[1] || argv[1].startsWith('--')) throw new Error(USAGE);
  const opts: RunnerOptions = { folder: argv[1], triggers: [] };
  for (let i = 2; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--fn':
        opts.fn = value();
        break;
      case '--args': {
        const v = JSON.parse(value()) as unknown;
        opts.args = Array.isArray(v) ? v : [v];
        break;
      }
      case '--as':
        opts.as = value();
        break;
      case '--owner':
        opts.owner = value();
        break;
      case '--trigger':
        opts.triggers!.push(value());
        break;
      case '--state':
        opts.state = value();
        break;
      case '--fresh':
        opts.fresh = true;
        break;
      case '--bound': {
        const b = value();
        if (b !== 'spreadsheet' && b !== 'form' && b !== 'none') throw new Error(`--bound takes spreadsheet, form or none, not "${b}"`);
        opts.bound = b;
        break;
      }
      case '--max-runtime':
        opts.maxRuntimeMs = parseDuration(value());
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (!opts.fn && !opts.triggers!.length) throw new Error(`nothing to run: give --fn NAME or --trigger SPEC\n${USAGE}`);
  return opts;
}

export function main(argv: string[]): number {
  let opts: RunnerOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  try {
    const r = runProject(opts);
    process.stdout.write(`${r.output}\n`);
    return r.ok ? 0 : 1;
  } catch (e) {
    process.stderr.write(`handoff-local: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
