/** What a fetch takes, what the workspace records of it, and the tests' controls. */
import type { WebAppControls } from '../webapp';

export interface FetchParams {
  method?: string;
  payload?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
  useIntranet?: boolean;
}

export interface FetchRecord {
  at: number;
  /** The effective user of the execution that fetched. */
  user: string;
  method: string;
  url: string;
  /** The response code, or the error thrown (DNS error, quota). */
  status: number | null;
  error: string | null;
  /** Who the web app saw as the visitor (web app URL only). */
  visitor?: string;
}

export interface UrlFetchControls {
  /** Every fetch made, in order (tests: "the card posted once", "nothing left the machine"). */
  log(): readonly FetchRecord[];
  /** Fetches `user` may still make today (resets at midnight America/Los_Angeles). */
  remaining(user: string): number;
  /** Sets how many fetches `user` has made today (quota 0: setUsed(user, 100000)). */
  setUsed(user: string, used: number): void;
  limit(): number;
}

export interface UrlFetchDeps {
  webapp: WebAppControls;
  /** Google Chat's webhooks (src/local/services/chat): an answer for a Chat URL, null for any other. */
  chat?: (method: string, url: string, body: string) => { status: number; body: string } | null;
}
