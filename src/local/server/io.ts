/** The playground server's HTTP plumbing: responses, bounded request bodies, parsing, the "You are" cookie. */
import type * as http from 'node:http';
import { BadRequest } from './errors';

/** Request bodies larger than this are refused with 413 (forms and API calls are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const COOKIE = 'handoff_as';

export type Req = http.IncomingMessage;
export type Res = http.ServerResponse;

export class HttpError extends BadRequest {}

export function sendJson(res: Res, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

export function sendHtml(res: Res, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(html);
}

export function readBody(req: Req, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(`Request body too large: ${declared} bytes (the limit is ${limit})`, 413));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(`Request body too large: more than ${limit} bytes`, 413));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

export function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new HttpError('The request body is empty: send a JSON object');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HttpError(`Malformed JSON in the request body: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError('The request body must be a JSON object');
  return v as Record<string, unknown>;
}

export function parseForm(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(text)) {
    const list = out.get(k) ?? [];
    list.push(v);
    out.set(k, list);
  }
  return out;
}

export function cookieAs(req: Req): string | null {
  const raw = req.headers.cookie ?? '';
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}
