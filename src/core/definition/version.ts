import type { Definition } from './schema';

/** A published, immutable version of a workflow. Requests are pinned to one. */
export interface PublishedVersion {
  workflowId: string;
  /** 1, 2, 3... per workflow. */
  version: number;
  /** SHA-256 (hex) of the canonical JSON of the definition. */
  hash: string;
  publishedAt: number;
  publishedBy: string;
  definition: Definition;
}
