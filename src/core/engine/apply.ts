import type { ApplyContext, ApplyResult } from './types';

/** Apply one action to a request. Pure. */
export function apply(ctx: ApplyContext): ApplyResult {
  void ctx;
  throw new Error('not implemented yet');
}
