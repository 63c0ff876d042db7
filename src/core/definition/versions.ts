/** Publishing: a valid definition becomes an immutable, numbered version with a content hash. */
import type { Problem } from '../model/json';
import type { Request } from '../model/request';
import { validateDefinition, type ValidateOptions } from './validate';
import type { PublishedVersion } from './version';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/**
 * Publish `json` as the next version after `previous` (the workflow's published versions, any order).
 * Publishing content identical to the latest version returns that version unchanged.
 */
export function publishVersion(
  json: unknown,
  previous: readonly PublishedVersion[],
  meta: { publishedAt: number; publishedBy: string },
  opts: ValidateOptions = {},
): { ok: true; version: PublishedVersion; unchanged: boolean } | { ok: false; problems: Problem[] } {
  const v = validateDefinition(json, opts);
  if (!v.ok) return v;
  const same = previous.filter((p) => p.workflowId === v.definition.id);
  const latest = same.reduce<PublishedVersion | null>((a, b) => (!a || b.version > a.version ? b : a), null);
  if (latest && latest.hash === v.hash) return { ok: true, version: latest, unchanged: true };
  const version: PublishedVersion = deepFreeze({
    workflowId: v.definition.id,
    version: (latest?.version ?? 0) + 1,
    hash: v.hash,
    publishedAt: meta.publishedAt,
    publishedBy: meta.publishedBy,
    definition: v.definition,
  });
  return { ok: true, version, unchanged: false };
}

/** The version a request is pinned to, or undefined (hash checked, so an edited version is not used). */
export function versionFor(
  request: Pick<Request, 'workflowId' | 'version' | 'versionHash'>,
  versions: readonly PublishedVersion[],
): PublishedVersion | undefined {
  return versions.find((v) => v.workflowId === request.workflowId && v.version === request.version && v.hash === request.versionHash);
}
