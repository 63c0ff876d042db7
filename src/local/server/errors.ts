/** The playground's errors: a client's mistake (4xx), a failing server function, refused form answers. */
/** A client error: the HTTP layer answers 4xx with this message. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'BadRequest';
  }
}

/** Thrown when a server function fails (the script threw): a 500 for the API, the failure handler for the shim. */
export class ScriptError extends Error {
  constructor(
    message: string,
    readonly errorName = 'Error',
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

/** Google Forms refused the answers: each problem, as the form shows it. */
export class FormRefused extends BadRequest {
  constructor(
    message: string,
    readonly errors: Array<{ itemId: number; title: string; message: string }>,
  ) {
    super(message, 422);
  }
}
