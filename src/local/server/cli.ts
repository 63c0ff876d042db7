/**
 * `npm start`: builds (package.json), then runs this file bundled as .build/playground.cjs. Serves all of
 * Handoff on the local Workspace at http://localhost:8080 — see docs/playground.md.
 */
import { resolve } from 'node:path';
import { createPlaygroundServer, listen } from './http';
import { parseOptions, UsageError, USAGE } from './options';
import { Playground } from './playground';

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  // .build/playground.cjs lives one folder below the project root.
  const root = resolve(__dirname, '..');
  const log = (line: string) => console.log(`[playground] ${line}`);
  const started = Date.now();
  const p = await Playground.open({
    distDir: resolve(root, 'dist'),
    dataDir: opts.dataDir === null ? null : resolve(process.cwd(), opts.dataDir),
    reset: opts.reset,
    seed: opts.seed,
    sidebarRunsAs: opts.sidebarRunsAs,
    workers: opts.workers,
    log,
  });
  const server = createPlaygroundServer(p, { host: opts.host, log });
  let url: string;
  try {
    ({ url } = await listen(server, opts.port, opts.host));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${opts.port} is in use: start with --port N (or PORT=N), or --port 0 for any free port.`
        : `Cannot listen on ${opts.host}:${opts.port}: ${(e as Error).message}`,
    );
    process.exit(1);
  }
  log(
    `ready in ${Date.now() - started} ms: ${url}${opts.dataDir ? ` (state saved in ${opts.dataDir}/)` : ' (nothing is saved: --no-data)'}`,
  );
  if (opts.host !== '127.0.0.1' && opts.host !== 'localhost' && opts.host !== '::1')
    log(`warning: listening on ${opts.host}: anyone who can reach it can act as anyone in the playground`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: saving and stopping`);
    p.save();
    void p.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
