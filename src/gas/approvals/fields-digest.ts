/**
 * The fields a sidebar change carries to the web app travel beside its signed token, and the token holds their
 * digest: base64url(SHA-256(canonical JSON of the fields)). The web app recomputes it from what it received and
 * refuses a difference, so nobody can swap the values on the way. '' stands for "no fields".
 */
import * as z from '../../core/zod';
import { canonicalJson, type Fields } from '../../core';
import type { Services } from '../services';
import { constantTimeEqual, stripPadding } from './bytes';

/** The longest fields JSON the web app accepts beside a token (a request's Fields cell holds at most 50,000). */
export const MAX_FIELDS_CHARS = 50_000;

const FieldsShape = z.record(
  z.string().check(z.maxLength(64)),
  z.union([
    z.string().check(z.maxLength(50_000)),
    z.number(),
    z.boolean(),
    z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(200)),
    z.null(),
  ]),
);

export function fieldsDigest(s: Pick<Services, 'Utilities'>, fields: Fields | null | undefined): string {
  if (!fields || Object.keys(fields).length === 0) return '';
  const u = s.Utilities;
  return stripPadding(u.base64EncodeWebSafe(u.computeDigest(u.DigestAlgorithm.SHA_256, canonicalJson(fields), u.Charset.UTF_8)));
}

/** The fields as sent beside a token: canonical JSON text (or nothing). */
export function fieldsText(fields: Fields | null | undefined): string {
  return fields && Object.keys(fields).length > 0 ? canonicalJson(fields) : '';
}

/**
 * The fields sent beside a token, checked against the token's digest. Returns the fields ({} for none), or a
 * sentence saying why they are refused.
 */
export function openFields(
  s: Pick<Services, 'Utilities'>,
  text: unknown,
  digest: string,
): { ok: true; fields: Fields } | { ok: false; message: string } {
  const raw = typeof text === 'string' ? text : '';
  if (raw === '')
    return digest === ''
      ? { ok: true, fields: {} }
      : { ok: false, message: 'The values this change was signed for did not arrive. Nothing was changed.' };
  if (raw.length > MAX_FIELDS_CHARS) return { ok: false, message: 'The values sent are too large. Nothing was changed.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'The values sent could not be read. Nothing was changed.' };
  }
  const shaped = FieldsShape.safeParse(parsed);
  if (!shaped.success) return { ok: false, message: 'The values sent are not request fields. Nothing was changed.' };
  const fields = shaped.data as Fields;
  if (!constantTimeEqual(fieldsDigest(s, fields), digest))
    return { ok: false, message: 'The values sent are not the ones this change was signed for. Nothing was changed.' };
  return { ok: true, fields };
}
