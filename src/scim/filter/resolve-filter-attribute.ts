import { scimError } from '../errors.js';
import type { AttrPath } from '../path/index.js';
import type {
  AttributeDefinition,
  ResolvedAttribute,
  ResourceTypeName,
  SchemaRegistry,
} from '../schema/index.js';
import { URN } from '../urns.js';
import { printAttrPath } from './print-filter.js';

/**
 * How a filter uses a path: compared with a value (a complex attribute then stands for its `value`
 * sub-attribute), tested with `pr`, or narrowed with `[valFilter]` (only complex attributes).
 */
export type FilterPathUse = 'compare' | 'present' | 'valuePath';

/**
 * RFC 7643 §3 `schemas`: every resource has it, but no schema defines it, so filters
 * (`schemas eq "urn:...:enterprise:2.0:User"`, RFC 7644 §3.4.2.2) resolve it here. URNs are
 * case-insensitive.
 */
export const schemasAttribute: AttributeDefinition = Object.freeze({
  name: 'schemas',
  type: 'reference',
  multiValued: true,
  description: 'The schema URNs the resource uses.',
  required: true,
  caseExact: false,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'none',
  referenceTypes: Object.freeze(['uri']),
});

const coreSchema: Record<ResourceTypeName, string> = { User: URN.user, Group: URN.group };

function refuseSensitive(path: AttrPath, definition: AttributeDefinition): void {
  if (definition.returned === 'never' || definition.mutability === 'writeOnly') {
    throw scimError.sensitive(
      `at ${path.span.start}: "${printAttrPath(path)}" is write-only and cannot be filtered on; ` +
        'personal data must not travel in a URL, send queries in a POST /.search body (RFC 7644 §3.4.2.4, §7.5.2)',
    );
  }
}

function applyUse(
  resolved: ResolvedAttribute,
  path: AttrPath,
  use: FilterPathUse,
): ResolvedAttribute {
  const definition = resolved.subAttribute ?? resolved.attribute;
  refuseSensitive(path, definition);
  const name = printAttrPath(path);
  if (use === 'valuePath' && (definition.type !== 'complex' || resolved.subAttribute)) {
    throw scimError.invalidFilter(
      `at ${path.span.start}: "${name}" is not a complex attribute, so it takes no value filter "[...]"`,
    );
  }
  if (use !== 'compare' || definition.type !== 'complex') return resolved;
  // RFC 7644 §3.4.2.2: `emails co "example.com"` compares the `value` sub-attribute.
  const value = definition.subAttributes?.find((sub) => sub.name === 'value');
  if (!value || resolved.subAttribute) {
    throw scimError.invalidFilter(
      `at ${path.span.start}: "${name}" is complex: filter on one of its sub-attributes`,
    );
  }
  return { ...resolved, subAttribute: value, path: `${resolved.path}.${value.name}` };
}

/**
 * Resolves a filter attribute path against a resource type's schemas, RFC 7644 §3.4.2.2 and
 * §3.10 (case-insensitive names, optional URN prefix, `schemas` included). An unknown attribute
 * is scimError.invalidFilter naming it; a write-only one (`password`) is scimError.sensitive.
 */
export function resolveFilterAttribute(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  path: AttrPath,
  use: FilterPathUse,
): ResolvedAttribute {
  const isSchemas =
    path.schema === undefined &&
    path.subAttribute === undefined &&
    path.attribute.toLowerCase() === 'schemas';
  const resolved = isSchemas
    ? {
        schema: coreSchema[resourceType],
        isExtension: false,
        attribute: schemasAttribute,
        path: 'schemas',
      }
    : registry.resolveAttribute(resourceType, {
        attribute: path.attribute,
        ...(path.schema === undefined ? {} : { schema: path.schema }),
        ...(path.subAttribute === undefined ? {} : { subAttribute: path.subAttribute }),
      });
  if (!resolved) {
    throw scimError.invalidFilter(
      `at ${path.span.start}: unknown attribute "${printAttrPath(path)}" for resource type ${resourceType}`,
    );
  }
  return applyUse(resolved, path, use);
}

/**
 * Resolves a path inside `parent[valFilter]` (RFC 7644 §3.4.2.2 valuePath, §3.5.2 PATCH): it must
 * be a plain name of one of the complex `parent`'s sub-attributes; the result names that sub-attribute.
 */
export function resolveValueFilterAttribute(
  parent: ResolvedAttribute,
  path: AttrPath,
  use: FilterPathUse,
): ResolvedAttribute {
  const parentName = parent.path;
  if (parent.subAttribute || parent.attribute.type !== 'complex') {
    throw scimError.invalidFilter(
      `"${parentName}" is not a complex attribute, so it takes no value filter "[...]"`,
    );
  }
  const name = printAttrPath(path);
  if (use === 'valuePath') {
    throw scimError.invalidFilter(`at ${path.span.start}: value filters cannot be nested`);
  }
  if (path.schema !== undefined || path.subAttribute !== undefined) {
    throw scimError.invalidFilter(
      `at ${path.span.start}: "${name}" inside "${parentName}[...]" must be a plain sub-attribute name of "${parentName}"`,
    );
  }
  const lower = path.attribute.toLowerCase();
  const subAttribute = parent.attribute.subAttributes?.find(
    (sub) => sub.name.toLowerCase() === lower,
  );
  if (!subAttribute) {
    throw scimError.invalidFilter(
      `at ${path.span.start}: unknown sub-attribute "${name}" of "${parentName}"`,
    );
  }
  const resolved = {
    ...parent,
    subAttribute,
    path: `${parent.attribute.name}.${subAttribute.name}`,
  };
  return applyUse(resolved, path, use);
}
