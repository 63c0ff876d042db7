/**
 * Google's REST error shape (every Google API): HTTP status plus `{ error: { code, message, status } }`, with
 * `errors[]` for the older reasons. The googleapis client reads `code`, `message` and `status` from the body.
 */
import type * as http from 'node:http';

export const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const REASONS: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'forbidden',
  404: 'notFound',
  429: 'rateLimitExceeded',
  500: 'backendError',
};

/** A REST call refused with Google's status and message. */
export class GoogleApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GoogleApiError';
  }
}

export const MISSING_CREDENTIALS =
  'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
export const INVALID_CREDENTIALS =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
export const NOT_FOUND = 'Requested entity was not found.';
export const NO_PERMISSION = 'The caller does not have permission';

export function errorBody(status: number, message: string): { error: Record<string, unknown> } {
  return {
    error: {
      code: status,
      message,
      errors: [{ message, domain: 'global', reason: REASONS[status] ?? 'badRequest' }],
      status: STATUS_NAMES[status] ?? 'UNKNOWN',
    },
  };
}

export function sendGoogleJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export function sendGoogleError(res: http.ServerResponse, status: number, message: string): void {
  // Google answers a 401 with a Bearer challenge.
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' } : {};
  sendGoogleJson(res, status, errorBody(status, message), headers);
}
