/**
 * Command line of the playground: `npm start -- [--port N] [--host H] [--data DIR] [--reset] [--no-seed]`.
 * PORT and HOST from the environment are used when the flags are absent.
 */
export interface ServerOptions {
  port: number;
  host: string;
  /** Where state is kept between runs (null: nothing is saved). */
  dataDir: string | null;
  /** Start fresh: the saved state is deleted first. */
  reset: boolean;
  /** Seed the demo on a fresh start. */
  seed: boolean;
  /** Whom sidebar calls run as: the person (as Apps Script does) or the owner. */
  sidebarRunsAs: 'person' | 'owner';
  /** Worker threads kept ready for executions. */
  workers: number;
  help: boolean;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.handoff-data';

export const USAGE = `Usage: npm start -- [options]

  --port N      port to listen on (default ${DEFAULT_PORT}, or $PORT; 0 picks a free port)
  --host H      address to listen on (default ${DEFAULT_HOST}: this machine only, or $HOST)
  --data DIR    folder the state is saved in (default ${DEFAULT_DATA_DIR}/)
  --no-data     keep nothing between runs
  --reset       delete the saved state and start fresh (the demo is seeded again)
  --no-seed     on a fresh start, do not seed the demo
  --sidebar-runs-as person|owner
                whom the sidebar's google.script.run calls run as (default person, as in Apps Script;
                owner lets operators who may not edit the protected tabs act from the panel)
  --workers N   worker threads kept ready for executions (default 2; more start when executions overlap)
  --help        this text`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'UsageError';
  }
}

function port(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(`${what} must be a port number from 0 to 65535, got ${JSON.stringify(value ?? '')}`);
  return Number(value);
}

export function parseOptions(argv: readonly string[], env: Record<string, string | undefined> = {}): ServerOptions {
  const o: ServerOptions = {
    port: env.PORT !== undefined && env.PORT !== '' ? port(env.PORT, 'PORT') : DEFAULT_PORT,
    host: env.HOST || DEFAULT_HOST,
    dataDir: DEFAULT_DATA_DIR,
    reset: false,
    seed: true,
    sidebarRunsAs: 'person',
    workers: 2,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
      case '-p':
        o.port = port(value(), flag);
        break;
      case '--host': {
        const h = value().trim();
        if (!h) throw new UsageError('--host needs an address');
        o.host = h;
        break;
      }
      case '--data': {
        const d = value().trim();
        if (!d) throw new UsageError('--data needs a folder');
        o.dataDir = d;
        break;
      }
      case '--no-data':
        o.dataDir = null;
        break;
      case '--reset':
        o.reset = true;
        break;
      case '--no-seed':
        o.seed = false;
        break;
      case '--sidebar-runs-as': {
        const v = value();
        if (v !== 'person' && v !== 'owner')
          throw new UsageError(`--sidebar-runs-as must be "person" or "owner", got ${JSON.stringify(v)}`);
        o.sidebarRunsAs = v;
        break;
      }
      case '--workers': {
        const v = value();
        if (!/^\d{1,2}$/.test(v) || Number(v) < 1 || Number(v) > 16)
          throw new UsageError(`--workers must be a number from 1 to 16, got ${JSON.stringify(v)}`);
        o.workers = Number(v);
        break;
      }
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new UsageError(`Unknown option ${JSON.stringify(raw)}`);
    }
  }
  return o;
}
