/**
 * Property tests run on one fixed seed, so a run is the same alone or in the suite and a failure can be replayed.
 * HANDOFF_SEED=<integer> picks another seed (the failure message of fast-check prints the seed and path to replay).
 */
import fc from 'fast-check';

const FIXED_SEED = 20261207;
const fromEnv = Number(process.env.HANDOFF_SEED);
export const propertySeed = Number.isInteger(fromEnv) && process.env.HANDOFF_SEED !== '' ? fromEnv : FIXED_SEED;

fc.configureGlobal({ seed: propertySeed });
if (process.env.HANDOFF_SEED) process.stdout.write(`fast-check seed ${propertySeed} (HANDOFF_SEED)\n`);
