#!/usr/bin/env node
// The `handoff-local` runner. src/local/runner is built by `npm run build` into .build/handoff-local.cjs (Node only; never part of dist/Code.js).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const built = join(__dirname, '..', '.build', 'handoff-local.cjs');
if (!existsSync(built)) {
  process.stderr.write('handoff-local is not built yet: run `npm run build` in the Handoff folder first.\n');
  process.exit(2);
}
process.exitCode = require(built).main(process.argv.slice(2));
