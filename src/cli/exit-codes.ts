/**
 * The exit codes of `handoff`, documented in docs/cli.md. Scripts and CI rely on them: keep them stable.
 */
export const EXIT = {
  /** Done; for validate and verify: no problem found. */
  OK: 0,
  /** Problems found: a workflow file is not valid (validate, publish), the audit chain is broken (verify). */
  PROBLEMS: 1,
  /** The command line is wrong: unknown command or option, a missing --spreadsheet or --script, no files. */
  USAGE: 2,
  /** Not signed in, or the sign-in was rejected (HTTP 401): run `handoff login`. */
  AUTH: 3,
  /** Signed in but not allowed (HTTP 403), or the add-on refused (not an admin). */
  FORBIDDEN: 4,
  /** The spreadsheet, script or tab does not exist, or is not shared with you (HTTP 404). */
  NOT_FOUND: 5,
  /** Google's quota said "too many requests" (HTTP 429): wait a minute and run it again. */
  RATE_LIMITED: 6,
  /** Google (or the playground) could not be reached, or failed (network error, HTTP 5xx). */
  UNAVAILABLE: 7,
  /** The add-on's function failed with an unexpected error (the Apps Script API's ScriptError). */
  SCRIPT_FAILED: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the command reports with one sentence and an exit code (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
