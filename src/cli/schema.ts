/**
 * The JSON Schema of a workflow file, generated from core's zod definition (DefinitionSchema), so editors
 * complete and check the files `handoff pull` writes. Core's validator stays the judge: the schema cannot say
 * everything it checks (references between states, fields and steps, time zones).
 */
import { z } from 'zod';
import { DefinitionSchema } from '../core';

/** The file name `handoff pull` writes next to the workflow files; each file's "$schema" points at it. */
export const SCHEMA_FILE = 'workflow.schema.json';

export function workflowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(DefinitionSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return {
    ...schema,
    title: 'Handoff workflow definition',
    description:
      'One Handoff workflow, as `handoff pull` writes it and `handoff publish` sends it. `handoff validate` runs the full check (references between states, fields and steps) offline.',
    // The files carry "$schema" so that editors find this file; it is not part of the definition.
    properties: { $schema: { type: 'string', description: 'Where editors find this schema.' }, ...properties },
  };
}
