import type { ApplyResult, CreateRequestInput } from './types';

/** Create a request in the start state (or in needs-info when intake has problems). */
export function createRequest(input: CreateRequestInput): ApplyResult {
  void input;
  throw new Error('not implemented yet');
}
