/** What a route handler gets: the playground, the request and response, and the helpers every group shares. */
import type { Playground } from '../playground';
import type { shell } from '../views/shell';
import type { Req, Res } from '../io';

export type PageTab = Parameters<typeof shell>[0]['active'];

export interface RouteContext {
  p: Playground;
  req: Req;
  res: Res;
  method: string;
  url: URL;
  /** The most bytes a request body may have. */
  limit: number;
  /** The person a page is for: ?as= (remembered in a cookie), else the cookie, else an admin. */
  pageAs(url?: URL): string;
  /** Sends a page of the playground's shell, for the person pageAs() picks. */
  page(active: PageTab, title: string, body: (as: string) => string, script?: string, status?: number): void;
  /** Requests that change something must come from the playground's own pages (or a tool that sends no Origin). */
  checkOrigin(): void;
}

/** JSON API handlers by "METHOD /api/path": each returns the JSON it answers with. Feature modules export theirs. */
export type ApiHandler = (
  c: RouteContext,
  body: Record<string, unknown>,
  q: (k: string) => string | undefined,
) => unknown | Promise<unknown>;
export type ApiHandlers = Record<string, ApiHandler>;

/** One group of routes: it claims a path (and then answers or refuses it) or leaves it to the next group. */
export interface RouteGroup {
  name: string;
  claims(path: string, method: string): boolean;
  handle(c: RouteContext): Promise<void> | void;
}
