/**
 * google.script.run as promises, typed from the server's own exports: the names, arguments and results come from
 * the signatures of src/main.ts (a type-only import; tsconfig.ui.json sees them as declarations, never the server's
 * code or Apps Script's globals). A renamed server function or a changed argument is a compile error here.
 * Arguments and results are plain JSON (a Date cannot cross). The server refuses with a clear message; that
 * message is what the page shows.
 */
import type * as Main from '../../main';

type Exports = typeof Main;
/** The panel's server functions: the google.script.run targets the pages call. */
export type PanelFunctionName = {
  [K in keyof Exports]: K extends `handoffPanel${string}` ? (Exports[K] extends (...a: never[]) => unknown ? K : never) : never;
}[keyof Exports];
type Fn<K extends PanelFunctionName> = Extract<Exports[K], (...a: never[]) => unknown>;
/** What `fn` takes (its one argument, when it has one). */
export type ArgsOf<K extends PanelFunctionName> = Parameters<Fn<K>>;
/** What `fn` answers. */
export type ResultOf<K extends PanelFunctionName> = ReturnType<Fn<K>>;

interface Runner {
  withSuccessHandler(f: (v: unknown) => void): Runner;
  withFailureHandler(f: (e: { message?: string } | string) => void): Runner;
  [fn: string]: unknown;
}
declare const google: { script: { run: Runner } } | undefined;

export class ServerError extends Error {}

export function run<K extends PanelFunctionName>(fn: K, ...args: ArgsOf<K>): Promise<ResultOf<K>> {
  return new Promise<ResultOf<K>>((resolve, reject) => {
    if (typeof google === 'undefined' || !google.script?.run) {
      reject(new ServerError('This page must be opened from the Handoff menu in Google Sheets (google.script.run is not available).'));
      return;
    }
    const runner = google.script.run
      .withSuccessHandler((v) => resolve(v as ResultOf<K>))
      .withFailureHandler((e) => reject(new ServerError(typeof e === 'string' ? e : e?.message || 'The server did not answer.')));
    const target = runner[fn];
    if (typeof target !== 'function') {
      reject(new ServerError(`The server has no function ${fn}.`));
      return;
    }
    (target as (a: unknown) => void).call(runner, args[0] ?? {});
  });
}
