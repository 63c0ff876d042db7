/**
 * The Apps Script API v1's `scripts.run` (POST /v1/scripts/{scriptId}:run) on the playground's loaded project.
 * It runs a top-level function of dist/Code.js as the token's user (active and effective user both: the
 * execution API runs as the caller), as one execution. The answers have the API's shapes:
 *   - done:      200 { done: true, response: { '@type': …ExecutionResponse, result } }
 *   - it threw:  200 { done: true, error: { code: 3, message: 'ScriptError', details: [ …ExecutionError ] } }
 *   - refused:   404 when the id is not this project's or the manifest has no `executionApi` (not deployed as an API
 *                executable), 403 when the manifest's executionApi.access does not admit the caller.
 */
import type { Playground } from '../playground';
import { GoogleApiError, NO_PERMISSION, NOT_FOUND } from './google-error';

export const EXECUTION_RESPONSE = 'type.googleapis.com/google.apps.script.v1.ExecutionResponse';
export const EXECUTION_ERROR = 'type.googleapis.com/google.apps.script.v1.ExecutionError';

export type ExecutionAccess = 'MYSELF' | 'DOMAIN' | 'ANYONE' | 'ANYONE_ANONYMOUS';

export interface Operation {
  done: true;
  response?: { '@type': string; result?: unknown };
  error?: {
    code: number;
    message: string;
    details: Array<{ '@type': string; errorMessage: string; errorType: string; scriptStackTraceElements?: Array<{ function: string }> }>;
  };
}

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** Whether executionApi.access lets `caller` run the owner's script. */
export function admits(access: ExecutionAccess, owner: string, caller: string): boolean {
  if (access === 'ANYONE' || access === 'ANYONE_ANONYMOUS') return true;
  if (access === 'DOMAIN') return domainOf(owner) === domainOf(caller);
  return owner.toLowerCase() === caller.toLowerCase();
}

function scriptError(message: string, type: string, fn?: string): Operation {
  return {
    done: true,
    error: {
      code: 3,
      message: 'ScriptError',
      details: [
        {
          '@type': EXECUTION_ERROR,
          errorMessage: message,
          errorType: type,
          ...(fn ? { scriptStackTraceElements: [{ function: fn }] } : {}),
        },
      ],
    },
  };
}

export interface RunTarget {
  scriptId: string;
  /** The manifest's executionApi.access; null when the manifest has no executionApi (not an API executable). */
  access: ExecutionAccess | null;
  owner: string;
}

export async function runScript(
  p: Playground,
  target: RunTarget,
  scriptId: string,
  caller: string,
  body: Record<string, unknown>,
): Promise<Operation> {
  if (scriptId !== target.scriptId || target.access === null) throw new GoogleApiError(404, NOT_FOUND);
  if (!admits(target.access, target.owner, caller)) throw new GoogleApiError(403, NO_PERMISSION);
  const fn = body.function;
  if (typeof fn !== 'string' || fn === '')
    throw new GoogleApiError(400, 'Invalid JSON payload: "function" is required (the name of a top-level function).');
  const params = body.parameters ?? [];
  if (!Array.isArray(params)) throw new GoogleApiError(400, "Invalid value at 'parameters': expected a list of values.");
  // Private functions (a trailing underscore) cannot be run from outside, as with google.script.run.
  if (!/^[A-Za-z_$][\w$]*$/.test(fn) || fn.endsWith('_') || !p.script.hasFunction(fn))
    return scriptError(`Script function not found: ${fn}`, 'ScriptError');
  let result: unknown;
  try {
    result = await p.execute(fn, params, caller, 'script-run');
  } catch (e) {
    return scriptError(e instanceof Error ? e.message : String(e), e instanceof Error ? e.name : 'Error', fn);
  } finally {
    p.changed();
  }
  // Results cross as JSON (a Date becomes its ISO string); undefined leaves `result` out.
  const json = result === undefined ? undefined : (JSON.parse(JSON.stringify(result)) as unknown);
  return { done: true, response: { '@type': EXECUTION_RESPONSE, ...(json === undefined ? {} : { result: json }) } };
}
