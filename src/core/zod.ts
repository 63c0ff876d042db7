/**
 * The zod of everything bundled into dist/Code.js (src/core, src/gas): those files import this module as `z`,
 * never a zod entry point of their own (test/unit/architecture.test.ts).
 *
 * It is zod/mini, zod's functional API (`z.optional(x)`, `x.check(z.minLength(1))`): the same parser as the classic
 * `zod`, without the classic method-chaining layer and its JSON-schema generator, which were about 70 KB of the bundle
 * that Apps Script parses at every execution start. Classic `zod` stays for Node tools only (src/cli: `z.toJSONSchema`
 * reads these schemas too).
 *
 * zod/mini loads no locale of its own, so without this module every default message would read "Invalid input". The
 * definition validator and the panel's refusals quote zod's English messages ("Too small: expected string to have
 * >=1 characters"), so the English locale is set here, once, before any schema parses; classic zod sets the same one.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
