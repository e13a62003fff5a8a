import { sql } from 'kysely';
import type { Expression } from 'kysely';
import { scimError } from '../../scim/errors.js';
import type { SchemaRegistry } from '../../scim/schema/index.js';
import type { ResourceTypeName } from '../../scim/schema/types.js';
import { URN } from '../../scim/urns.js';
import type { SqlDialectHooks } from './dialect-hooks.js';

const attributeName = /^[A-Za-z][A-Za-z0-9_$-]*$/;
const schemaUrn = /^urn:[A-Za-z0-9._-]+(?::[A-Za-z0-9._-]+)+$/i;

function coreSchemaOf(resourceType: ResourceTypeName): string {
  return resourceType === 'User' ? URN.user : URN.group;
}

interface SortPath {
  readonly schema: string | undefined;
  readonly names: string[];
}

/** Splits `[URN ":"] attr["." sub]` into its schema and names. */
function splitSortBy(sortBy: string): SortPath {
  let schema: string | undefined;
  let rest = sortBy;
  if (/^urn:/i.test(sortBy)) {
    const dot = sortBy.indexOf('.', sortBy.lastIndexOf(':'));
    const head = dot === -1 ? sortBy : sortBy.slice(0, dot);
    const colon = head.lastIndexOf(':');
    schema = sortBy.slice(0, colon);
    rest = sortBy.slice(colon + 1);
    if (!schemaUrn.test(schema))
      throw scimError.invalidValue(`sortBy "${sortBy}" is not an attribute path`);
  }
  const names = rest.split('.');
  if (names.length > 2 || !names.every((name) => attributeName.test(name))) {
    throw scimError.invalidValue(`sortBy "${sortBy}" is not an attribute path`);
  }
  return { schema, names };
}

/** Document keys of the sort attribute: canonical names when the schema knows it, else as written. */
function documentPath(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  { schema, names }: SortPath,
): string[] {
  const [attribute = '', subAttribute] = names;
  const resolved = registry.resolveAttribute(resourceType, {
    attribute,
    ...(schema === undefined ? {} : { schema }),
    ...(subAttribute === undefined ? {} : { subAttribute }),
  });
  if (resolved) {
    const canonical = [
      resolved.attribute.name,
      ...(resolved.subAttribute ? [resolved.subAttribute.name] : []),
    ];
    return resolved.isExtension ? [resolved.schema, ...canonical] : canonical;
  }
  if (schema === undefined || schema.toLowerCase() === coreSchemaOf(resourceType).toLowerCase())
    return names;
  return [schema, ...names];
}

/**
 * The ORDER BY expression for a `sortBy` attribute path, RFC 7644 §3.4.2.3: hot attributes sort
 * on their indexed columns, anything else on the JSON value in the document.
 */
export function resolveSort(
  hooks: SqlDialectHooks,
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  sortBy: string,
): Expression<unknown> {
  const path = documentPath(registry, resourceType, splitSortBy(sortBy));
  const key = path.join('.').toLowerCase();
  const nameAttribute = resourceType === 'User' ? 'username' : 'displayname';
  if (key === nameAttribute) return sql.ref('resources.name_key');
  if (key === 'id') return sql.ref('resources.id');
  if (key === 'externalid') return sql.ref('resources.external_id');
  if (key === 'meta.created') return sql.ref('resources.created');
  if (key === 'meta.lastmodified') return sql.ref('resources.last_modified');
  return hooks.jsonSortValue(sql.ref('resources.document'), path);
}
