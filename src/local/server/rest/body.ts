/** Request bodies for the REST routes: JSON (Google's APIs) or form-encoded (OAuth, the pages), size-limited. */
import type * as http from 'node:http';
import { GoogleApiError } from './google-error';

export function readText(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new GoogleApiError(413, `The request body is larger than ${limit} bytes.`));
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
        reject(new GoogleApiError(413, `The request body is larger than ${limit} bytes.`));
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

/** A JSON object body; an empty body is {} (as Google accepts for bodiless POSTs such as values.clear). */
export async function readJsonObject(req: http.IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const text = await readText(req, limit);
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new GoogleApiError(400, `Invalid JSON payload received. ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new GoogleApiError(400, 'Invalid JSON payload received. Expected an object.');
  return v as Record<string, unknown>;
}

export async function readForm(req: http.IncomingMessage, limit: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(await readText(req, limit))) if (!out.has(k)) out.set(k, v);
  return out;
}
