/**
 * Errors of the Sheets API model, as the REST API reports them ({ error: { code, message, status } }) and as the
 * Apps Script advanced service throws them (GoogleJsonResponseException: API call to <method> failed with error: …).
 */

export type ErrorStatus = 'INVALID_ARGUMENT' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'RESOURCE_EXHAUSTED' | 'INTERNAL';

const HTTP: Record<ErrorStatus, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
};

const REASON: Record<ErrorStatus, string> = {
  INVALID_ARGUMENT: 'badRequest',
  UNAUTHENTICATED: 'required',
  PERMISSION_DENIED: 'forbidden',
  NOT_FOUND: 'notFound',
  RESOURCE_EXHAUSTED: 'rateLimitExceeded',
  INTERNAL: 'backendError',
};

/** A refusal of the API: HTTP code, canonical status and Google's message text. */
export class SheetsApiError extends Error {
  readonly code: number;
  constructor(
    readonly status: ErrorStatus,
    message: string,
  ) {
    super(message);
    this.name = 'SheetsApiError';
    this.code = HTTP[status];
  }

  /** The JSON body Google's front end sends with the HTTP status. */
  body(): {
    error: { code: number; message: string; status: ErrorStatus; errors: Array<{ message: string; domain: string; reason: string }> };
  } {
    return {
      error: {
        code: this.code,
        message: this.message,
        status: this.status,
        errors: [{ message: this.message, domain: 'global', reason: REASON[this.status] }],
      },
    };
  }
}

export const badRequest = (message: string): SheetsApiError => new SheetsApiError('INVALID_ARGUMENT', message);
export const NOT_FOUND_MESSAGE = 'Requested entity was not found.';
export const NO_PERMISSION_MESSAGE = 'The caller does not have permission';
export const PROTECTED_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';
export const CELL_LIMIT_MESSAGE = 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.';

/**
 * What the Apps Script advanced service throws for an API error: name GoogleJsonResponseException, message
 * `API call to <method> failed with error: <message>`, and `details` { code, message, errors }.
 */
export function googleJsonResponseException(method: string, e: SheetsApiError): Error {
  const err = new Error(`API call to ${method} failed with error: ${e.message}`) as Error & { details?: unknown };
  err.name = 'GoogleJsonResponseException';
  const body = e.body().error;
  err.details = { code: body.code, message: body.message, errors: body.errors };
  return err;
}
