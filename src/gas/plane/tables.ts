/**
 * The governed tabs as the plane sees them: a detached Table (headers from the schema, no Sheet) so that the
 * stores' record builders and parsers (requestToRecord, recordToRequest, Table.record/row) work on snapshot rows.
 */
import { MissingTabError } from '../errors';
import { Table, type TabSpec } from '../sheet/table';
import type { PlaneSchema } from './schema';

export function tableOf(schema: PlaneSchema, spec: TabSpec): Table {
  const t = schema.tabs[spec.name];
  if (!t) throw new MissingTabError(spec.name);
  return Table.detached(spec, t.headers);
}
