/**
 * google.script.run as promises. Arguments and results are plain JSON (a Date cannot cross).
 * The server refuses with a clear message; that message is what the page shows.
 */
interface Runner {
  withSuccessHandler(f: (v: unknown) => void): Runner;
  withFailureHandler(f: (e: { message?: string } | string) => void): Runner;
  [fn: string]: unknown;
}
declare const google: { script: { run: Runner } } | undefined;

export class ServerError extends Error {}

export function run<T>(fn: string, args: unknown = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (typeof google === 'undefined' || !google.script?.run) {
      reject(new ServerError('This page must be opened from the Handoff menu in Google Sheets (google.script.run is not available).'));
      return;
    }
    const runner = google.script.run
      .withSuccessHandler((v) => resolve(v as T))
      .withFailureHandler((e) => reject(new ServerError(typeof e === 'string' ? e : e?.message || 'The server did not answer.')));
    const target = runner[fn];
    if (typeof target !== 'function') {
      reject(new ServerError(`The server has no function ${fn}.`));
      return;
    }
    (target as (a: unknown) => void).call(runner, args);
  });
}
