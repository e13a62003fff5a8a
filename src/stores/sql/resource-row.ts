import type { Selectable } from 'kysely';
import type { ResourceRecord } from '../../provisioning/ports.js';
import type { ResourceTypeName } from '../../scim/schema/types.js';
import type { SqlDialectHooks } from './dialect-hooks.js';
import type { ResourcesTable } from './tables.js';

/** The columns a ResourceRecord is read back from. */
export const resourceColumns = [
  'resources.resource_type',
  'resources.id',
  'resources.external_id',
  'resources.name',
  'resources.created',
  'resources.last_modified',
  'resources.version',
  'resources.document',
] as const;

type ResourceRow = Pick<
  Selectable<ResourcesTable>,
  | 'resource_type'
  | 'id'
  | 'external_id'
  | 'name'
  | 'created'
  | 'last_modified'
  | 'version'
  | 'document'
>;

/** Maps a `resources` row back to the record the port speaks. */
export function toResourceRecord(hooks: SqlDialectHooks, row: ResourceRow): ResourceRecord {
  return {
    resourceType: row.resource_type as ResourceTypeName,
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    created: row.created,
    lastModified: row.last_modified,
    version: row.version,
    attributes: hooks.decodeDocument(row.document),
  };
}
