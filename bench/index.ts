/**
 * `npm run bench`: every performance target of the project, printed as tables (never asserted in tests).
 * Each module measures one part and returns its tables; Sheet costs come from the local Workspace's meter and
 * its cost model (src/local/kernel/cost-model.ts), so estimates are order-of-magnitude, with the model named.
 */
import { formatTable, type BenchTable } from './report';
import * as engine from './engine';
import * as intake from './intake';
import * as panel from './panel';
import * as runtime from './runtime';
import * as timers from './timers';

const suites: Array<[string, { run(): Promise<BenchTable[]> }]> = [
  ['engine', engine],
  ['runtime', runtime],
  ['timers', timers],
  ['intake', intake],
  ['panel', panel],
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
