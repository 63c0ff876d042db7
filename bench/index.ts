/**
 * `npm run bench`: every performance target of the project, printed as tables (never asserted in tests).
 *   engine      the pure core (src/core), in Node;
 *   operations  each operation through the entry points of dist/Code.js, cold and warm, at N = 100, 10,000, 30,000;
 *   panel       the sidebar's server functions through dist/Code.js, then `readable`;
 *   readable    the metrics view and an archived request's lookups (panel and status page) at N = 100, 10,000, 30,000;
 *   playground  the playground server (npm start) with 500 open requests over 60 simulated days: clock time, memory;
 *   archives    cells per request, an archive run, and 1,000 requests a day for 1, 2 and 5 years.
 *   email       script-sent emails and Chat posts per request, the purchase-approval scenario through dist/Code.js.
 * Apps Script costs come from the local Workspace's meter and cost model version 3 (src/local/kernel/cost-model.ts),
 * so estimates are order-of-magnitude, with the model named. `npm run bench -- operations` runs one suite.
 */
import { formatTable, type BenchTable } from './report';
import * as archives from './archives';
import * as email from './email';
import * as engine from './engine';
import * as operations from './operations';
import * as panel from './panel';
import * as playground from './playground';
import { runReadable } from './readable';

const suites: Array<[string, { run(): Promise<BenchTable[]> }]> = [
  ['engine', engine],
  ['operations', operations],
  ['panel', panel],
  ['readable', { run: async () => runReadable() }],
  ['playground', playground],
  ['archives', archives],
  ['email', email],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  console.log(`Handoff bench — node ${process.version}, ${new Date().toISOString()}`);
  for (const [name, suite] of suites) {
    if (only.length && !only.includes(name)) continue;
    const started = Date.now();
    const tables = await suite.run();
    for (const t of tables) console.log(formatTable(t));
    console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
